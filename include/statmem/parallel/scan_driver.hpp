#pragma once
// Work plan over MPI ranks: each rank takes a contiguous block of tasks; rank 0 also
// gathers every finished task's result and reports progress.

#include <mpi.h>

#include <cstdint>
#include <vector>

#include "statmem/experiments/teacher_student.hpp"

namespace statmem {

/// First and one-past-last task of `rank`'s block: blocks differ in size by at most one.
std::pair<std::int64_t, std::int64_t> task_block(std::int64_t tasks, int rank, int ranks);

/// Run this rank's block of tasks. On rank 0 returns every task's result in task order;
/// on other ranks returns an empty vector. Results do not depend on the number of ranks
/// or threads, because every task draws only from its own random streams.
std::vector<TaskResult> run_distributed(const TeacherStudentConfig& config, const WorkPlan& plan,
                                        const IdxInput* idx, MPI_Comm comm);

}  // namespace statmem
