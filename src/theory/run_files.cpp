#include "statmem/theory/run_files.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <numeric>

#include "statmem/core/error.hpp"
#include "statmem/theory/thermodynamic_integration.hpp"

namespace statmem::theory {
namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

// Layout read here (written by `statmem run`): root attributes experiment, form, nishimori;
// /grid/p [point], /grid/alpha or /grid/load [point], /grid/T_teacher [point],
// /grid/nishimori_rung [point], /grid/beta [point, rung] (0 for T = inf), and per sample
// /samples/<k>/mean/energy and /samples/<k>/error/energy [point, start, rung] (H / N).
void check_compatible(const h5::Group& root, const std::string& path,
                      const TheoryConfig& settings) {
    const auto reject = [&](const std::string& what) {
        throw InputError("monte_carlo.run file '" + path + "' cannot be compared with this " +
                         "diagram: " + what);
    };
    if (!root.has_attr("experiment") || root.get_attr_string("experiment") != "teacher_student") {
        reject("it is not a teacher-student `statmem run` file");
    }
    const std::string form = root.get_attr_string("form");
    if (form != settings.form) {
        reject("its Hamiltonian form is " + form + " but model.form is " + settings.form);
    }
    const h5::Group grid = root.open_group("grid");
    const std::string convention = grid.get_attr_string("load_convention");
    const bool pairwise_diagram = settings.load_convention == "alpha_pairwise";
    const bool pairwise_run = convention == "alpha_pairwise";
    if (pairwise_diagram != pairwise_run) {
        reject("its load convention is " + convention + " but the diagram's is " +
               settings.load_convention);
    }
    for (const std::int64_t p : grid.read<std::int64_t>("p")) {
        if (p != settings.p) {
            reject("it has a point with p = " + std::to_string(p) + " but model.p is " +
                   std::to_string(settings.p));
        }
    }
    const bool nishimori_run = root.get_attr<std::int64_t>("nishimori") != 0;
    const bool nishimori_diagram = settings.regime == "nishimori";
    if (nishimori_run != nishimori_diagram) {
        reject(std::string("the run is ") + (nishimori_run ? "" : "not ") +
               "a Nishimori-line scan but the diagram's regime is " + settings.regime);
    }
}

}  // namespace

std::vector<RunComparisonInput> read_run_inputs(const TheoryConfig& settings) {
    std::vector<RunComparisonInput> runs;
    for (const std::string& path : settings.monte_carlo_runs) {
        if (settings.form.empty() || settings.regime == "direct" || settings.regime == "hopfield") {
            throw InputError(
                "monte_carlo.run is supported for the teacher-student DAM regimes "
                "only; remove it for regime " +
                settings.regime);
        }
        if (!std::filesystem::is_regular_file(path)) {
            throw InputError("monte_carlo.run file '" + path + "' not found; check the path");
        }
        const h5::File file = h5::File::open(path);
        const h5::Group root = file.root();
        check_compatible(root, path, settings);

        RunComparisonInput run;
        run.path = path;
        const h5::Group grid = root.open_group("grid");
        std::vector<std::uint64_t> dims;
        const std::vector<double> beta_raw = grid.read<double>("beta", &dims);
        run.points = dims.at(0);
        run.rungs = dims.at(1);
        run.alpha =
            grid.read<double>(settings.load_convention == "alpha_pairwise" ? "load" : "alpha");
        run.teacher_temperature = grid.read<double>("T_teacher");
        for (const std::int64_t r : grid.read<std::int64_t>("nishimori_rung")) {
            run.physical_rung.push_back(settings.regime == "nishimori" ? static_cast<int>(r) : -1);
        }

        // Rungs sorted by ascending beta within each point; beta = 0 must be the first.
        std::vector<std::size_t> order(run.points * run.rungs);
        run.beta.resize(run.points * run.rungs);
        for (std::size_t p = 0; p < run.points; ++p) {
            std::vector<std::size_t> idx(run.rungs);
            std::iota(idx.begin(), idx.end(), 0);
            std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
                return beta_raw[p * run.rungs + a] < beta_raw[p * run.rungs + b];
            });
            for (std::size_t k = 0; k < run.rungs; ++k) {
                order[p * run.rungs + k] = idx[k];
                run.beta[p * run.rungs + k] = beta_raw[p * run.rungs + idx[k]];
            }
            if (std::isinf(run.beta[(p + 1) * run.rungs - 1])) {
                throw InputError("monte_carlo.run file '" + path + "': point " + std::to_string(p) +
                                 " has a rung at T = 0 (beta = inf), which thermodynamic "
                                 "integration cannot reach; use a run without T = 0");
            }
            if (run.beta[p * run.rungs] != 0.0) {
                throw InputError("monte_carlo.run file '" + path + "': point " + std::to_string(p) +
                                 " has no rung at T = inf (beta = 0), which thermodynamic "
                                 "integration starts from; add inf to the run's ladder");
            }
            if (settings.regime == "nishimori") {
                const auto it = std::find(idx.begin(), idx.end(),
                                          static_cast<std::size_t>(run.physical_rung[p]));
                run.physical_rung[p] = static_cast<int>(it - idx.begin());
            }
        }

        // Thermodynamic integration per sample, then mean and standard error over samples.
        const h5::Group samples = root.open_group("samples");
        const std::vector<std::string> names = samples.children();
        run.samples = names.size();
        std::vector<std::vector<double>> per_sample;
        std::vector<std::vector<double>> per_sample_error;
        for (const std::string& name : names) {
            const h5::Group sample = samples.open_group(name);
            const std::vector<double> energy =
                sample.open_group("mean").read<double>("energy", &dims);
            const std::vector<double> error = sample.open_group("error").read<double>("energy");
            run.starts = dims.at(1);
            std::vector<double> phi(energy.size());
            std::vector<double> phi_error(energy.size());
            for (std::size_t p = 0; p < run.points; ++p) {
                for (std::size_t s = 0; s < run.starts; ++s) {
                    std::vector<double> b(run.rungs), e(run.rungs), de(run.rungs);
                    const std::size_t base = (p * run.starts + s) * run.rungs;
                    for (std::size_t k = 0; k < run.rungs; ++k) {
                        b[k] = run.beta[p * run.rungs + k];
                        e[k] = energy[base + order[p * run.rungs + k]];
                        de[k] = error[base + order[p * run.rungs + k]];
                    }
                    const FreeEntropyCurve curve =
                        integrate_free_entropy(b, e, de, IntegrationRule::simpson);
                    for (std::size_t k = 0; k < run.rungs; ++k) {
                        phi[base + k] = curve.free_entropy[k];
                        phi_error[base + k] = curve.error[k];
                    }
                }
            }
            per_sample.push_back(std::move(phi));
            per_sample_error.push_back(std::move(phi_error));
        }
        if (per_sample.empty()) {
            throw InputError("monte_carlo.run file '" + path + "' has no samples");
        }
        const std::size_t n = per_sample.front().size();
        run.free_entropy.assign(n, 0.0);
        run.free_entropy_error.assign(n, 0.0);
        const double count = static_cast<double>(per_sample.size());
        for (std::size_t i = 0; i < n; ++i) {
            double sum = 0.0;
            double sum2 = 0.0;
            for (const auto& phi : per_sample) {
                sum += phi[i];
                sum2 += phi[i] * phi[i];
            }
            const double mean = sum / count;
            run.free_entropy[i] = mean;
            // One sample: its propagated statistical error. Several: the standard error of
            // the disorder mean, which already contains each sample's statistical noise.
            run.free_entropy_error[i] =
                per_sample.size() == 1
                    ? per_sample_error.front()[i]
                    : std::sqrt(std::max(0.0, (sum2 - count * mean * mean) / (count - 1.0)) /
                                count);
        }
        runs.push_back(std::move(run));
    }
    return runs;
}

void write_run_comparisons(const h5::Group& root, const PhaseModel& model,
                           const TheoryConfig& settings,
                           const std::vector<RunComparisonInput>& runs) {
    if (runs.empty()) {
        return;
    }
    const h5::Group group = root.create_group("monte_carlo");
    const std::vector<std::string> branches = model.branch_names();
    for (std::size_t r = 0; r < runs.size(); ++r) {
        const RunComparisonInput& run = runs[r];
        const h5::Group out = group.create_group("run_" + std::to_string(r));
        out.set_attr("path", run.path);
        out.set_attr("samples", static_cast<std::int64_t>(run.samples));
        out.set_attr("integration", "Simpson rule in beta from beta = 0, Phi(0) = ln 2");
        const std::uint64_t points = run.points;
        const std::uint64_t rungs = run.rungs;
        const std::uint64_t starts = run.starts;

        std::vector<double> temperature(points * rungs), alpha(points * rungs),
            teacher(points * rungs);
        std::vector<std::uint8_t> physical(points * rungs, 0);
        std::vector<std::int8_t> label(points * rungs,
                                       static_cast<std::int8_t>(kLabelUndetermined));
        std::vector<double> phi_rs(branches.size() * points * rungs, kMissing);
        for (std::size_t p = 0; p < points; ++p) {
            for (std::size_t k = 0; k < rungs; ++k) {
                const std::size_t i = p * rungs + k;
                const double beta = run.beta[i];
                temperature[i] = beta > 0.0 ? 1.0 / beta : std::numeric_limits<double>::infinity();
                alpha[i] = run.alpha[p];
                teacher[i] = run.teacher_temperature[p];
                const bool is_physical =
                    beta > 0.0 && (run.physical_rung[p] < 0 ||
                                   static_cast<std::size_t>(run.physical_rung[p]) == k);
                if (!is_physical) {
                    continue;
                }
                physical[i] = 1;
                PhasePoint point = settings.grid.fixed;
                point.alpha = alpha[i];
                point.temperature = temperature[i];
                point.teacher_temperature = teacher[i];
                const CellResult cell = model.solve(point);
                label[i] = static_cast<std::int8_t>(cell.label);
                for (const Branch& b : cell.branches) {
                    phi_rs[(b.kind * points + p) * rungs + k] = b.free_entropy;
                }
            }
        }
        out.write<double>("T", temperature, {points, rungs}, {"point", "rung"});
        out.write<double>("alpha", alpha, {points, rungs}, {"point", "rung"});
        out.write<double>("T_star", teacher, {points, rungs}, {"point", "rung"});
        out.write<std::uint8_t>("physical", physical, {points, rungs}, {"point", "rung"});
        out.write<double>("free_entropy_mc", run.free_entropy, {points, starts, rungs},
                          {"point", "start", "rung"});
        out.write<double>("free_entropy_mc_error", run.free_entropy_error, {points, starts, rungs},
                          {"point", "start", "rung"});
        out.write<double>("free_entropy_rs", phi_rs, {branches.size(), points, rungs},
                          {"branch", "point", "rung"});
        out.write<std::int8_t>("label_rs", label, {points, rungs}, {"point", "rung"});
    }
}

}  // namespace statmem::theory
