#include "stat_test.hpp"

#include <numeric>
#include <stdexcept>

namespace statmem::testing {
namespace {

double beta_continued_fraction(double a, double b, double x) {
    const double tiny = 1e-300;
    double c = 1.0;
    double d = 1.0 - (a + b) * x / (a + 1.0);
    d = std::abs(d) < tiny ? tiny : d;
    d = 1.0 / d;
    double h = d;
    for (int m = 1; m < 10000; ++m) {
        const double m2 = 2.0 * m;
        double aa = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));
        d = 1.0 + aa * d;
        d = std::abs(d) < tiny ? tiny : d;
        c = 1.0 + aa / c;
        c = std::abs(c) < tiny ? tiny : c;
        d = 1.0 / d;
        h *= d * c;
        aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0));
        d = 1.0 + aa * d;
        d = std::abs(d) < tiny ? tiny : d;
        c = 1.0 + aa / c;
        c = std::abs(c) < tiny ? tiny : c;
        d = 1.0 / d;
        const double delta = d * c;
        h *= delta;
        if (std::abs(delta - 1.0) < 1e-15) {
            return h;
        }
    }
    throw std::runtime_error("incomplete beta did not converge");
}

}  // namespace

double incomplete_beta(double a, double b, double x) {
    if (x <= 0.0) {
        return 0.0;
    }
    if (x >= 1.0) {
        return 1.0;
    }
    const double log_front =
        std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
    if (x < (a + 1.0) / (a + b + 2.0)) {
        return std::exp(log_front) * beta_continued_fraction(a, b, x) / a;
    }
    return 1.0 - std::exp(log_front) * beta_continued_fraction(b, a, 1.0 - x) / b;
}

double upper_incomplete_gamma(double a, double x) {
    if (x <= 0.0) {
        return 1.0;
    }
    const double log_front = -x + a * std::log(x) - std::lgamma(a);
    if (x < a + 1.0) {
        // Series for the lower function P, then Q = 1 - P.
        double term = 1.0 / a;
        double sum = term;
        for (int n = 1; n < 100000; ++n) {
            term *= x / (a + n);
            sum += term;
            if (std::abs(term) < std::abs(sum) * 1e-16) {
                break;
            }
        }
        return 1.0 - sum * std::exp(log_front);
    }
    // Continued fraction for Q (modified Lentz).
    const double tiny = 1e-300;
    double b = x + 1.0 - a;
    double c = 1.0 / tiny;
    double d = 1.0 / b;
    double h = d;
    for (int i = 1; i < 100000; ++i) {
        const double an = -i * (i - a);
        b += 2.0;
        d = an * d + b;
        d = std::abs(d) < tiny ? tiny : d;
        c = b + an / c;
        c = std::abs(c) < tiny ? tiny : c;
        d = 1.0 / d;
        const double delta = d * c;
        h *= delta;
        if (std::abs(delta - 1.0) < 1e-16) {
            break;
        }
    }
    return std::exp(log_front) * h;
}

double t_test_p_value(double t, double dof) {
    return incomplete_beta(dof / 2.0, 0.5, dof / (dof + t * t));
}

double chi_square_p_value(double chi2, double dof) {
    return upper_incomplete_gamma(dof / 2.0, chi2 / 2.0);
}

ChiSquare chi_square(const std::vector<double>& observed, const std::vector<double>& probability,
                     double min_expected) {
    const double total = std::accumulate(observed.begin(), observed.end(), 0.0);
    std::vector<double> pooled_observed;
    std::vector<double> pooled_expected;
    double o = 0.0;
    double e = 0.0;
    for (std::size_t j = 0; j < observed.size(); ++j) {
        o += observed[j];
        e += probability[j] * total;
        if (e >= min_expected) {
            pooled_observed.push_back(o);
            pooled_expected.push_back(e);
            o = 0.0;
            e = 0.0;
        }
    }
    if (!pooled_expected.empty()) {
        pooled_observed.back() += o;
        pooled_expected.back() += e;
    }
    ChiSquare result;
    for (std::size_t j = 0; j < pooled_expected.size(); ++j) {
        const double diff = pooled_observed[j] - pooled_expected[j];
        result.statistic += diff * diff / pooled_expected[j];
    }
    result.dof = static_cast<int>(pooled_expected.size()) - 1;
    result.p_value = result.dof > 0 ? chi_square_p_value(result.statistic, result.dof) : 1.0;
    return result;
}

}  // namespace statmem::testing
