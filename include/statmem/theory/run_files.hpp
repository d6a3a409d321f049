#pragma once
// Monte Carlo free entropies from `statmem run` files, set beside the RS branches.

#include <string>
#include <vector>

#include "statmem/io/hdf5.hpp"
#include "statmem/theory/phase_model.hpp"
#include "statmem/theory/theory_config.hpp"

namespace statmem::theory {

/// Disorder-averaged free entropy of one run by thermodynamic integration of each sample's
/// mean energy per spin over its ladder (Simpson rule; the ladder must reach T = inf).
struct RunComparisonInput {
    std::string path;
    std::size_t points = 0;
    std::size_t starts = 0;
    std::size_t rungs = 0;
    std::size_t samples = 0;
    std::vector<double> alpha;                ///< [point], in the diagram's load convention
    std::vector<double> teacher_temperature;  ///< [point]
    std::vector<int> physical_rung;           ///< [point]: the Nishimori rung, or -1 for all
    std::vector<double> beta;                 ///< [point][rung], ascending within a point
    std::vector<double> free_entropy;         ///< [point][start][rung], mean over samples
    std::vector<double> free_entropy_error;   ///< [point][start][rung], standard error
};

/// Opens each `monte_carlo.run` file and integrates its energies. Throws InputError when a
/// file is missing, is not a teacher-student run, or differs from the diagram in form,
/// order p, load convention or Nishimori setting, or when its ladder lacks T = inf.
std::vector<RunComparisonInput> read_run_inputs(const TheoryConfig& settings);

/// Writes /monte_carlo/run_<i>: the Monte Carlo free entropy per (point, start, rung) and
/// the RS free entropy of every branch and the RS label at each (point, rung).
void write_run_comparisons(const h5::Group& root, const PhaseModel& model,
                           const TheoryConfig& settings,
                           const std::vector<RunComparisonInput>& runs);

}  // namespace statmem::theory
