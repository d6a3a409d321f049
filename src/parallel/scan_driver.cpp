#include "statmem/parallel/scan_driver.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <list>

#include "statmem/core/error.hpp"

namespace statmem {
namespace {

constexpr int kResultTag = 17;

void check_mpi(int code, const char* what) {
    if (code != MPI_SUCCESS) {
        char text[MPI_MAX_ERROR_STRING];
        int length = 0;
        MPI_Error_string(code, text, &length);
        throw LibraryError(std::string("MPI failed to ") + what + ": " + text);
    }
}

/// Rank 0's view of the whole run, for the progress line.
class Progress {
  public:
    Progress(std::int64_t tasks, std::int64_t sweeps_per_task)
        : tasks_(tasks),
          sweeps_per_task_(sweeps_per_task),
          start_(Clock::now()),
          last_print_(start_),
          interval_(isatty(STDERR_FILENO) ? std::chrono::seconds(5) : std::chrono::seconds(60)) {}

    void task_done() {
        ++tasks_done_;
        own_sweeps_ = 0;
        maybe_print(true);
    }
    void own_sweeps(std::int64_t sweeps) {
        own_sweeps_ = sweeps;
        maybe_print(false);
    }

  private:
    using Clock = std::chrono::steady_clock;

    void maybe_print(bool task_finished) {
        const auto now = Clock::now();
        if (!task_finished && now - last_print_ < interval_) {
            return;
        }
        if (task_finished && now - last_print_ < interval_ && tasks_done_ != tasks_) {
            return;
        }
        last_print_ = now;
        const double elapsed = std::chrono::duration<double>(now - start_).count();
        const double done = static_cast<double>(tasks_done_ * sweeps_per_task_ + own_sweeps_);
        const double total = static_cast<double>(tasks_ * sweeps_per_task_);
        const double rate = elapsed > 0 ? done / elapsed : 0.0;
        const double eta = rate > 0 ? (total - done) / rate : 0.0;
        spdlog::info("tasks done {}/{}, {:.1f} task sweeps/s (all ranks), ETA {:.0f} s",
                     tasks_done_, tasks_, rate, eta);
    }

    std::int64_t tasks_;
    std::int64_t sweeps_per_task_;
    std::int64_t tasks_done_ = 0;
    std::int64_t own_sweeps_ = 0;
    Clock::time_point start_;
    Clock::time_point last_print_;
    Clock::duration interval_;
};

}  // namespace

std::pair<std::int64_t, std::int64_t> task_block(std::int64_t tasks, int rank, int ranks) {
    const std::int64_t base = tasks / ranks;
    const std::int64_t extra = tasks % ranks;
    const std::int64_t first = rank * base + std::min<std::int64_t>(rank, extra);
    const std::int64_t size = base + (rank < extra ? 1 : 0);
    return {first, first + size};
}

std::vector<TaskResult> run_distributed(const TeacherStudentConfig& config, const WorkPlan& plan,
                                        const IdxInput* idx, MPI_Comm comm) {
    int rank = 0;
    int ranks = 1;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &ranks);
    const std::int64_t tasks = plan.tasks();
    const auto [first, last] = task_block(tasks, rank, ranks);
    const TaskShape shape = task_shape(config, plan);
    const std::size_t message_size = TaskResult::packed_size(shape) + 1;  // + task id
    const std::int64_t sweeps_per_task = config.sampler.burn_in + config.sampler.sweeps;

    std::vector<TaskResult> results;
    std::vector<bool> received;
    Progress progress(tasks, sweeps_per_task);
    auto receive_one = [&](int source) {
        std::vector<double> message(message_size);
        check_mpi(MPI_Recv(message.data(), static_cast<int>(message_size), MPI_DOUBLE, source,
                           kResultTag, comm, MPI_STATUS_IGNORE),
                  "receive a task result");
        const auto task = static_cast<std::int64_t>(message[0]);
        message.erase(message.begin());
        results[task] = TaskResult::unpack(message, shape);
        received[task] = true;
        progress.task_done();
    };
    auto poll = [&]() {
        while (true) {
            int flag = 0;
            MPI_Status status;
            check_mpi(MPI_Iprobe(MPI_ANY_SOURCE, kResultTag, comm, &flag, &status),
                      "probe for task results");
            if (!flag) {
                return;
            }
            receive_one(status.MPI_SOURCE);
        }
    };
    if (rank == 0) {
        results.resize(tasks);
        received.assign(tasks, false);
    }

    std::list<std::vector<double>> outgoing;
    std::vector<MPI_Request> requests;
    for (std::int64_t task = first; task < last; ++task) {
        SweepCallback on_sweep;
        if (rank == 0) {
            on_sweep = [&](std::int64_t sweeps) {
                progress.own_sweeps(sweeps);
                if (ranks > 1 && sweeps % 16 == 0) {
                    poll();
                }
            };
        }
        TaskResult result = run_task(config, plan, task, idx, on_sweep);
        if (rank == 0) {
            results[task] = std::move(result);
            received[task] = true;
            progress.task_done();
        } else {
            std::vector<double>& message = outgoing.emplace_back();
            message.push_back(static_cast<double>(task));
            const auto packed = result.pack();
            message.insert(message.end(), packed.begin(), packed.end());
            MPI_Request request;
            check_mpi(MPI_Isend(message.data(), static_cast<int>(message.size()), MPI_DOUBLE, 0,
                                kResultTag, comm, &request),
                      "send a task result");
            requests.push_back(request);
        }
    }

    if (rank == 0) {
        for (std::int64_t task = 0; task < tasks; ++task) {
            int owner = 0;
            while (task_block(tasks, owner, ranks).second <= task) {
                ++owner;
            }
            // MPI keeps messages from one sender in order, so the owner's next message is
            // its first task not yet received.
            while (!received[task]) {
                receive_one(owner);
            }
        }
    } else if (!requests.empty()) {
        check_mpi(
            MPI_Waitall(static_cast<int>(requests.size()), requests.data(), MPI_STATUSES_IGNORE),
            "finish sending task results");
    }
    return results;
}

}  // namespace statmem
