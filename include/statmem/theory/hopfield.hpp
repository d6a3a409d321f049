#pragma once
// Amit-Gutfreund-Sompolinsky (AGS) replica-symmetric theory of the p = 2 Hopfield model.
//
// Textbook units: H_AGS = -(1/2N) sum_mu sum_{i != j} xi_i xi_j s_i s_j, load
// alpha_AGS = M / N, temperature T_AGS. statmem's p = 2 Hamiltonian -N sum_mu m_mu^2 is
// twice the textbook one, and its load alpha = 2! M / N, so T = 2 T_AGS and
// alpha = 2 alpha_AGS.

#include "statmem/theory/fixed_point.hpp"

namespace statmem::theory {

inline double ags_load_from_statmem(double alpha) {
    return 0.5 * alpha;
}
inline double ags_temperature_from_statmem(double temperature) {
    return 0.5 * temperature;
}

struct AgsSolution {
    double m = 0.0;  ///< Mattis overlap with the retrieved pattern
    double q = 0.0;  ///< Edwards-Anderson overlap
    double r = 0.0;  ///< noise from the other patterns, r = q / (1 - beta (1 - q))^2
    bool converged = false;
    bool valid = false;  ///< converged and beta (1 - q) < 1 (zero-temperature solver: = converged)
    int iterations = 0;
    double max_jacobian_eigenvalue = 0.0;
};

/// Solves m = E tanh beta(m + sqrt(alpha r) z), q = E tanh^2 beta(...),
/// r = q / (1 - beta (1 - q))^2 in textbook units from the start (m0, q0), iterating in
/// (m, q, C = beta (1 - q)) with adaptive damping. The result is `valid` when it converged with
/// beta (1 - q) < 1, the domain where r and the free energy are defined.
AgsSolution solve_ags(double alpha_ags, double temperature_ags, double m0, double q0,
                      const SolverSettings& settings);

/// AGS free energy per spin (textbook units, diagonal-free Hamiltonian):
/// f = alpha/2 + m^2/2 + (alpha / 2 beta) [ln(1 - beta(1-q)) - beta q / (1 - beta(1-q))]
///     + (alpha beta / 2) r (1 - q) - (1/beta) E ln 2 cosh beta(m + sqrt(alpha r) z).
double ags_free_energy(double alpha_ags, double temperature_ags, double m, double q, double r);

/// Free entropy per spin ln Z / N in statmem's units for the Gardner (diagonal-free) p = 2
/// Hamiltonian: -beta_AGS f. The Krotov form -N sum_mu m_mu^2 adds the constant
/// beta M / N = beta alpha / 2 (statmem's beta and alpha).
double ags_statmem_free_entropy(double alpha, double temperature, bool krotov_form,
                                const AgsSolution& solution);

/// Zero-temperature retrieval solution: m = erf(y), with y = m / sqrt(2 alpha r), from
/// m = erf(m / sqrt(2 alpha r)), C = sqrt(2 / (pi alpha r)) exp(-m^2 / (2 alpha r)),
/// r = 1 / (1 - C)^2, iterated from m = 1. Returns m = 0 when no retrieval state exists.
AgsSolution solve_ags_zero_temperature(double alpha_ags, const SolverSettings& settings);

/// Largest load with a zero-temperature retrieval state, alpha_AGS = 0.1379: eliminating
/// r gives sqrt(2 alpha) = erf(y) / y - (2 / sqrt(pi)) exp(-y^2), maximised over y.
double ags_zero_temperature_critical_load();

}  // namespace statmem::theory

#include "statmem/theory/phase_model.hpp"

namespace statmem::theory {

/// The AGS equations on a grid in statmem's units (alpha = 2 M / N, T = 2 T_AGS).
/// Branch kinds P, SG and eR (retrieval of one pattern); labels P, SG, eR by the largest
/// free entropy. Starts: retrieval (m = q = 1), glass (q = 1), paramagnet (0).
class HopfieldPhaseModel : public PhaseModel {
  public:
    enum Kind { kParamagnet = 0, kSpinGlass = 1, kRetrieval = 2 };

    HopfieldPhaseModel(bool krotov_form, SolverSettings settings, double order_tolerance);

    std::vector<std::string> branch_names() const override { return {"P", "SG", "eR"}; }
    std::vector<std::string> order_names() const override { return {"m", "q"}; }
    std::vector<std::string> label_names() const override { return {"P", "SG", "eR"}; }
    CellResult solve(const PhasePoint& point) const override;

  private:
    bool krotov_form_;
    SolverSettings settings_;
    double order_tolerance_;
};

}  // namespace statmem::theory
