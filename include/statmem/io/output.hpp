#pragma once
// Output files: checked before any work, written under a temporary name, renamed when
// complete, and stamped with provenance attributes.

#include <string>

#include "statmem/io/hdf5.hpp"

namespace statmem::io {

/// Target of a result file. `prepare` runs before any long work and throws InputError when
/// the file exists (unless `force`) or its folder is not writable. Nothing existing is
/// touched until `commit` renames the finished temporary file over the target.
class OutputTarget {
  public:
    OutputTarget(std::string path, bool force);

    void prepare() const;
    const std::string& path() const { return path_; }
    /// Temporary name in the same folder, so the final rename is atomic.
    const std::string& temporary_path() const { return temporary_; }
    void commit() const;
    /// Remove the temporary file after a failure; never touches the target.
    void discard() const noexcept;
    /// While writing: on SIGTERM or SIGINT remove the temporary file, then die of the
    /// signal as before. `disarm_signal_cleanup` restores the default handlers.
    void arm_signal_cleanup() const;
    static void disarm_signal_cleanup();

  private:
    std::string path_;
    std::string temporary_;
    bool force_;
};

/// Provenance written on the root group of every statmem output file.
struct Provenance {
    std::string command;      ///< "run", "theory", ...
    std::string config_text;  ///< resolved TOML, defaults included
    std::uint64_t seed = 0;
    int ranks = 1;
    int threads = 1;
    std::string start_time;  ///< ISO 8601, UTC
};

inline constexpr int kSchemaVersion = 1;

/// Write the provenance attributes and the `/config` dataset; stamps the end time now.
void write_provenance(const h5::Group& root, const Provenance& provenance);

/// Current UTC time as ISO 8601 text.
std::string utc_now();

}  // namespace statmem::io
