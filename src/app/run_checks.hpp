#pragma once
// Checks of `statmem run` that need the plan, the machine or the file system, all made
// before any sampling starts.

#include <mpi.h>

#include <iosfwd>

#include "statmem/experiments/teacher_student.hpp"
#include "statmem/io/output.hpp"

namespace statmem {

/// Reject plans that cannot run: p > N, more IDX examples than the class has, or more
/// memory per rank than this node has available (only a warning on a dry run).
void check_run_resources(const TeacherStudentConfig& config, const WorkPlan& plan,
                         const IdxInput* idx, MPI_Comm comm, bool dry_run);

/// Rank 0 checks the output path (exists, writable) and every rank raises the same
/// InputError if it fails. A dry run skips the check for an existing file.
void prepare_output_collectively(const io::OutputTarget& target, MPI_Comm comm, bool dry_run);

/// Print tasks, examples per task, memory per rank and a calibrated time estimate.
void print_dry_run(std::ostream& out, const TeacherStudentConfig& config, const WorkPlan& plan,
                   MPI_Comm comm, int ranks_per_node);

/// Number of ranks of `comm` on this node (collective: every rank must call it).
int ranks_per_node(MPI_Comm comm);

}  // namespace statmem
