#include "statmem/theory/phase_grid.hpp"

#include <omp.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <stdexcept>

namespace statmem::theory {
namespace {

// One kind of line: its state function and how to name a change between two states.
struct LineKind {
    CellState state;
    std::function<std::string(int, int)> name;
};

std::vector<LineKind> line_kinds(const PhaseModel& model) {
    std::vector<LineKind> kinds;
    const std::vector<std::string> branches = model.branch_names();
    for (int kind = 0; kind < static_cast<int>(branches.size()); ++kind) {
        kinds.push_back({branch_exists_state(kind),
                         [name = branches[kind]](int, int) { return "appear:" + name; }});
    }
    const std::vector<std::string> labels = model.label_names();
    // Teacher-aligned cells get state 100 + label, so their edge is a line of its own.
    const CellState labelled = [](const CellResult& cell) {
        if (cell.flags & kFlagTeacherAligned) {
            return 100 + cell.label;
        }
        return cell.label;
    };
    kinds.push_back({labelled, [labels](int a, int b) -> std::string {
                         if (a >= 100 || b >= 100) {
                             return "teacher_aligned";
                         }
                         const int lo = std::min(a, b);
                         const int hi = std::max(a, b);
                         return "label:" + labels[lo] + "|" + labels[hi];
                     }});
    return kinds;
}

}  // namespace

PhasePoint with_parameter(PhasePoint fixed, const std::string& name, double value) {
    if (name == "alpha") {
        fixed.alpha = value;
    } else if (name == "T") {
        fixed.temperature = value;
    } else if (name == "T_star") {
        fixed.teacher_temperature = value;
    } else {
        throw std::invalid_argument("with_parameter: unknown axis '" + name + "'");
    }
    return fixed;
}

CellState branch_exists_state(int kind) {
    return [kind](const CellResult& cell) {
        if (cell.flags & (kFlagNotConverged | kFlagTeacherAligned)) {
            return -1;
        }
        return find_branch(cell, kind) != nullptr ? 1 : 0;
    };
}

CellState label_state() {
    return [](const CellResult& cell) { return cell.label; };
}

namespace {

// Bisection with the states at both ends already known.
double bisect_transition(const PhaseModel& model, const std::function<PhasePoint(double)>& path,
                         double lo, double hi, int state_lo, int state_hi, const CellState& state,
                         double tolerance) {
    while (std::abs(hi - lo) > tolerance) {
        const double mid = 0.5 * (lo + hi);
        const int s = state(model.solve(path(mid)));
        if (s == state_lo) {
            lo = mid;
        } else if (s == state_hi) {
            hi = mid;
        } else {
            return mid;
        }
    }
    return 0.5 * (lo + hi);
}

}  // namespace

double find_transition(const PhaseModel& model, const std::function<PhasePoint(double)>& path,
                       double lo, double hi, const CellState& state, double tolerance) {
    const int state_lo = state(model.solve(path(lo)));
    const int state_hi = state(model.solve(path(hi)));
    if (state_lo == state_hi) {
        throw std::invalid_argument("find_transition: the state is the same at both ends");
    }
    return bisect_transition(model, path, lo, hi, state_lo, state_hi, state, tolerance);
}

GridResult scan_phase_grid(const PhaseModel& model, const PhaseGrid& grid, int threads,
                           double relative_tolerance, const ProgressCallback& progress) {
    const std::size_t nx = grid.x.values.size();
    const std::size_t ny = grid.y.values.size();
    const std::size_t total = nx * ny;
    if (threads > 0) {
        omp_set_num_threads(threads);
    }
    const auto point_at = [&](double x, double y) {
        return with_parameter(with_parameter(grid.fixed, grid.x.name, x), grid.y.name, y);
    };

    GridResult result;
    result.cells.resize(total);
    std::atomic<std::size_t> done{0};
    const std::size_t report_every = std::max<std::size_t>(1, total / 20);
#pragma omp parallel for schedule(dynamic, 8)
    for (std::size_t index = 0; index < total; ++index) {
        const std::size_t ix = index % nx;
        const std::size_t iy = index / nx;
        result.cells[index] = model.solve(point_at(grid.x.values[ix], grid.y.values[iy]));
        const std::size_t finished = ++done;
        if (progress && (finished % report_every == 0 || finished == total)) {
#pragma omp critical(statmem_theory_progress)
            progress(finished, total);
        }
    }

    // Lines: every neighbouring pair of cells whose state differs, first along x within
    // each row, then along y within each column. Each pair is refined independently.
    const std::vector<LineKind> kinds = line_kinds(model);
    struct Crossing {
        std::size_t kind;
        std::string name;
        std::array<double, 2> point;
    };
    const std::size_t lanes = ny + nx;
    std::vector<std::vector<Crossing>> per_lane(lanes);
#pragma omp parallel for schedule(dynamic, 1)
    for (std::size_t lane = 0; lane < lanes; ++lane) {
        const bool along_x = lane < ny;
        const std::size_t fixed_index = along_x ? lane : lane - ny;
        const std::vector<double>& moving = along_x ? grid.x.values : grid.y.values;
        const double fixed_value =
            along_x ? grid.y.values[fixed_index] : grid.x.values[fixed_index];
        const auto cell_at = [&](std::size_t i) -> const CellResult& {
            return along_x ? result.cells[fixed_index * nx + i]
                           : result.cells[i * nx + fixed_index];
        };
        const auto path = [&](double t) {
            return along_x ? point_at(t, fixed_value) : point_at(fixed_value, t);
        };
        for (std::size_t i = 0; i + 1 < moving.size(); ++i) {
            for (std::size_t k = 0; k < kinds.size(); ++k) {
                const int a = kinds[k].state(cell_at(i));
                const int b = kinds[k].state(cell_at(i + 1));
                if (a < 0 || b < 0 || a == b) {
                    continue;
                }
                const double tolerance = relative_tolerance * std::abs(moving[i + 1] - moving[i]);
                const double t = bisect_transition(model, path, moving[i], moving[i + 1], a, b,
                                                   kinds[k].state, tolerance);
                const std::array<double, 2> point =
                    along_x ? std::array{t, fixed_value} : std::array{fixed_value, t};
                per_lane[lane].push_back({k, kinds[k].name(a, b), point});
            }
        }
    }

    std::map<std::string, std::size_t> line_index;
    for (const auto& crossings : per_lane) {
        for (const Crossing& c : crossings) {
            auto [it, inserted] = line_index.emplace(c.name, result.lines.size());
            if (inserted) {
                result.lines.push_back({c.name, {}});
            }
            result.lines[it->second].points.push_back(c.point);
        }
    }
    return result;
}

}  // namespace statmem::theory
