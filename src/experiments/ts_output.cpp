#include "statmem/experiments/ts_output.hpp"

#include <cmath>
#include <cstdio>
#include <ostream>

#include "statmem/measure/statistics.hpp"

namespace statmem {
namespace {

using Dims = std::vector<std::uint64_t>;
using Names = std::vector<std::string>;

std::string sample_group_name(int sample) {
    char name[32];
    std::snprintf(name, sizeof name, "%06d", sample);
    return name;
}

/// Concatenate one member of every task of a sample, in point order.
std::vector<double> gather(const std::vector<TaskResult>& results, const WorkPlan& plan, int sample,
                           std::vector<double> TaskResult::*member) {
    std::vector<double> out;
    for (std::size_t p = 0; p < plan.points.size(); ++p) {
        const auto& part = results[sample * plan.points.size() + p].*member;
        out.insert(out.end(), part.begin(), part.end());
    }
    return out;
}

std::vector<std::uint8_t> as_flags(const std::vector<double>& values) {
    std::vector<std::uint8_t> flags;
    for (double v : values) {
        flags.push_back(v != 0.0 ? 1 : 0);
    }
    return flags;
}

std::vector<std::int64_t> as_integers(const std::vector<double>& values) {
    std::vector<std::int64_t> out;
    for (double v : values) {
        out.push_back(static_cast<std::int64_t>(v));
    }
    return out;
}

void write_grid(const h5::Group& root, const TeacherStudentConfig& config, const WorkPlan& plan) {
    const h5::Group grid = root.create_group("grid");
    const std::uint64_t points = plan.points.size();
    std::vector<std::int64_t> order, teacher_order, examples, nishimori_rung;
    std::vector<double> load, alpha, teacher_t, quality, temperature, beta;
    for (const auto& point : plan.points) {
        order.push_back(point.order);
        teacher_order.push_back(point.teacher_order);
        examples.push_back(point.examples);
        nishimori_rung.push_back(point.nishimori_rung);
        load.push_back(point.load);
        alpha.push_back(point.alpha);
        teacher_t.push_back(point.teacher_temperature);
        quality.push_back(point.quality);
        for (double t : point.temperatures) {
            temperature.push_back(t);
            beta.push_back(t == 0.0 ? INFINITY : (std::isinf(t) ? 0.0 : 1.0 / t));
        }
    }
    grid.write("p", order, {points}, {"point"});
    grid.write("p_teacher", teacher_order, {points}, {"point"});
    grid.write("load", load, {points}, {"point"});
    grid.set_attr("load_convention", load_key_name(config.load_convention));
    grid.write("M", examples, {points}, {"point"});
    grid.write("alpha", alpha, {points}, {"point"});
    grid.write("T_teacher", teacher_t, {points}, {"point"});
    grid.write("r", quality, {points}, {"point"});
    grid.write("nishimori_rung", nishimori_rung, {points}, {"point"});
    const std::uint64_t rungs = plan.rungs;
    grid.write("T", temperature, {points, rungs}, {"point", "rung"});
    grid.write("beta", beta, {points, rungs}, {"point", "rung"});
    std::vector<double> overlap;
    for (int k = 0; k <= config.sites; ++k) {
        overlap.push_back(static_cast<double>(2 * k - config.sites) / config.sites);
    }
    grid.write("overlap", overlap, {static_cast<std::uint64_t>(config.sites + 1)}, {"overlap"});
}

void write_sample(const h5::Group& samples, int sample, const TeacherStudentConfig& config,
                  const WorkPlan& plan, const std::vector<TaskResult>& results) {
    const TaskShape s = task_shape(config, plan);
    const std::uint64_t points = plan.points.size();
    const std::uint64_t starts = s.starts, rungs = s.rungs, bins = s.bins, reps = s.replicas;
    const std::uint64_t overlaps = config.sites + 1;
    const h5::Group group = samples.create_group(sample_group_name(sample));
    group.set_attr("sample", static_cast<std::int64_t>(sample));

    const auto series = gather(results, plan, sample, &TaskResult::series);
    const auto mean = gather(results, plan, sample, &TaskResult::mean);
    const auto error = gather(results, plan, sample, &TaskResult::error);
    const auto tau = gather(results, plan, sample, &TaskResult::tau);
    const h5::Group g_series = group.create_group("series");
    const h5::Group g_mean = group.create_group("mean");
    const h5::Group g_error = group.create_group("error");
    const h5::Group g_tau = group.create_group("tau");
    const std::uint64_t per_obs = starts * rungs;
    for (int o = 0; o < kObservableCount; ++o) {
        std::vector<double> x_series, x_mean, x_error, x_tau;
        for (std::uint64_t p = 0; p < points; ++p) {
            const std::uint64_t obs_base = (p * kObservableCount + o) * per_obs;
            x_mean.insert(x_mean.end(), mean.begin() + obs_base, mean.begin() + obs_base + per_obs);
            x_error.insert(x_error.end(), error.begin() + obs_base,
                           error.begin() + obs_base + per_obs);
            x_tau.insert(x_tau.end(), tau.begin() + obs_base, tau.begin() + obs_base + per_obs);
            x_series.insert(x_series.end(), series.begin() + obs_base * bins,
                            series.begin() + (obs_base + per_obs) * bins);
        }
        const std::string name = observable_name(o);
        g_series.write(name, x_series, {points, starts, rungs, bins},
                       {"point", "start", "rung", "bin"});
        g_mean.write(name, x_mean, {points, starts, rungs}, {"point", "start", "rung"});
        g_error.write(name, x_error, {points, starts, rungs}, {"point", "start", "rung"});
        g_tau.write(name, x_tau, {points, starts, rungs}, {"point", "start", "rung"});
    }
    group.write("hist_q", gather(results, plan, sample, &TaskResult::hist_q),
                {points, starts, rungs, overlaps}, {"point", "start", "rung", "overlap"});
    group.write("hist_q_teacher", gather(results, plan, sample, &TaskResult::hist_q_teacher),
                {points, starts, rungs, overlaps}, {"point", "start", "rung", "overlap"});
    group.write("pt_acceptance", gather(results, plan, sample, &TaskResult::pt_acceptance),
                {points, starts, reps, rungs - 1}, {"point", "start", "replica", "pair"});
    group.write("round_trips", as_integers(gather(results, plan, sample, &TaskResult::round_trips)),
                {points, starts, reps}, {"point", "start", "replica"});
    std::vector<std::uint8_t> history;
    for (double rung : gather(results, plan, sample, &TaskResult::rung_history)) {
        history.push_back(static_cast<std::uint8_t>(rung));
    }
    group.write("rung_history", history,
                {points, starts, reps, rungs, static_cast<std::uint64_t>(s.measurements)},
                {"point", "start", "replica", "walker", "measurement"});
    group.write("m_example", as_integers(gather(results, plan, sample, &TaskResult::m_example)),
                {points, starts, rungs, reps}, {"point", "start", "rung", "replica"});
    std::vector<std::int64_t> aligned;
    std::vector<double> floor;
    for (std::uint64_t p = 0; p < points; ++p) {
        const TaskResult& r = results[sample * points + p];
        aligned.push_back(static_cast<std::int64_t>(r.aligned_examples));
        floor.push_back(r.m_floor);
    }
    group.write("aligned_examples", aligned, {points}, {"point"});
    group.write("m_floor", floor, {points}, {"point"});
    const h5::Group flags = group.create_group("flags");
    flags.write("disagree", as_flags(gather(results, plan, sample, &TaskResult::disagree)),
                {points, rungs}, {"point", "rung"});
    flags.write("short_run", as_flags(gather(results, plan, sample, &TaskResult::short_run)),
                {points, starts, rungs}, {"point", "start", "rung"});
}

/// Jackknife estimates over samples of every observable mean and of the Binder cumulant.
struct Summary {
    std::vector<Estimate> observable;  // [obs][point][start][rung]
    std::vector<Estimate> binder;      // [point][start][rung]
};

Summary summarize(const TeacherStudentConfig& config, const WorkPlan& plan,
                  const std::vector<TaskResult>& results) {
    const TaskShape s = task_shape(config, plan);
    const std::size_t points = plan.points.size();
    const std::size_t per_obs = static_cast<std::size_t>(s.starts) * s.rungs;
    Summary summary;
    summary.observable.resize(kObservableCount * points * per_obs);
    summary.binder.resize(points * per_obs);
    for (std::size_t p = 0; p < points; ++p) {
        for (std::size_t j = 0; j < per_obs; ++j) {
            std::vector<std::vector<double>> values(plan.samples,
                                                    std::vector<double>(kObservableCount));
            for (int k = 0; k < plan.samples; ++k) {
                const TaskResult& r = results[k * points + p];
                for (int o = 0; o < kObservableCount; ++o) {
                    values[k][o] = r.mean[o * per_obs + j];
                }
            }
            for (int o = 0; o < kObservableCount; ++o) {
                summary.observable[(o * points + p) * per_obs + j] =
                    jackknife(values, [o](const std::vector<double>& x) { return x[o]; });
            }
            // Binder cumulant of q: (3 - [<q^4>] / [<q^2>]^2) / 2.
            summary.binder[p * per_obs + j] = jackknife(values, [](const std::vector<double>& x) {
                return 0.5 * (3.0 - x[kQ4] / (x[kQ2] * x[kQ2]));
            });
        }
    }
    return summary;
}

void write_summary(const h5::Group& root, const TeacherStudentConfig& config, const WorkPlan& plan,
                   const std::vector<TaskResult>& results) {
    const TaskShape s = task_shape(config, plan);
    const std::uint64_t points = plan.points.size();
    const std::uint64_t starts = s.starts, rungs = s.rungs;
    const std::uint64_t per_obs = starts * rungs;
    const Summary summary = summarize(config, plan, results);
    const h5::Group group = root.create_group("summary");
    group.set_attr("error_method", "delete-one jackknife over disorder samples");
    const h5::Group g_mean = group.create_group("mean");
    const h5::Group g_error = group.create_group("error");
    const Dims dims = {points, starts, rungs};
    const Names names = {"point", "start", "rung"};
    auto write_pair = [&](const std::string& name, const Estimate* first) {
        std::vector<double> mean, error;
        for (std::uint64_t j = 0; j < points * per_obs; ++j) {
            mean.push_back(first[j].mean);
            error.push_back(first[j].error);
        }
        g_mean.write(name, mean, dims, names);
        g_error.write(name, error, dims, names);
    };
    for (int o = 0; o < kObservableCount; ++o) {
        write_pair(observable_name(o), &summary.observable[o * points * per_obs]);
    }
    write_pair("binder", summary.binder.data());

    // Plain sample means of histograms, PT statistics, flags and dataset facts.
    const std::uint64_t overlaps = config.sites + 1;
    const std::size_t hist_size = per_obs * overlaps;
    std::vector<double> hist_q(points * hist_size, 0.0), hist_qt(points * hist_size, 0.0);
    std::vector<double> acceptance(points * starts * (rungs - 1), 0.0);
    std::vector<double> trips(points * starts, 0.0);
    std::vector<std::int64_t> disagree(points * rungs, 0), short_run(points * per_obs, 0);
    std::vector<double> aligned(points, 0.0), floor(points, 0.0);
    const double samples = plan.samples;
    for (int k = 0; k < plan.samples; ++k) {
        for (std::uint64_t p = 0; p < points; ++p) {
            const TaskResult& r = results[k * points + p];
            for (std::size_t j = 0; j < hist_size; ++j) {
                hist_q[p * hist_size + j] += r.hist_q[j] / samples;
                hist_qt[p * hist_size + j] += r.hist_q_teacher[j] / samples;
            }
            for (std::uint64_t st = 0; st < starts; ++st) {
                for (int rep = 0; rep < s.replicas; ++rep) {
                    for (std::uint64_t l = 0; l + 1 < rungs; ++l) {
                        acceptance[(p * starts + st) * (rungs - 1) + l] +=
                            r.pt_acceptance[(st * s.replicas + rep) * (rungs - 1) + l] /
                            (samples * s.replicas);
                    }
                    trips[p * starts + st] +=
                        r.round_trips[st * s.replicas + rep] / (samples * s.replicas);
                }
            }
            for (std::uint64_t l = 0; l < rungs; ++l) {
                disagree[p * rungs + l] += r.disagree[l] != 0.0 ? 1 : 0;
            }
            for (std::uint64_t j = 0; j < per_obs; ++j) {
                short_run[p * per_obs + j] += r.short_run[j] != 0.0 ? 1 : 0;
            }
            aligned[p] += r.aligned_examples / samples;
            floor[p] = r.m_floor;
        }
    }
    group.write("hist_q", hist_q, {points, starts, rungs, overlaps},
                {"point", "start", "rung", "overlap"});
    group.write("hist_q_teacher", hist_qt, {points, starts, rungs, overlaps},
                {"point", "start", "rung", "overlap"});
    group.write("pt_acceptance", acceptance, {points, starts, rungs - 1},
                {"point", "start", "pair"});
    group.write("round_trips", trips, {points, starts}, {"point", "start"});
    group.write("disagree_samples", disagree, {points, rungs}, {"point", "rung"});
    group.write("short_run_samples", short_run, dims, names);
    // Sources without a teacher basin (noisy copies, images) store -1 per sample: keep
    // that marker in the mean instead of averaging it.
    for (std::uint64_t p = 0; p < points; ++p) {
        if (results[p].aligned_examples < 0) {
            aligned[p] = -1.0;
        }
    }
    group.write("aligned_examples", aligned, {points}, {"point"});
    group.write("m_floor", floor, {points}, {"point"});
}

}  // namespace

void write_teacher_student_file(const std::string& path, const TeacherStudentConfig& config,
                                const WorkPlan& plan, const std::vector<TaskResult>& results,
                                const io::Provenance& provenance) {
    h5::File file = h5::File::create(path);
    const h5::Group root = file.root();
    root.set_attr("experiment", "teacher_student");
    root.set_attr("N", static_cast<std::int64_t>(config.sites));
    root.set_attr("form", form_name(config.form));
    root.set_attr("source", config.source == ExampleSource::kTeacher ? "teacher"
                            : config.source == ExampleSource::kNoisy ? "noisy"
                                                                     : "idx");
    root.set_attr("samples", static_cast<std::int64_t>(plan.samples));
    root.set_attr("replicas", static_cast<std::int64_t>(config.sampler.replicas));
    root.set_attr("nishimori", static_cast<std::int64_t>(config.nishimori ? 1 : 0));
    std::string starts;
    for (auto start : config.sampler.starts) {
        starts += (starts.empty() ? "" : ",") + start_name(start);
    }
    root.set_attr("starts", starts);
    std::string observables;
    for (int o = 0; o < kObservableCount; ++o) {
        observables += (o == 0 ? "" : ",") + std::string(observable_name(o));
    }
    root.set_attr("observables", observables);

    write_grid(root, config, plan);
    const h5::Group samples = root.create_group("samples");
    for (int k = 0; k < plan.samples; ++k) {
        write_sample(samples, k, config, plan, results);
    }
    write_summary(root, config, plan, results);
    io::write_provenance(root, provenance);
    file.close();
}

void print_summary_table(std::ostream& out, const TeacherStudentConfig& config,
                         const WorkPlan& plan, const std::vector<TaskResult>& results) {
    const TaskShape s = task_shape(config, plan);
    const std::size_t points = plan.points.size();
    const std::size_t per_obs = static_cast<std::size_t>(s.starts) * s.rungs;
    const Summary summary = summarize(config, plan, results);
    auto cell = [&](int o, std::size_t p, int rung) {
        const Estimate& e = summary.observable[(o * points + p) * per_obs + rung];
        char text[40];
        if (std::isnan(e.error)) {
            std::snprintf(text, sizeof text, "%7.4f         ", e.mean);
        } else {
            std::snprintf(text, sizeof text, "%7.4f +- %.4f", e.mean, e.error);
        }
        return std::string(text);
    };
    char line[256];
    out << "Disorder averages over " << plan.samples << " sample(s), chains from the '"
        << start_name(config.sampler.starts.front()) << "' start; errors are jackknife.\n"
        << "flags: D = starts disagree in some sample, S = run shorter than "
        << config.min_tau_multiple << " autocorrelation times in some sample\n";
    // The load column would repeat M when the scan gives M directly; noisy copies add r.
    const bool show_load = config.load_convention != LoadConvention::kExamples;
    const bool show_quality = config.source == ExampleSource::kNoisy;
    std::string header = "  p ";
    if (show_load) {
        std::snprintf(line, sizeof line, "%10s ", load_key_name(config.load_convention).c_str());
        header += line;
    }
    std::snprintf(line, sizeof line, "%8s %8s ", "M", "T*");
    header += line;
    if (show_quality) {
        std::snprintf(line, sizeof line, "%6s ", "r");
        header += line;
    }
    std::snprintf(line, sizeof line, "%7s  %-16s %-16s %-16s %-16s %s\n", "T", "|q*|", "|q|", "m",
                  "q*", "flags");
    out << header << line;
    for (std::size_t p = 0; p < points; ++p) {
        const ParameterPoint& point = plan.points[p];
        for (int l = 0; l < s.rungs; ++l) {
            int disagree = 0, short_run = 0;
            for (int k = 0; k < plan.samples; ++k) {
                disagree += results[k * points + p].disagree[l] != 0.0;
                short_run += results[k * points + p].short_run[l] != 0.0;
            }
            std::string flags = std::string(disagree ? "D" : "") + (short_run ? "S" : "");
            std::string row;
            std::snprintf(line, sizeof line, "%3d ", point.order);
            row += line;
            if (show_load) {
                std::snprintf(line, sizeof line, "%10.4g ", point.load);
                row += line;
            }
            std::snprintf(line, sizeof line, "%8lld %8.4g ", static_cast<long long>(point.examples),
                          point.teacher_temperature);
            row += line;
            if (show_quality) {
                std::snprintf(line, sizeof line, "%6.3g ", point.quality);
                row += line;
            }
            std::snprintf(line, sizeof line, "%7.4g  %s %s %s %s %s\n", point.temperatures[l],
                          cell(kAbsQTeacher, p, l).c_str(), cell(kAbsQ, p, l).c_str(),
                          cell(kM, p, l).c_str(), cell(kQTeacher, p, l).c_str(), flags.c_str());
            out << row << line;
        }
    }
}

}  // namespace statmem
