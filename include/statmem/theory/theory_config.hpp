#pragma once
// Validated settings of one `statmem theory` run, read from its TOML config.

#include <memory>
#include <string>
#include <vector>

#include "statmem/core/config.hpp"
#include "statmem/theory/fixed_point.hpp"
#include "statmem/theory/phase_grid.hpp"
#include "statmem/theory/phase_model.hpp"

namespace statmem::theory {

/// Config spellings of the regimes, in the order the help text lists them.
const std::vector<std::string>& regime_names();

struct TheoryConfig {
    std::string regime;           ///< one of regime_names()
    int p = 3;                    ///< student order (DAM regimes; 2 for hopfield)
    std::string form;             ///< "gardner" or "krotov"
    std::string load_convention;  ///< "alpha", "alpha_pairwise" or "alpha_rbm"
    PhaseGrid grid;               ///< axes and fixed parameters (phase-diagram regimes)
    std::vector<std::string> fixed_parameters;  ///< regime parameters not on an axis
    int patterns = 1;                           ///< P (rbm_critical_load)
    double correlation = 0.0;                   ///< c, when not an axis (rbm_critical_load)
    SolverSettings solver;
    double order_tolerance = 1e-6;
    double line_tolerance = 1e-3;  ///< line bisection tolerance, relative to the grid step
    int threads = 0;
    std::vector<std::string> monte_carlo_runs;  ///< `statmem run` file to compare with
    std::string output_path;
};

/// Reads every key, checks each value and their combinations, and rejects unknown keys.
/// Throws InputError naming the key, the value and the fix.
TheoryConfig read_theory_config(Config& config);

/// Builds the phase model of a phase-diagram regime (not rbm_critical_load).
std::unique_ptr<PhaseModel> make_phase_model(const TheoryConfig& settings);

}  // namespace statmem::theory
