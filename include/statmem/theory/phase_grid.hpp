#pragma once
// Scan of a phase model over a two-axis grid, and the transition lines between cells.

#include <array>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "statmem/theory/phase_model.hpp"

namespace statmem::theory {

/// Axis of a phase grid: "alpha", "T" or "T_star" and its values.
struct GridAxis {
    std::string name;
    std::vector<double> values;
};

struct PhaseGrid {
    GridAxis x;
    GridAxis y;
    PhasePoint fixed;  ///< values of the parameters that neither axis scans
};

/// Returns `fixed` with the axis parameter `name` set to `value`.
PhasePoint with_parameter(PhasePoint fixed, const std::string& name, double value);

/// Points where a cell property changes, refined by bisection between neighbouring cells.
struct TransitionLine {
    std::string name;  ///< "appear:<branch>", "label:<A>|<B>" or "teacher_aligned"
    std::vector<std::array<double, 2>> points;  ///< (x, y) in axis units
};

struct GridResult {
    std::vector<CellResult> cells;  ///< row-major, index y * nx + x
    std::vector<TransitionLine> lines;
};

using ProgressCallback = std::function<void(std::size_t done, std::size_t total)>;

/// Solves every cell with `threads` OpenMP threads (0: OpenMP's default), then refines the
/// transitions between neighbouring cells along both axes to `relative_tolerance` of the
/// cell spacing. Cells are independent, so the result does not depend on the thread count.
GridResult scan_phase_grid(const PhaseModel& model, const PhaseGrid& grid, int threads,
                           double relative_tolerance, const ProgressCallback& progress);

/// State of a cell for one line kind; cells with state < 0 (not converged) are skipped.
using CellState = std::function<int(const CellResult&)>;

/// Bisects the parameter t in [lo, hi] (state(lo) != state(hi)) to `tolerance`, solving
/// the model at path(t). Stops early, at the current midpoint, when it meets a third
/// state (for example a cell that did not converge).
double find_transition(const PhaseModel& model, const std::function<PhasePoint(double)>& path,
                       double lo, double hi, const CellState& state, double tolerance);

/// State for "appear:<branch>": 1 when the branch exists, 0 when not, -1 when unknown.
CellState branch_exists_state(int kind);

/// State for label lines: the label code, or -1 for undetermined cells.
CellState label_state();

}  // namespace statmem::theory
