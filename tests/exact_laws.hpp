#pragma once
// Exact distributions that the statistical tests compare Monte Carlo output with.

#include <algorithm>
#include <cmath>
#include <vector>

#include "statmem/models/dam.hpp"

namespace statmem::testing {

/// Exact finite-N law P(k) ~ C(N, k) exp(-beta H(m_k)) of the single-pattern DAM, where k
/// counts the sites that agree with the pattern. H(m_k) = -N^(1-p) G(x_k), so
/// -beta H = G / (N^(p-1) T). Computed in log space, independently of the samplers.
inline std::vector<double> single_pattern_law(int n, int p, Form form, double temperature) {
    const DamPolynomial poly(n, p, form);
    std::vector<double> log_weight(n + 1);
    for (int k = 0; k <= n; ++k) {
        log_weight[k] =
            std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0) +
            static_cast<double>(poly.value(k)) / poly.energy_denominator() / temperature;
    }
    const double top = *std::max_element(log_weight.begin(), log_weight.end());
    std::vector<double> law(n + 1);
    double z = 0;
    for (int k = 0; k <= n; ++k) {
        law[k] = std::exp(log_weight[k] - top);
        z += law[k];
    }
    for (double& x : law) {
        x /= z;
    }
    return law;
}

}  // namespace statmem::testing
