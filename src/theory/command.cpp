#include "statmem/theory/command.hpp"

#include <omp.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>

#include "statmem/core/config.hpp"
#include "statmem/core/error.hpp"
#include "statmem/io/hdf5.hpp"
#include "statmem/io/output.hpp"
#include "statmem/theory/dam_rs.hpp"
#include "statmem/theory/ferromagnet.hpp"
#include "statmem/theory/rbm.hpp"
#include "statmem/theory/run_files.hpp"
#include "statmem/theory/theory_config.hpp"

namespace statmem::theory {
namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

std::string join(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& word : words) {
        out += (out.empty() ? "" : ",") + word;
    }
    return out;
}

// Line names such as "label:lR|gR" become HDF5-friendly group names such as "label_lR_gR".
std::string group_name_of(const std::string& line_name) {
    std::string out = line_name;
    for (char& ch : out) {
        if (ch == ':' || ch == '|' || ch == '/') {
            ch = '_';
        }
    }
    return out;
}

void write_model_group(const h5::Group& root, const TheoryConfig& settings) {
    const h5::Group model = root.create_group("model");
    model.set_attr("regime", settings.regime);
    model.set_attr("load_convention", settings.load_convention);
    if (!settings.form.empty()) {
        model.set_attr("form", settings.form);
        model.set_attr("p", static_cast<std::int64_t>(settings.p));
    }
    for (const std::string& name : settings.fixed_parameters) {
        const PhasePoint& f = settings.grid.fixed;
        const double value = name == "alpha" ? f.alpha
                             : name == "T"   ? f.temperature
                             : name == "c"   ? settings.correlation
                                             : f.teacher_temperature;
        model.set_attr(name, value);
    }
}

void write_grid_group(const h5::Group& root, const PhaseGrid& grid) {
    const h5::Group group = root.create_group("grid");
    group.set_attr("x_axis", grid.x.name);
    group.set_attr("y_axis", grid.y.name);
    group.write<double>(grid.x.name, grid.x.values, {grid.x.values.size()}, {grid.x.name});
    group.write<double>(grid.y.name, grid.y.values, {grid.y.values.size()}, {grid.y.name});
}

// Teacher's own transition and spinodal, for the regimes that have a teacher at T*.
void write_teacher_group(const h5::Group& root, const TheoryConfig& settings) {
    int teacher_order = 0;
    if (settings.regime == "nishimori" || settings.regime == "fixed_teacher") {
        teacher_order = settings.p;
    } else if (settings.regime == "teacher2_finite_noise" ||
               settings.regime == "teacher2_large_noise") {
        teacher_order = 2;
    }
    if (teacher_order == 0) {
        return;
    }
    const h5::Group teacher = root.create_group("teacher");
    teacher.set_attr("p_star", static_cast<std::int64_t>(teacher_order));
    teacher.set_attr("critical_temperature", ferromagnet_critical_temperature(teacher_order));
    teacher.set_attr("spinodal_temperature", ferromagnet_spinodal(teacher_order));
    teacher.set_attr("critical_magnetisation", ferromagnet_critical_magnetisation(teacher_order));
}

void write_phase_result(const h5::Group& root, const PhaseModel& model, const PhaseGrid& grid,
                        const GridResult& result, double seconds) {
    const std::size_t nx = grid.x.values.size();
    const std::size_t ny = grid.y.values.size();
    const std::size_t cells = nx * ny;
    const std::vector<std::uint64_t> dims = {ny, nx};
    const std::vector<std::string> dim_names = {grid.y.name, grid.x.name};

    // Per-branch arrays; NaN (or exists = 0) where a cell has no such branch.
    const h5::Group branches = root.create_group("branches");
    const std::vector<std::string> branch_names = model.branch_names();
    const std::vector<std::string> order_names = model.order_names();
    branches.set_attr("branch_names", join(branch_names));
    branches.set_attr("order_names", join(order_names));
    for (int kind = 0; kind < static_cast<int>(branch_names.size()); ++kind) {
        std::vector<std::uint8_t> exists(cells, 0);
        std::vector<double> phi(cells, kMissing);
        std::vector<double> eigenvalue(cells, kMissing);
        std::vector<std::int32_t> iterations(cells, 0);
        std::vector<std::vector<double>> orders(order_names.size(),
                                                std::vector<double>(cells, kMissing));
        for (std::size_t i = 0; i < cells; ++i) {
            const Branch* b = find_branch(result.cells[i], kind);
            if (b == nullptr) {
                continue;
            }
            exists[i] = 1;
            phi[i] = b->free_entropy;
            eigenvalue[i] = b->max_jacobian_eigenvalue;
            iterations[i] = b->iterations;
            for (std::size_t k = 0; k < order_names.size(); ++k) {
                orders[k][i] = b->order[k];
            }
        }
        const h5::Group group = branches.create_group(branch_names[kind]);
        group.write<std::uint8_t>("exists", exists, dims, dim_names);
        group.write<double>("free_entropy", phi, dims, dim_names);
        group.write<double>("max_jacobian_eigenvalue", eigenvalue, dims, dim_names);
        group.write<std::int32_t>("iterations", iterations, dims, dim_names);
        for (std::size_t k = 0; k < order_names.size(); ++k) {
            group.write<double>(order_names[k], orders[k], dims, dim_names);
        }
    }

    // Phase labels, flags and the global branch's free entropy.
    const h5::Group phase = root.create_group("phase");
    phase.set_attr("label_names", join(model.label_names()));
    phase.set_attr("undetermined_label", static_cast<std::int64_t>(kLabelUndetermined));
    phase.set_attr("flag_names", join(cell_flag_names()));
    phase.set_attr("solve_seconds", seconds);
    std::vector<std::int8_t> labels(cells);
    std::vector<std::uint8_t> flags(cells);
    std::vector<double> global_phi(cells, kMissing);
    for (std::size_t i = 0; i < cells; ++i) {
        labels[i] = static_cast<std::int8_t>(result.cells[i].label);
        flags[i] = static_cast<std::uint8_t>(result.cells[i].flags);
        if (const Branch* g = global_branch(result.cells[i]); g != nullptr) {
            global_phi[i] = g->free_entropy;
        }
    }
    phase.write<std::int8_t>("label", labels, dims, dim_names);
    phase.write<std::uint8_t>("flags", flags, dims, dim_names);
    phase.write<double>("global_free_entropy", global_phi, dims, dim_names);

    // Transition lines as point lists in axis units.
    const h5::Group lines = root.create_group("lines");
    for (const TransitionLine& line : result.lines) {
        std::vector<double> flat;
        for (const auto& point : line.points) {
            flat.push_back(point[0]);
            flat.push_back(point[1]);
        }
        const h5::Group group = lines.create_group(group_name_of(line.name));
        group.set_attr("transition", line.name);
        group.write<double>("points", flat, {line.points.size(), 2},
                            {"point", grid.x.name + "," + grid.y.name});
    }
}

// alpha_c = T^4 / lambda_max(D C) on the (T, c) grid for P uniformly correlated patterns.
void write_critical_load(const h5::Group& root, const TheoryConfig& settings) {
    const std::size_t nx = settings.grid.x.values.size();
    const std::size_t ny = settings.grid.y.values.size();
    std::vector<double> alpha_c(nx * ny);
    const auto started = std::chrono::steady_clock::now();
    for (std::size_t iy = 0; iy < ny; ++iy) {
        for (std::size_t ix = 0; ix < nx; ++ix) {
            double temperature = settings.grid.fixed.temperature;
            double correlation = settings.correlation;
            for (const GridAxis* axis : {&settings.grid.x, &settings.grid.y}) {
                const double value = axis == &settings.grid.x ? settings.grid.x.values[ix]
                                                              : settings.grid.y.values[iy];
                (axis->name == "T" ? temperature : correlation) = value;
            }
            alpha_c[iy * nx + ix] =
                rbm_critical_load(uniform_correlation(settings.patterns, correlation), temperature);
        }
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const h5::Group group = root.create_group("critical_load");
    group.set_attr("patterns", static_cast<std::int64_t>(settings.patterns));
    group.set_attr("formula", "alpha_c = T^4 / lambda_max(D C), Nishimori line");
    group.set_attr("solve_seconds", seconds);
    group.write<double>("alpha_c", alpha_c, {ny, nx}, {settings.grid.y.name, settings.grid.x.name});
}

}  // namespace

int run_theory_command(const std::string& config_path,
                       const std::vector<std::string>& set_overrides,
                       const std::string& output_path, bool force) {
    const std::string start_time = io::utc_now();
    Config config = Config::from_file(config_path, set_overrides);
    TheoryConfig settings = read_theory_config(config);
    if (!output_path.empty()) {
        settings.output_path = output_path;
    }
    const std::unique_ptr<PhaseModel> model =
        settings.regime == "rbm_critical_load" ? nullptr : make_phase_model(settings);
    const std::vector<RunComparisonInput> runs = read_run_inputs(settings);
    const io::OutputTarget target(settings.output_path, force);
    target.prepare();

    if (settings.form == "krotov" && settings.regime != "hopfield") {
        spdlog::warn(
            "theory: model.form = \"krotov\": the RS equations solved are those of the "
            "diagonal-free form; the Krotov form's diagonal terms are left out");
    }
    const int threads = settings.threads > 0 ? settings.threads : omp_get_max_threads();
    spdlog::info("theory: regime {}, grid {} x {} ({} x {}), {} threads, output {}",
                 settings.regime, settings.grid.x.values.size(), settings.grid.y.values.size(),
                 settings.grid.x.name, settings.grid.y.name, threads, settings.output_path);
    try {
        io::Provenance provenance;
        provenance.command = "theory";
        provenance.config_text = config.resolved_text();
        provenance.threads = threads;
        provenance.start_time = start_time;

        h5::File file = h5::File::create(target.temporary_path());
        const h5::Group root = file.root();
        write_model_group(root, settings);
        write_grid_group(root, settings.grid);
        if (model == nullptr) {
            write_critical_load(root, settings);
        } else {
            write_teacher_group(root, settings);
            const auto started = std::chrono::steady_clock::now();
            // Progress at most every 10 s, and when the cells are done.
            auto last_report = started;
            const auto report = [&](std::size_t done, std::size_t total) {
                const auto now = std::chrono::steady_clock::now();
                if (done == total || now - last_report > std::chrono::seconds(10)) {
                    last_report = now;
                    spdlog::info("theory: {} / {} cells solved{}", done, total,
                                 done == total ? "; refining transition lines" : "");
                }
            };
            const GridResult result =
                scan_phase_grid(*model, settings.grid, threads, settings.line_tolerance, report);
            const double seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            std::size_t undetermined = 0;
            for (const CellResult& cell : result.cells) {
                undetermined += (cell.flags & kFlagNotConverged) ? 1 : 0;
            }
            if (undetermined > 0) {
                spdlog::warn(
                    "theory: {} cells did not converge within solver.max_iterations "
                    "= {}; they are labelled undetermined",
                    undetermined, settings.solver.max_iterations);
            }
            spdlog::info("theory: grid and lines solved in {:.1f} s", seconds);
            write_phase_result(root, *model, settings.grid, result, seconds);
            write_run_comparisons(root, *model, settings, runs);
        }
        io::write_provenance(root, provenance);
        file.close();
        target.commit();
    } catch (...) {
        target.discard();
        throw;
    }
    spdlog::info("theory: wrote {}", settings.output_path);
    return kExitOk;
}

}  // namespace statmem::theory
