#include "statmem/experiments/ts_config.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "statmem/core/error.hpp"
#include "statmem/data/idx.hpp"

namespace statmem {

std::string start_name(StartKind start) {
    switch (start) {
        case StartKind::kRandom:
            return "random";
        case StartKind::kTeacher:
            return "teacher";
        case StartKind::kExample:
            return "example";
    }
    return "?";
}

std::string load_key_name(LoadConvention convention) {
    switch (convention) {
        case LoadConvention::kAlpha:
            return "alpha";
        case LoadConvention::kExamples:
            return "M";
        case LoadConvention::kAlphaPairwise:
            return "alpha_pairwise";
    }
    return "?";
}

namespace {

constexpr int kMaxSites = 32767;  // N m fits int16 and agreement counts fit int32
constexpr int kMaxOrder = 12;
constexpr std::int64_t kMaxExamples = std::int64_t{1} << 40;

/// Format a real number with 6 significant digits for messages.
std::string short_real(double x) {
    std::ostringstream out;
    out << x;
    return out.str();
}

double factorial(int n) {
    double f = 1.0;
    for (int j = 2; j <= n; ++j) {
        f *= j;
    }
    return f;
}

void parse_sampler(Config& config, TeacherStudentConfig& out) {
    auto& s = out.sampler;
    const std::string rule =
        config.choice("sampler.algorithm", "metropolis", {"metropolis", "heat-bath"});
    s.rule = rule == "metropolis" ? UpdateRule::kMetropolis : UpdateRule::kHeatBath;
    s.replicas = static_cast<int>(config.integer("sampler.replicas", 2, 2, 64));
    for (const auto& name : config.choice_list("sampler.starts", {"random", "teacher"},
                                               {"random", "teacher", "example"})) {
        const StartKind kind = name == "random"    ? StartKind::kRandom
                               : name == "teacher" ? StartKind::kTeacher
                                                   : StartKind::kExample;
        if (std::find(s.starts.begin(), s.starts.end(), kind) != s.starts.end()) {
            config.fail("sampler.starts", "\"" + name + "\"", "lists a start twice; list it once");
        }
        s.starts.push_back(kind);
    }
    if (s.starts.empty()) {
        config.fail("sampler.starts", "[]", "needs at least one of random, teacher, example");
    }
    s.burn_in = config.integer("sampler.burn_in", 1000, 0, std::int64_t{1} << 40);
    s.sweeps = config.integer("sampler.sweeps", 2000, 1, std::int64_t{1} << 40);
    s.measure_every = config.integer("sampler.measure_every", 1, 1, std::int64_t{1} << 30);
    s.exchange_every = config.integer("sampler.exchange_every", 1, 1, std::int64_t{1} << 30);
    s.bins = static_cast<int>(config.integer("sampler.bins", 100, 2, 100000));
    const std::int64_t unit = s.measure_every * s.bins;
    if (s.sweeps % unit != 0) {
        const std::int64_t below = std::max<std::int64_t>(unit, s.sweeps / unit * unit);
        config.fail("sampler.sweeps", std::to_string(s.sweeps),
                    "must be a multiple of sampler.measure_every x sampler.bins = " +
                        std::to_string(unit) + " so that every bin has the same length; use " +
                        std::to_string(below) + " or " + std::to_string(below + unit));
    }
}

void parse_idx_source(Config& config, TeacherStudentConfig& out) {
    out.images_path = config.text("idx.images", kDefaultImagesPath);
    out.labels_path = config.text("idx.labels", kDefaultLabelsPath);
    out.label = static_cast<int>(config.integer("idx.class", 0, 0, 255));
    out.threshold = config.real("idx.threshold", 0.5, 0.0, 1.0);
}

/// Reject a key that only another source or scan mode reads, and name the setting that uses
/// it. Without this check, such a key would be reported as unknown.
void reject_keys_of_other_modes(const Config& config) {
    const std::vector<std::pair<const char*, const char*>> conditional = {
        {"idx.images", "teacher.source = \"idx\""},
        {"idx.labels", "teacher.source = \"idx\""},
        {"idx.class", "teacher.source = \"idx\""},
        {"idx.threshold", "teacher.source = \"idx\""},
        {"teacher.basin", "teacher.source = \"teacher\""},
        {"teacher.p", "teacher.source = \"teacher\" and scan.nishimori = false"},
        {"teacher.form", "teacher.source = \"teacher\" and scan.nishimori = false"},
        {"scan.T_teacher", "teacher.source = \"teacher\" and scan.nishimori = false"},
        {"scan.r", "teacher.source = \"noisy\""},
        {"scan.nishimori_ladder", "scan.nishimori = true"},
    };
    for (const auto& [key, mode] : conditional) {
        if (config.contains(key) && !config.is_known(key)) {
            config.fail(key, config.given_text(key),
                        std::string("this key is used only when ") + mode +
                            "; remove it or change that setting");
        }
    }
}

}  // namespace

TeacherStudentConfig parse_teacher_student_config(Config& config) {
    TeacherStudentConfig out;
    out.seed = static_cast<std::uint64_t>(
        config.integer("seed", 1, 0, std::numeric_limits<std::int64_t>::max()));

    const std::string source =
        config.choice("teacher.source", "teacher", {"teacher", "noisy", "idx"});
    out.source = source == "teacher" ? ExampleSource::kTeacher
                 : source == "noisy" ? ExampleSource::kNoisy
                                     : ExampleSource::kIdx;

    if (out.source == ExampleSource::kIdx) {
        parse_idx_source(config, out);
        if (config.contains("model.N")) {
            config.fail("model.N", config.given_text("model.N"),
                        "N is the number of pixels of the IDX images when teacher.source = "
                        "\"idx\"; remove model.N from the config file (the built-in default "
                        "sets it, so use a config file for IDX runs)");
        }
        out.sites = 0;  // filled from the image file by make_plan
    } else {
        out.sites = static_cast<int>(config.integer("model.N", 64, 2, kMaxSites));
    }
    const int model_order = static_cast<int>(config.integer("model.p", 3, 2, kMaxOrder));
    out.form = parse_form(config.choice("model.form", "gardner", {"gardner", "krotov"}));

    std::vector<std::int64_t> orders = config.integer_list("scan.p", {model_order}, 2, kMaxOrder);
    if (orders.empty()) {
        config.fail("scan.p", "[]", "needs at least one order p >= 2");
    }
    for (auto p : orders) {
        out.orders.push_back(static_cast<int>(p));
        if (out.sites != 0 && p > out.sites) {
            config.fail(
                config.contains("scan.p") ? "scan.p" : "model.p", std::to_string(p),
                "must not exceed model.N = " + std::to_string(out.sites) + "; lower p or raise N");
        }
    }

    out.nishimori = config.boolean("scan.nishimori", false);
    if (out.source == ExampleSource::kTeacher) {
        out.paramagnetic_only =
            config.choice("teacher.basin", "any", {"any", "paramagnetic"}) == "paramagnetic";
        if (out.nishimori) {
            for (const char* key : {"teacher.p", "teacher.form", "scan.T_teacher"}) {
                if (config.contains(key)) {
                    config.fail(key, config.given_text(key),
                                "scan.nishimori = true sets the teacher equal to the student "
                                "(p* = p, same form, T* = T); remove this key");
                }
            }
            out.teacher_order = 0;
            out.teacher_form = out.form;
        } else {
            out.teacher_order = static_cast<int>(config.integer("teacher.p", 0, 0, kMaxOrder));
            if (out.teacher_order == 1) {
                config.fail("teacher.p", "1",
                            "the teacher order must be 0 (equal to the "
                            "student's p) or at least 2");
            }
            out.teacher_form = parse_form(
                config.choice("teacher.form", form_name(out.form), {"gardner", "krotov"}));
            out.teacher_temperatures = config.real_list("scan.T_teacher", {1.6}, 0.0, kInf);
            for (double t : out.teacher_temperatures) {
                if (t <= 0.0) {
                    config.fail("scan.T_teacher", short_real(t),
                                "the teacher temperature T* must be positive (inf gives "
                                "uniform examples); raise it above 0");
                }
            }
            if (out.teacher_temperatures.empty()) {
                config.fail("scan.T_teacher", "[]", "needs at least one teacher temperature");
            }
        }
    } else if (out.nishimori) {
        config.fail("scan.nishimori", "true",
                    "the Nishimori line needs examples drawn from the teacher; set "
                    "teacher.source = \"teacher\"");
    }
    if (out.source == ExampleSource::kNoisy) {
        out.qualities = config.real_list("scan.r", {0.5}, -1.0, 1.0);
        if (out.qualities.empty()) {
            config.fail("scan.r", "[]", "needs at least one dataset quality r in [-1, 1]");
        }
    }

    // Load: exactly one convention.
    const std::vector<std::pair<const char*, LoadConvention>> load_keys = {
        {"scan.alpha", LoadConvention::kAlpha},
        {"scan.M", LoadConvention::kExamples},
        {"scan.alpha_pairwise", LoadConvention::kAlphaPairwise}};
    int given = 0;
    int overridden = 0;
    LoadConvention override_convention = LoadConvention::kAlpha;
    for (const auto& [key, convention] : load_keys) {
        if (config.contains(key)) {
            ++given;
            out.load_convention = convention;
        }
        if (config.source_of(key) == "from --set") {
            ++overridden;
            override_convention = convention;
        }
    }
    // One load key given with --set replaces the file's load key, so that a scan written
    // with scan.alpha can be rerun with --set scan.M=[...] without editing the file.
    if (given > 1 && overridden == 1) {
        given = 1;
        out.load_convention = override_convention;
    }
    if (given > 1) {
        std::string set_keys;
        for (const auto& [key, convention] : load_keys) {
            if (config.contains(key)) {
                set_keys += std::string(set_keys.empty() ? "" : ", ") + key + " = " +
                            config.given_text(key);
            }
        }
        throw InputError("more than one load key is set (" + set_keys +
                         "); give exactly one of scan.alpha (p! M / N^(p-1)), scan.M (the "
                         "number of examples) or scan.alpha_pairwise (M = alpha "
                         "N^(p/2) / (p/2+1)!)");
    }
    if (given == 0) {
        out.load_convention = LoadConvention::kAlpha;
    }
    const std::string load_key = "scan." + load_key_name(out.load_convention);
    out.loads = config.real_list(load_key, {1.0}, 0.0, 1e15);
    for (const auto& [key, convention] : load_keys) {
        config.mark_known(key);
    }
    if (out.loads.empty()) {
        config.fail(load_key, "[]", "needs at least one load");
    }
    for (double load : out.loads) {
        if (load <= 0.0) {
            config.fail(load_key, short_real(load), "the load must be positive; raise it above 0");
        }
    }
    {
        std::vector<double> sorted = out.loads;
        std::sort(sorted.begin(), sorted.end());
        const auto repeated = std::adjacent_find(sorted.begin(), sorted.end());
        if (repeated != sorted.end()) {
            config.fail(load_key, config.given_text(load_key),
                        "lists " + short_real(*repeated) +
                            " twice; every load must appear once (use scan.samples for more "
                            "datasets)");
        }
    }
    if (out.load_convention == LoadConvention::kAlphaPairwise) {
        for (int p : out.orders) {
            if (p % 2 != 0) {
                config.fail(load_key,
                            config.given_text(load_key) + " with p = " + std::to_string(p),
                            "scan.alpha_pairwise is defined for even student p only; use "
                            "scan.alpha or scan.M");
            }
        }
    }

    out.temperatures = config.real_list("scan.T", {1.0}, 0.0, kInf);
    if (out.temperatures.empty()) {
        config.fail("scan.T", "[]", "the temperature ladder is empty; give at least one T");
    }
    std::sort(out.temperatures.begin(), out.temperatures.end());
    if (std::adjacent_find(out.temperatures.begin(), out.temperatures.end()) !=
        out.temperatures.end()) {
        config.fail("scan.T", config.given_text("scan.T"),
                    "every temperature must appear once; remove the repeated value");
    }
    if (out.nishimori) {
        out.nishimori_ladder = config.real_list("scan.nishimori_ladder", {1.0}, 0.0, kInf);
        std::sort(out.nishimori_ladder.begin(), out.nishimori_ladder.end());
        if (out.nishimori_ladder.front() <= 0.0) {
            config.fail("scan.nishimori_ladder", config.given_text("scan.nishimori_ladder"),
                        "every factor must be positive (inf gives a beta = 0 rung); remove "
                        "the factor 0");
        }
        if (std::find(out.nishimori_ladder.begin(), out.nishimori_ladder.end(), 1.0) ==
            out.nishimori_ladder.end()) {
            config.fail("scan.nishimori_ladder", config.given_text("scan.nishimori_ladder"),
                        "the factors multiplying each Nishimori temperature must include 1.0, "
                        "the Nishimori point itself");
        }
        for (double t : out.temperatures) {
            if (t <= 0.0 || std::isinf(t)) {
                config.fail("scan.T", short_real(t),
                            "Nishimori-line temperatures must be positive and finite; remove "
                            "this value or set scan.nishimori = false");
            }
        }
    }
    {
        const std::size_t rungs =
            out.nishimori ? out.nishimori_ladder.size() : out.temperatures.size();
        if (rungs > 255) {
            config.fail(out.nishimori ? "scan.nishimori_ladder" : "scan.T",
                        std::to_string(rungs) + " rungs",
                        "a ladder has at most 255 rungs (the rung history is stored as one "
                        "byte per walker and measurement); use fewer temperatures");
        }
    }
    const bool zero_in_ladder = out.temperatures.front() == 0.0;
    const std::size_t ladder_size =
        out.nishimori ? out.nishimori_ladder.size() : out.temperatures.size();
    if (zero_in_ladder && ladder_size > 1) {
        config.fail("scan.T", "0",
                    "T = 0 runs greedy dynamics and cannot be a parallel-tempering rung; run "
                    "it as a ladder of one temperature");
    }

    out.samples = static_cast<int>(config.integer("scan.samples", 4, 1, 1000000));
    parse_sampler(config, out);
    out.disagreement_z = config.real("equilibration.z", 4.0, 0.5, 100.0);
    out.min_tau_multiple = config.real("equilibration.min_tau_multiple", 20.0, 0.0, 1e9);
    out.output_path = config.text("output.path", "statmem.h5");

    reject_keys_of_other_modes(config);
    config.reject_unknown_keys();
    out.resolved_text = config.resolved_text();
    return out;
}

WorkPlan make_plan(const TeacherStudentConfig& config) {
    WorkPlan plan;
    plan.samples = config.samples;
    const int n = config.sites;
    const std::vector<double> teacher_temperatures = config.nishimori ? config.temperatures
                                                     : config.source == ExampleSource::kTeacher
                                                         ? config.teacher_temperatures
                                                         : std::vector<double>{kInf};
    const std::vector<double> qualities =
        config.source == ExampleSource::kNoisy ? config.qualities : std::vector<double>{0.0};

    for (int p : config.orders) {
        for (double load : config.loads) {
            for (double teacher_t : teacher_temperatures) {
                for (double r : qualities) {
                    ParameterPoint point;
                    point.order = p;
                    point.form = config.form;
                    point.teacher_order = config.teacher_order == 0 ? p : config.teacher_order;
                    point.teacher_form = config.nishimori ? config.form : config.teacher_form;
                    point.load = load;
                    point.teacher_temperature = teacher_t;
                    point.quality = r;

                    double examples = load;
                    if (config.load_convention == LoadConvention::kAlpha) {
                        examples = load * std::pow(n, p - 1) / factorial(p);
                    } else if (config.load_convention == LoadConvention::kAlphaPairwise) {
                        examples = load * std::pow(n, p / 2) / factorial(p / 2 + 1);
                    }
                    const std::string load_key = "scan." + load_key_name(config.load_convention);
                    if (!(examples >= 0.5)) {
                        throw InputError(
                            "invalid config value " + load_key + " = " + short_real(load) +
                            ": it gives M = " + short_real(examples) +
                            " examples at N = " + std::to_string(n) + ", p = " + std::to_string(p) +
                            ", which rounds to 0; " +
                            (config.load_convention == LoadConvention::kExamples
                                 ? std::string("give at least 1 example")
                                 : "raise " + load_key +
                                       " or model.N so that M >= 1, or give M directly with "
                                       "scan.M"));
                    }
                    if (examples > static_cast<double>(kMaxExamples)) {
                        throw InputError(
                            "invalid config value " + load_key + " = " + short_real(load) +
                            ": it gives M = " + short_real(examples) +
                            " examples at N = " + std::to_string(n) + ", p = " + std::to_string(p) +
                            ", more than the 2^40 statmem supports; lower " + load_key);
                    }
                    point.examples = static_cast<std::int64_t>(std::llround(examples));
                    point.alpha =
                        factorial(p) * static_cast<double>(point.examples) / std::pow(n, p - 1);

                    if (config.nishimori) {
                        for (double factor : config.nishimori_ladder) {
                            point.temperatures.push_back(teacher_t * factor);
                        }
                        point.nishimori_rung =
                            static_cast<int>(std::find(config.nishimori_ladder.begin(),
                                                       config.nishimori_ladder.end(), 1.0) -
                                             config.nishimori_ladder.begin());
                    } else {
                        point.temperatures = config.temperatures;
                    }
                    plan.points.push_back(std::move(point));
                }
            }
        }
    }
    plan.rungs = static_cast<int>(plan.points.front().temperatures.size());
    return plan;
}

}  // namespace statmem

namespace statmem {

const char* default_run_config() {
    return R"(# Built-in default of `statmem run`: the Nishimori line of a p = 3 Gardner
# teacher-student DAM at small N, two loads, four temperatures, eight datasets, with a
# three-rung tempering ladder above each Nishimori temperature.
seed = 2024

[model]
N = 48
p = 3
form = "gardner"

[scan]
nishimori = true
nishimori_ladder = [1.0, 1.3, 1.7]
alpha = [2.0, 6.0]
T = [1.6, 2.0, 2.4, 3.0]
samples = 8

[sampler]
algorithm = "metropolis"
replicas = 2
starts = ["random", "teacher"]
burn_in = 500
sweeps = 1000
bins = 50

[output]
path = "statmem-default.h5"
)";
}

}  // namespace statmem
