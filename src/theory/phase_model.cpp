#include "statmem/theory/phase_model.hpp"

#include <algorithm>

namespace statmem::theory {

std::vector<std::string> cell_flag_names() {
    return {"not_converged", "teacher_aligned", "negative_entropy", "unstable_dropped"};
}

const Branch* find_branch(const CellResult& cell, int kind) {
    for (const Branch& b : cell.branches) {
        if (b.kind == kind) {
            return &b;
        }
    }
    return nullptr;
}

void add_branch(CellResult& cell, const Branch& branch) {
    auto same_kind = std::find_if(cell.branches.begin(), cell.branches.end(),
                                  [&](const Branch& b) { return b.kind == branch.kind; });
    if (same_kind == cell.branches.end()) {
        cell.branches.push_back(branch);
    } else if (branch.free_entropy > same_kind->free_entropy) {
        *same_kind = branch;
    }
    std::sort(cell.branches.begin(), cell.branches.end(),
              [](const Branch& a, const Branch& b) { return a.kind < b.kind; });
}

const Branch* global_branch(const CellResult& cell) {
    const Branch* global = nullptr;
    for (const Branch& b : cell.branches) {
        if (global == nullptr || b.free_entropy > global->free_entropy) {
            global = &b;
        }
    }
    return global;
}

void label_by_global_branch(CellResult& cell) {
    if ((cell.flags & kFlagNotConverged) || cell.branches.empty()) {
        cell.flags |= kFlagNotConverged;
        cell.label = kLabelUndetermined;
        return;
    }
    cell.label = global_branch(cell)->kind;
}

}  // namespace statmem::theory
