#pragma once
// Logging through spdlog. Rank 0 logs at info level; other ranks log only warnings and
// errors, each line tagged with its rank.

namespace statmem {

/// Configure the default spdlog logger for this MPI rank (call once, after MPI_Init).
void init_logging(int rank);

}  // namespace statmem
