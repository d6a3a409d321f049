#include "statmem/theory/thermodynamic_integration.hpp"

#include <array>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

namespace statmem::theory {
namespace {

// Integrals over [lo, hi] of the three Lagrange basis polynomials through x[0..2], by the
// 2-point Gauss-Legendre rule (exact for quadratics).
std::array<double, 3> quadratic_weights(const std::array<double, 3>& x, double lo, double hi) {
    const double half = 0.5 * (hi - lo);
    const double centre = 0.5 * (hi + lo);
    const double offset = half / std::sqrt(3.0);
    std::array<double, 3> w = {0.0, 0.0, 0.0};
    for (const double t : {centre - offset, centre + offset}) {
        for (int i = 0; i < 3; ++i) {
            double basis = 1.0;
            for (int j = 0; j < 3; ++j) {
                if (j != i) {
                    basis *= (t - x[j]) / (x[i] - x[j]);
                }
            }
            w[i] += half * basis;
        }
    }
    return w;
}

// Weights w_j with integral_0^beta_k e dbeta = sum_j w_j e_j.
std::vector<double> rule_weights(const std::vector<double>& beta, std::size_t k,
                                 IntegrationRule rule) {
    std::vector<double> w(beta.size(), 0.0);
    if (rule == IntegrationRule::trapezoid || k == 1) {
        for (std::size_t j = 0; j < k; ++j) {
            const double h = beta[j + 1] - beta[j];
            w[j] += 0.5 * h;
            w[j + 1] += 0.5 * h;
        }
        return w;
    }
    // Simpson on interval pairs; an odd last interval uses the parabola through the last
    // three rungs, integrated over that interval only.
    std::size_t j = 0;
    for (; j + 2 <= k; j += 2) {
        const auto pair =
            quadratic_weights({beta[j], beta[j + 1], beta[j + 2]}, beta[j], beta[j + 2]);
        for (int i = 0; i < 3; ++i) {
            w[j + i] += pair[i];
        }
    }
    if (j < k) {
        const auto last =
            quadratic_weights({beta[k - 2], beta[k - 1], beta[k]}, beta[k - 1], beta[k]);
        for (int i = 0; i < 3; ++i) {
            w[k - 2 + i] += last[i];
        }
    }
    return w;
}

}  // namespace

FreeEntropyCurve integrate_free_entropy(const std::vector<double>& beta,
                                        const std::vector<double>& energy,
                                        const std::vector<double>& energy_error,
                                        IntegrationRule rule) {
    const std::size_t n = beta.size();
    if (n < 2 || energy.size() != n || energy_error.size() != n) {
        throw std::invalid_argument(
            "integrate_free_entropy: need at least two rungs and one "
            "energy and error per rung");
    }
    if (beta[0] != 0.0) {
        throw std::invalid_argument(
            "integrate_free_entropy: the ladder starts at beta = " + std::to_string(beta[0]) +
            "; thermodynamic integration needs a rung at beta = 0 "
            "(T = inf)");
    }
    for (std::size_t j = 1; j < n; ++j) {
        if (!(beta[j] > beta[j - 1])) {
            throw std::invalid_argument(
                "integrate_free_entropy: beta must increase strictly "
                "along the ladder");
        }
    }

    FreeEntropyCurve curve;
    curve.beta = beta;
    curve.free_entropy.assign(n, std::numbers::ln2);
    curve.error.assign(n, 0.0);
    for (std::size_t k = 1; k < n; ++k) {
        const std::vector<double> w = rule_weights(beta, k, rule);
        double integral = 0.0;
        double variance = 0.0;
        for (std::size_t j = 0; j <= k; ++j) {
            integral += w[j] * energy[j];
            variance += w[j] * w[j] * energy_error[j] * energy_error[j];
        }
        curve.free_entropy[k] = std::numbers::ln2 - integral;
        curve.error[k] = std::sqrt(variance);
    }
    return curve;
}

}  // namespace statmem::theory
