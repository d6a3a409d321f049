#include "run_checks.hpp"

#include <omp.h>

#include <spdlog/spdlog.h>

#include <chrono>
#include <fstream>
#include <ostream>
#include <sstream>

#include "statmem/core/error.hpp"
#include "statmem/data/teacher.hpp"
#include "statmem/mc/dam_chain.hpp"
#include "statmem/parallel/scan_driver.hpp"

namespace statmem {
namespace {

/// MemAvailable from /proc/meminfo in bytes, or 0 when unknown.
std::uint64_t available_memory() {
    std::ifstream in("/proc/meminfo");
    std::string key;
    std::uint64_t value = 0;
    std::string unit;
    while (in >> key >> value >> unit) {
        if (key == "MemAvailable:") {
            return value * 1024;
        }
    }
    return 0;
}

int ranks_on_this_node(MPI_Comm comm) {
    MPI_Comm node;
    MPI_Comm_split_type(comm, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node);
    int size = 1;
    MPI_Comm_size(node, &size);
    MPI_Comm_free(&node);
    return size;
}

/// Format a size in MiB, or in GiB from 10 GiB on, with 3 significant digits.
std::string megabytes(std::uint64_t bytes) {
    const double mebibytes = static_cast<double>(bytes) / (1024.0 * 1024.0);
    std::ostringstream out;
    out.precision(3);
    if (mebibytes >= 10.0 * 1024.0) {
        out << mebibytes / 1024.0 << " GiB";
    } else {
        out << mebibytes << " MiB";
    }
    return out.str();
}

}  // namespace

void check_run_resources(const TeacherStudentConfig& config, const WorkPlan& plan,
                         const IdxInput* idx, MPI_Comm comm, bool dry_run) {
    std::uint64_t largest = 0;
    const ParameterPoint* largest_point = &plan.points.front();
    for (const auto& point : plan.points) {
        if (point.order > config.sites) {
            throw InputError("p = " + std::to_string(point.order) + " exceeds N = " +
                             std::to_string(config.sites) + "; a DAM of order p needs N >= p");
        }
        if (idx != nullptr &&
            point.examples > static_cast<std::int64_t>(idx->images.images.size())) {
            throw InputError("the load asks for M = " + std::to_string(point.examples) +
                             " examples but class " + std::to_string(config.label) + " of '" +
                             config.images_path + "' has only " +
                             std::to_string(idx->images.images.size()) + " images; lower scan." +
                             load_key_name(config.load_convention));
        }
        if (config.source == ExampleSource::kTeacher && config.paramagnetic_only) {
            // The sampler throws InputError when T* has no paramagnetic basin. Building it
            // here (O(N)) reports that before any task starts instead of in the middle.
            const DamPolynomial teacher_energy(config.sites, point.teacher_order,
                                               point.teacher_form);
            TeacherSampler(teacher_energy, point.teacher_temperature, true);
        }
        const std::uint64_t bytes = task_memory_bytes(config, point);
        if (bytes > largest) {
            largest = bytes;
            largest_point = &point;
        }
    }
    const std::uint64_t available = available_memory();
    const int sharing = ranks_on_this_node(comm);
    if (available > 0 && largest * sharing > available) {
        const std::string load_key = "scan." + load_key_name(config.load_convention);
        const std::string message =
            "the largest task (p = " + std::to_string(largest_point->order) +
            ", M = " + std::to_string(largest_point->examples) +
            " examples at N = " + std::to_string(config.sites) + ") needs " + megabytes(largest) +
            " per rank, and " + std::to_string(sharing) +
            " rank(s) on this node need more than the " + megabytes(available) +
            " it has available (MemAvailable in /proc/meminfo); lower " + load_key +
            " or model.N, run fewer ranks per node, or use fewer "
            "sampler.replicas, sampler.starts or scan.T rungs";
        if (!dry_run) {
            throw InputError(message);
        }
        // A dry run sizes jobs, often on a login node smaller than the compute nodes.
        int rank = 0;
        MPI_Comm_rank(comm, &rank);
        if (rank == 0) {
            spdlog::warn("{} (a real run on this node would stop here)", message);
        }
    }
}

void prepare_output_collectively(const io::OutputTarget& target, MPI_Comm comm, bool dry_run) {
    int rank = 0;
    MPI_Comm_rank(comm, &rank);
    std::string message;
    if (rank == 0) {
        try {
            if (dry_run) {
                // A dry run checks the folder but only warns about an existing file, so a
                // config can be validated next to the result it will replace.
                io::OutputTarget(target.path(), /*force=*/true).prepare();
                try {
                    // The folder checks passed above, so this fails only on an existing file.
                    target.prepare();
                } catch (const InputError& e) {
                    spdlog::warn("{} (a dry run only warns)", e.what());
                }
            } else {
                target.prepare();
            }
        } catch (const InputError& e) {
            message = e.what();
        }
    }
    int length = static_cast<int>(message.size());
    MPI_Bcast(&length, 1, MPI_INT, 0, comm);
    message.resize(length);
    MPI_Bcast(message.data(), length, MPI_CHAR, 0, comm);
    if (length > 0) {
        throw InputError(message);
    }
}

int ranks_per_node(MPI_Comm comm) {
    return ranks_on_this_node(comm);
}

void print_dry_run(std::ostream& out, const TeacherStudentConfig& config, const WorkPlan& plan,
                   MPI_Comm comm, int ranks_per_node) {
    int ranks = 1;
    MPI_Comm_size(comm, &ranks);
    const int threads = omp_get_max_threads();
    const auto& s = config.sampler;
    const std::uint64_t walkers = s.starts.size() * s.replicas * plan.rungs;

    // Calibrate the cost of one attempt per example on random data at this N.
    const int n = config.sites;
    const std::int64_t m_cal = 2048;
    ExampleSet examples(n, m_cal);
    RandomStream stream(config.seed, StreamPurpose::kTest, 0);
    for (std::int64_t a = 0; a < m_cal; ++a) {
        examples.set_example(a, random_pattern(n, stream));
    }
    const DamPolynomial energy(n, plan.points.front().order, config.form);
    DamChain<std::int64_t> chain(examples, energy, random_pattern(n, stream));
    const auto t0 = std::chrono::steady_clock::now();
    int sweeps = 0;
    while (std::chrono::steady_clock::now() - t0 < std::chrono::milliseconds(200)) {
        chain.sweep(1.0, s.rule, stream);
        ++sweeps;
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double per_site_example = seconds / (static_cast<double>(sweeps) * n * m_cal);

    std::uint64_t largest_task = 0;
    for (const auto& point : plan.points) {
        largest_task = std::max(largest_task, task_memory_bytes(config, point));
    }
    const std::uint64_t available = available_memory();
    const bool fits = available == 0 || largest_task * ranks_per_node <= available;
    out << (fits ? "config valid. "
                 : "config valid, but its largest task needs more memory than this node has "
                   "(see the warning above); run it on larger nodes. ")
        << plan.tasks() << " tasks = " << plan.points.size() << " parameter points x "
        << plan.samples << " disorder samples; " << walkers << " chains per task ("
        << s.starts.size() << " starts x " << s.replicas << " replicas x " << plan.rungs
        << " rungs)\n";
    double total_seconds = 0.0;
    std::uint64_t largest = 0;
    out << "  point   p        M     alpha      T*   rungs   memory/task\n";
    for (std::size_t p = 0; p < plan.points.size(); ++p) {
        const auto& point = plan.points[p];
        const std::uint64_t bytes = task_memory_bytes(config, point);
        largest = std::max(largest, bytes);
        char line[160];
        std::snprintf(line, sizeof line, "  %5zu %3d %8lld %9.4g %7.4g %7zu %10.3f MiB\n", p,
                      point.order, static_cast<long long>(point.examples), point.alpha,
                      point.teacher_temperature, point.temperatures.size(),
                      static_cast<double>(bytes) / 1048576.0);
        out << line;
        total_seconds += static_cast<double>(s.burn_in + s.sweeps) * n *
                         static_cast<double>(point.examples) * walkers * per_site_example *
                         plan.samples;
    }
    const auto block = task_block(plan.tasks(), 0, ranks);
    out << "memory per rank: about " << static_cast<double>(largest) / 1048576.0
        << " MiB (one task at a time); rank 0 holds " << (block.second - block.first)
        << " task(s)\n";
    out << "time estimate: " << total_seconds / (ranks * std::min<std::uint64_t>(threads, walkers))
        << " s on " << ranks << " rank(s) x " << threads << " thread(s) (calibrated "
        << per_site_example * 1e9 << " ns per site and example; an estimate)\n";
}

}  // namespace statmem
