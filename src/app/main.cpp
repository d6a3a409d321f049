// The statmem command line: run, info and theory.

#include <mpi.h>
#include <omp.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <fstream>
#include <iostream>

#include "info.hpp"
#include "run_checks.hpp"
#include "statmem/core/config.hpp"
#include "statmem/core/error.hpp"
#include "statmem/core/log.hpp"
#include "statmem/experiments/teacher_student.hpp"
#include "statmem/experiments/ts_output.hpp"
#include "statmem/io/output.hpp"
#include "statmem/parallel/scan_driver.hpp"
#include "statmem/version.hpp"

#if defined(STATMEM_HAVE_THEORY) && __has_include("statmem/theory/command.hpp")
#include "statmem/theory/command.hpp"
#define STATMEM_THEORY_COMMAND 1
#endif

namespace {

struct RunOptions {
    std::string config_path;
    std::vector<std::string> sets;
    std::string output;
    bool output_given = false;
    bool force = false;
    bool dry_run = false;
};

int run_command(const RunOptions& options, MPI_Comm comm) {
    int rank = 0;
    int ranks = 1;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &ranks);
    const std::string start_time = statmem::io::utc_now();

    statmem::Config config = options.config_path.empty()
                                 ? statmem::Config::from_text(statmem::default_run_config(),
                                                              "built-in default", options.sets)
                                 : statmem::Config::from_file(options.config_path, options.sets);
    statmem::TeacherStudentConfig ts = statmem::parse_teacher_student_config(config);
    if (options.output_given) {
        if (options.output.empty()) {
            throw statmem::InputError(
                "--output is empty; pass a file name such as "
                "--output result.h5");
        }
        ts.output_path = options.output;
    }
    std::optional<statmem::IdxInput> idx;
    if (ts.source == statmem::ExampleSource::kIdx) {
        idx = statmem::load_idx_input(ts);
    }
    const statmem::WorkPlan plan = statmem::make_plan(ts);
    statmem::check_run_resources(ts, plan, idx ? &*idx : nullptr, comm, options.dry_run);

    const statmem::io::OutputTarget target(ts.output_path, options.force);
    statmem::prepare_output_collectively(target, comm, options.dry_run);
    if (options.dry_run) {
        const int sharing = statmem::ranks_per_node(comm);
        if (rank == 0) {
            statmem::print_dry_run(std::cout, ts, plan, comm, sharing);
        }
        return statmem::kExitOk;
    }

    const auto started = std::chrono::steady_clock::now();
    if (rank == 0) {
        spdlog::info("statmem {}: {} tasks ({} points x {} samples) on {} rank(s) x {} thread(s)",
                     statmem::kVersion, plan.tasks(), plan.points.size(), plan.samples, ranks,
                     omp_get_max_threads());
    }
    const auto results = statmem::run_distributed(ts, plan, idx ? &*idx : nullptr, comm);
    if (rank != 0) {
        return statmem::kExitOk;
    }

    statmem::io::Provenance provenance{"run", ts.resolved_text,      ts.seed,
                                       ranks, omp_get_max_threads(), start_time};
    target.arm_signal_cleanup();
    try {
        statmem::write_teacher_student_file(target.temporary_path(), ts, plan, results, provenance);
        target.commit();
    } catch (...) {
        target.discard();
        statmem::io::OutputTarget::disarm_signal_cleanup();
        throw;
    }
    statmem::io::OutputTarget::disarm_signal_cleanup();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    statmem::print_summary_table(std::cout, ts, plan, results);
    std::cout << "wrote " << target.path() << " in " << seconds << " s\n";
    return statmem::kExitOk;
}

/// Run `work` on rank 0 only, report its errors there, and return its exit code on every
/// rank, so that a multi-rank launch neither writes a file twice nor hangs.
template <typename Work>
int run_on_rank_zero(int rank, Work work) {
    int code = statmem::kExitOk;
    if (rank == 0) {
        try {
            code = work();
        } catch (const statmem::Error& e) {
            std::cerr << "statmem: error: " << e.what() << "\n";
            code = e.exit_code();
        } catch (const std::exception& e) {
            std::cerr << "statmem: error: " << e.what() << "\n";
            code = statmem::kExitFailure;
        }
    }
    MPI_Bcast(&code, 1, MPI_INT, 0, MPI_COMM_WORLD);
    return code;
}

}  // namespace

int main(int argc, char** argv) {
    int provided = 0;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    int rank = 0;
    int ranks = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &ranks);
    statmem::init_logging(rank);

    CLI::App app{
        "statmem: statistical mechanics of learning and memorisation in dense "
        "associative memories"};
    app.set_version_flag("--version",
                         std::string(statmem::kVersion) + " (" + statmem::kGitCommit + ")");
    app.require_subcommand(1);

    RunOptions run;
    auto* run_cmd = app.add_subcommand(
        "run", "Run a teacher-student DAM scan (without CONFIG: the built-in default)");
    // A missing config file is reported by Config::from_file, with the fix.
    run_cmd->add_option("config", run.config_path, "TOML config file");
    run_cmd->add_option("--set", run.sets, "Override a config key, e.g. --set model.N=128")
        ->take_all();
    auto* output_option =
        run_cmd->add_option("--output,-o", run.output, "Result file (overrides output.path)");
    run_cmd->add_flag("--force", run.force, "Replace an existing result file");
    run_cmd->add_flag("--dry-run", run.dry_run,
                      "Validate, then print tasks, examples, memory per rank and a time "
                      "estimate without sampling");

    std::string info_path;
    auto* info_cmd = app.add_subcommand("info", "Print what a statmem result file contains");
    info_cmd->add_option("file", info_path, "HDF5 result file")->required();

#ifdef STATMEM_THEORY_COMMAND
    RunOptions theory;
    auto* theory_cmd =
        app.add_subcommand("theory", "Solve the replica-symmetric equations on a grid");
    theory_cmd->add_option("config", theory.config_path, "TOML config file")->required();
    theory_cmd->add_option("--set", theory.sets, "Override a config key")->take_all();
    theory_cmd->add_option("--output,-o", theory.output, "Result file");
    theory_cmd->add_flag("--force", theory.force, "Replace an existing result file");
#endif

    int code = statmem::kExitOk;
    try {
        try {
            app.parse(argc, argv);
        } catch (const CLI::ParseError& e) {
            // CLI11 reports an unknown first word only as a missing subcommand.
            const bool unknown_command = argc > 1 && argv[1][0] != '-' &&
                                         app.get_subcommands().empty() &&
                                         dynamic_cast<const CLI::RequiredError*>(&e) != nullptr;
            if (unknown_command) {
                if (rank == 0) {
                    std::cerr << "statmem: error: unknown command '" << argv[1]
                              << "'; use run, info or theory (statmem --help lists them)\n";
                }
                MPI_Finalize();
                return statmem::kExitInvalidInput;
            }
            const int cli_code = rank == 0 ? app.exit(e) : (e.get_exit_code() == 0 ? 0 : 2);
            MPI_Finalize();
            return cli_code == 0 ? 0 : statmem::kExitInvalidInput;
        }
        if (*run_cmd) {
            run.output_given = output_option->count() > 0;
            code = run_command(run, MPI_COMM_WORLD);
        } else if (*info_cmd) {
            code = run_on_rank_zero(rank, [&] {
                statmem::print_file_info(std::cout, info_path);
                return static_cast<int>(statmem::kExitOk);
            });
        }
#ifdef STATMEM_THEORY_COMMAND
        else if (*theory_cmd) {
            // The theory is threaded, not distributed: one rank solves and writes the file.
            code = run_on_rank_zero(rank, [&] {
                return statmem::theory::run_theory_command(theory.config_path, theory.sets,
                                                           theory.output, theory.force);
            });
        }
#endif
    } catch (const statmem::InputError& e) {
        // Every rank validates the same input, so every rank gets here; one reports.
        if (rank == 0) {
            std::cerr << "statmem: error: " << e.what() << "\n";
        }
        code = e.exit_code();
    } catch (const std::exception& e) {
        std::cerr << "statmem: error" << (ranks > 1 ? " on rank " + std::to_string(rank) : "")
                  << ": " << e.what() << "\n";
        if (ranks > 1) {
            MPI_Abort(MPI_COMM_WORLD, statmem::kExitFailure);
        }
        code = statmem::kExitFailure;
    }
    MPI_Finalize();
    return code;
}
