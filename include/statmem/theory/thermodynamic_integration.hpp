#pragma once
// Free entropy of a Monte Carlo run by thermodynamic integration over its temperature ladder.

#include <vector>

namespace statmem::theory {

enum class IntegrationRule {
    trapezoid,  ///< piecewise linear in beta; bias O(h^2) per unit length
    simpson,    ///< piecewise quadratic through rung triples (unequal spacing allowed)
};

struct FreeEntropyCurve {
    std::vector<double> beta;
    std::vector<double> free_entropy;  ///< Phi(beta_k) = ln Z(beta_k) / N
    std::vector<double> error;         ///< one standard error, propagated from the energies
};

/// Phi(beta_k) = ln 2 - integral_0^beta_k e(beta) dbeta, with e = <H> / N the mean energy per
/// spin at each rung, for a system of N Ising spins (Z(0) = 2^N). `beta` must start at 0 and
/// increase strictly. Errors are propagated as sqrt(sum_j w_j^2 err_j^2) with the rule's
/// weights w_j, which assumes independent rung estimates. Parallel-tempering rungs share
/// replicas, so this can understate the error when neighbouring rungs are correlated.
/// The rule's discretisation bias is not included. Throws std::invalid_argument on a
/// ladder that does not start at 0, is not increasing, or has fewer than two rungs.
FreeEntropyCurve integrate_free_entropy(const std::vector<double>& beta,
                                        const std::vector<double>& energy,
                                        const std::vector<double>& energy_error,
                                        IntegrationRule rule);

}  // namespace statmem::theory
