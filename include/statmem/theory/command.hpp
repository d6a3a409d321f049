#pragma once
// `statmem theory CONFIG`: replica-symmetric phase diagrams on a grid, written to HDF5.

#include <string>
#include <vector>

namespace statmem::theory {

/// Reads and validates the config (with `key=value` overrides), solves the RS equations on
/// its grid and writes one HDF5 file to `output_path` (or `output.path` from the config
/// when empty). All input errors throw statmem::InputError before any solving. The file is
/// written under a temporary name and renamed when complete, and an existing file is
/// replaced only with `force`. Returns the process exit code (0 on success).
int run_theory_command(const std::string& config_path,
                       const std::vector<std::string>& set_overrides,
                       const std::string& output_path, bool force);

}  // namespace statmem::theory
