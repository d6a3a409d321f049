#include "statmem/io/output.hpp"

#include <unistd.h>

#include <csignal>
#include <cstring>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>

#include "statmem/core/error.hpp"
#include "statmem/version.hpp"

namespace statmem::io {

namespace fs = std::filesystem;

OutputTarget::OutputTarget(std::string path, bool force)
    : path_(std::move(path)),
      temporary_(path_ + ".tmp." + std::to_string(::getpid())),
      force_(force) {}

void OutputTarget::prepare() const {
    if (path_.empty()) {
        throw InputError("output path is empty; set output.path or pass --output FILE.h5");
    }
    std::error_code ec;
    if (fs::is_directory(path_, ec)) {
        throw InputError("output path '" + path_ + "' is a folder; pass a file name such as '" +
                         (fs::path(path_) / "result.h5").string() + "'");
    }
    if (fs::exists(path_, ec) && !force_) {
        throw InputError("output file '" + path_ +
                         "' already exists; choose another --output or pass --force to "
                         "replace it");
    }
    const fs::path folder =
        fs::path(path_).has_parent_path() ? fs::path(path_).parent_path() : fs::path(".");
    if (!fs::exists(folder, ec)) {
        throw InputError("output folder '" + folder.string() + "' of '" + path_ +
                         "' does not exist; create it or choose another --output");
    }
    if (!fs::is_directory(folder, ec)) {
        throw InputError("output folder '" + folder.string() + "' of '" + path_ +
                         "' is not a folder; choose another --output");
    }
    // Probe writability with the temporary name itself, then remove it.
    {
        std::ofstream probe(temporary_);
        if (!probe) {
            throw InputError("output folder '" + folder.string() + "' of '" + path_ +
                             "' is not writable; choose another --output or fix its "
                             "permissions");
        }
    }
    fs::remove(temporary_, ec);
}

void OutputTarget::commit() const {
    std::error_code ec;
    fs::rename(temporary_, path_, ec);
    if (ec) {
        throw Error("could not rename '" + temporary_ + "' to '" + path_ + "': " + ec.message() +
                    "; the complete result is in the temporary file");
    }
}

namespace {

// Path of the temporary file being written, for the signal handler. A fixed buffer and
// unlink() keep the handler async-signal-safe.
char g_temporary_path[4096];
volatile std::sig_atomic_t g_cleanup_armed = 0;

extern "C" void remove_temporary_and_die(int signal_number) {
    if (g_cleanup_armed != 0) {
        ::unlink(g_temporary_path);
    }
    ::signal(signal_number, SIG_DFL);
    ::raise(signal_number);
}

}  // namespace

void OutputTarget::arm_signal_cleanup() const {
    if (temporary_.size() >= sizeof g_temporary_path) {
        return;  // too long to keep; the file would stay behind on a kill, as before
    }
    std::memcpy(g_temporary_path, temporary_.c_str(), temporary_.size() + 1);
    g_cleanup_armed = 1;
    struct sigaction action {};
    action.sa_handler = remove_temporary_and_die;
    sigemptyset(&action.sa_mask);
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);
}

void OutputTarget::disarm_signal_cleanup() {
    g_cleanup_armed = 0;
    ::signal(SIGTERM, SIG_DFL);
    ::signal(SIGINT, SIG_DFL);
}

void OutputTarget::discard() const noexcept {
    std::error_code ec;
    fs::remove(temporary_, ec);
}

std::string utc_now() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm parts{};
    gmtime_r(&now, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return text;
}

void write_provenance(const h5::Group& root, const Provenance& provenance) {
    char host[256] = "unknown";
    ::gethostname(host, sizeof host - 1);

    root.set_attr("program", "statmem");
    root.set_attr("command", provenance.command);
    root.set_attr("version", kVersion);
    root.set_attr("git_commit", kGitCommit);
    root.set_attr("schema_version", static_cast<std::int64_t>(kSchemaVersion));
    root.set_attr("seed", provenance.seed);
    root.set_attr("ranks", static_cast<std::int64_t>(provenance.ranks));
    root.set_attr("threads", static_cast<std::int64_t>(provenance.threads));
    root.set_attr("host", std::string(host));
    root.set_attr("start_time", provenance.start_time);
    root.set_attr("end_time", utc_now());
    root.write_string("config", provenance.config_text);
}

}  // namespace statmem::io
