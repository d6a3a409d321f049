#include "statmem/theory/ferromagnet.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

#include "statmem/theory/roots.hpp"

namespace statmem::theory {
namespace {

void require_order(int p) {
    if (p < 2) {
        throw std::invalid_argument("ferromagnet: interaction order p = " + std::to_string(p) +
                                    " is invalid; it must be at least 2");
    }
}

double binary_entropy(double m) {
    const double plus = 0.5 * (1.0 + m);
    const double minus = 0.5 * (1.0 - m);
    double s = 0.0;
    if (plus > 0.0) {
        s -= plus * std::log(plus);
    }
    if (minus > 0.0) {
        s -= minus * std::log(minus);
    }
    return s;
}

// Temperature at which m is a fixed point of m = tanh(beta p m^(p-1)).
double fixed_point_temperature(int p, double m) {
    return p * std::pow(m, p - 1) / std::atanh(m);
}

// Magnetisation on the ordered branch (m above the spinodal value) where the free entropy
// equals ln 2: the first-order transition point.
double ordered_branch_m_at_transition(int p) {
    const double m_spinodal = maximise_golden(
        [p](double m) { return fixed_point_temperature(p, m); }, 1e-6, 1.0 - 1e-12, 1e-14);
    const auto excess = [p](double m) {
        return ferromagnet_free_entropy(p, fixed_point_temperature(p, m), m) - std::numbers::ln2;
    };
    return find_root_bisection(excess, m_spinodal, 1.0 - 1e-15, 1e-15);
}

}  // namespace

double ferromagnet_free_entropy(int p, double temperature, double m) {
    return std::pow(m, p) / temperature + binary_entropy(m);
}

double ferromagnet_magnetisation(int p, double temperature) {
    require_order(p);
    const double beta = 1.0 / temperature;
    double m = 1.0;
    // The map is increasing in m, so iterates from 1 decrease monotonically to the largest
    // fixed point. Below 1e-8 (above the spinodal) they are heading to 0.
    for (int it = 0; it < 1000000; ++it) {
        const double next = std::tanh(beta * p * std::pow(m, p - 1));
        if (std::abs(next - m) < 1e-15 || next < 1e-8) {
            m = next;
            break;
        }
        m = next;
    }
    return m < 1e-8 ? 0.0 : m;
}

double ferromagnet_spinodal(int p) {
    require_order(p);
    if (p == 2) {
        return 2.0;
    }
    const double m_spinodal = maximise_golden(
        [p](double m) { return fixed_point_temperature(p, m); }, 1e-6, 1.0 - 1e-12, 1e-14);
    return fixed_point_temperature(p, m_spinodal);
}

double ferromagnet_critical_temperature(int p) {
    require_order(p);
    if (p == 2) {
        return 2.0;
    }
    return fixed_point_temperature(p, ordered_branch_m_at_transition(p));
}

double ferromagnet_critical_magnetisation(int p) {
    require_order(p);
    if (p == 2) {
        return 0.0;
    }
    return ordered_branch_m_at_transition(p);
}

}  // namespace statmem::theory
