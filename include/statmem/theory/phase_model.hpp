#pragma once
// Common interface of the replica-symmetric models that the phase-grid scan solves cell by
// cell: each model turns one parameter point into its stable branches and a phase label.

#include <cstdint>
#include <string>
#include <vector>

namespace statmem::theory {

/// Parameters a grid axis may scan: load alpha (in the model's own convention), student
/// temperature T and teacher temperature T*.
struct PhasePoint {
    double alpha = 0.0;
    double temperature = 1.0;
    double teacher_temperature = 1.0;
};

/// One stable fixed point of the saddle-point equations.
struct Branch {
    int kind = 0;               ///< index into PhaseModel::branch_names()
    std::vector<double> order;  ///< values in PhaseModel::order_names() order
    double free_entropy = 0.0;  ///< RS free entropy per spin, Phi = ln Z / N
    int iterations = 0;
    double max_jacobian_eigenvalue = 0.0;
};

/// Bits of CellResult::flags.
enum CellFlag : std::uint32_t {
    kFlagNotConverged = 1U << 0,     ///< a start hit max_iterations: label is undetermined
    kFlagTeacherAligned = 1U << 1,   ///< T* at or below the teacher's transition: labelled
                                     ///< example retrieval without solving
    kFlagNegativeEntropy = 1U << 2,  ///< global branch is the paramagnet with entropy < 0
    kFlagUnstableDropped = 1U << 3,  ///< a converged fixed point was discarded: a Jacobian
                                     ///< eigenvalue >= 1, or outside the equations' domain
};

/// Label code of a cell whose branches are incomplete (a start did not converge).
inline constexpr int kLabelUndetermined = -1;

struct CellResult {
    std::vector<Branch> branches;  ///< at most one per branch kind
    int label = kLabelUndetermined;
    std::uint32_t flags = 0;
};

class PhaseModel {
  public:
    virtual ~PhaseModel() = default;

    virtual std::vector<std::string> branch_names() const = 0;
    virtual std::vector<std::string> order_names() const = 0;
    virtual std::vector<std::string> label_names() const = 0;
    /// Solves every start at `point`, keeps the stable branches and labels the cell.
    virtual CellResult solve(const PhasePoint& point) const = 0;
};

/// Names of the CellFlag bits, lowest bit first.
std::vector<std::string> cell_flag_names();

/// Returns the branch of `kind`, or nullptr when the cell has none.
const Branch* find_branch(const CellResult& cell, int kind);

/// Adds `branch` to the cell, or replaces the branch of the same kind when the new one has
/// the larger free entropy (two starts may reach different fixed points of one kind).
/// Keeps the branches sorted by kind.
void add_branch(CellResult& cell, const Branch& branch);

/// Returns the branch with the largest free entropy, or nullptr when there is none.
const Branch* global_branch(const CellResult& cell);

/// Labels the cell with its global branch's kind, or flags it not converged and leaves it
/// undetermined when a start did not converge or no branch was found.
void label_by_global_branch(CellResult& cell);

}  // namespace statmem::theory
