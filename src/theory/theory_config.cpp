#include "statmem/theory/theory_config.hpp"

#include <algorithm>
#include <cmath>

#include "statmem/core/error.hpp"
#include "statmem/theory/dam_rs.hpp"
#include "statmem/theory/hopfield.hpp"
#include "statmem/theory/rbm.hpp"

namespace statmem::theory {
namespace {

// Parameters a regime's grid axes may scan; the ones not on an axis are read from model.*.
std::vector<std::string> regime_parameters(const std::string& regime) {
    if (regime == "fixed_teacher" || regime == "teacher2_finite_noise" ||
        regime == "rbm_fixed_teacher") {
        return {"alpha", "T", "T_star"};
    }
    if (regime == "rbm_critical_load") {
        return {"T", "c"};
    }
    return {"alpha", "T"};
}

bool is_dam_regime(const std::string& regime) {
    return regime == "direct" || regime == "nishimori" || regime == "fixed_teacher" ||
           regime == "teacher2_finite_noise" || regime == "teacher2_large_noise";
}

std::string join(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& word : words) {
        out += (out.empty() ? "" : ", ") + word;
    }
    return out;
}

// Lower bound of each parameter: temperatures must be positive, alpha and c non-negative.
double parameter_minimum(const std::string& name) {
    return (name == "alpha" || name == "c") ? 0.0 : 1e-12;
}

double parameter_maximum(const std::string& name) {
    return name == "c" ? 1.0 - 1e-12 : 1e12;
}

GridAxis read_axis(Config& config, const std::string& prefix,
                   const std::vector<std::string>& parameters) {
    GridAxis axis;
    if (!config.contains(prefix + ".name")) {
        throw InputError("config key " + prefix +
                         ".name is missing; set it to one of: " + join(parameters));
    }
    axis.name = config.choice(prefix + ".name", parameters.front(), parameters);
    const double lo = parameter_minimum(axis.name);
    const double hi = parameter_maximum(axis.name);
    if (config.contains(prefix + ".values")) {
        axis.values = config.real_list(prefix + ".values", {}, lo, hi);
        if (axis.values.empty()) {
            config.fail(prefix + ".values", "[]", "the grid is empty; list at least one value");
        }
        return axis;
    }
    const double min = config.real(prefix + ".min", lo, lo, hi);
    const double max = config.real(prefix + ".max", min, lo, hi);
    const auto points = config.integer(prefix + ".points", 0, 0, 100000);
    if (points == 0) {
        config.fail(
            prefix + ".points", "0",
            "the grid is empty; set points >= 1 or give an explicit list in " + prefix + ".values");
    }
    if (points > 1 && !(max > min)) {
        config.fail(prefix + ".max", std::to_string(max),
                    "must be larger than " + prefix + ".min when points > 1");
    }
    for (std::int64_t i = 0; i < points; ++i) {
        axis.values.push_back(points == 1 ? min
                                          : min + (max - min) * static_cast<double>(i) /
                                                      static_cast<double>(points - 1));
    }
    return axis;
}

}  // namespace

const std::vector<std::string>& regime_names() {
    static const std::vector<std::string> names = {"direct",
                                                   "nishimori",
                                                   "fixed_teacher",
                                                   "teacher2_finite_noise",
                                                   "teacher2_large_noise",
                                                   "hopfield",
                                                   "rbm_nishimori",
                                                   "rbm_fixed_teacher",
                                                   "rbm_critical_load"};
    return names;
}

TheoryConfig read_theory_config(Config& config) {
    TheoryConfig settings;
    if (!config.contains("model.regime")) {
        throw InputError("config key model.regime is missing; set it to one of: " +
                         join(regime_names()));
    }
    settings.regime = config.choice("model.regime", "nishimori", regime_names());
    const bool dam = is_dam_regime(settings.regime);
    const bool pair_teacher =
        settings.regime == "teacher2_finite_noise" || settings.regime == "teacher2_large_noise";

    // Interaction order and Hamiltonian form.
    if (dam) {
        settings.p = static_cast<int>(config.integer("model.p", 3, 2, 64));
        if (settings.p < 3) {
            config.fail("model.p", std::to_string(settings.p),
                        "regime " + settings.regime +
                            " needs p >= 3 (its RS equations do not apply "
                            "to p = 2); use model.regime = \"hopfield\" for p = 2");
        }
        if (pair_teacher && settings.p % 2 != 0) {
            config.fail("model.p", std::to_string(settings.p),
                        "a p* = 2 teacher needs an even student order p >= 4");
        }
    } else if (settings.regime == "hopfield") {
        settings.p = static_cast<int>(config.integer("model.p", 2, 2, 2));
    }
    if (dam || settings.regime == "hopfield") {
        settings.form = config.choice("model.form", "gardner", {"gardner", "krotov"});
        if (pair_teacher && settings.form == "krotov") {
            config.fail("model.form", "\"krotov\"",
                        "the p* = 2 regimes assume the diagonal-free student (the Krotov "
                        "form's diagonal terms add lower powers of q*); set model.form = "
                        "\"gardner\"");
        }
    }
    // Same names as `statmem run`: "alpha" is p! M / N^(p-1) (2 M / N for p = 2),
    // "alpha_pairwise" has M = alpha N^(p/2) / (p/2 + 1)!, and the RBM's is M / N.
    settings.load_convention = settings.regime == "teacher2_finite_noise" ? "alpha_pairwise"
                               : (settings.regime.rfind("rbm", 0) == 0)   ? "alpha_rbm"
                                                                          : "alpha";

    // Grid axes and the fixed parameters.
    const std::vector<std::string> parameters = regime_parameters(settings.regime);
    settings.grid.x = read_axis(config, "grid.x", parameters);
    settings.grid.y = read_axis(config, "grid.y", parameters);
    if (settings.grid.x.name == settings.grid.y.name) {
        config.fail("grid.y.name", "\"" + settings.grid.y.name + "\"",
                    "both axes scan " + settings.grid.x.name + "; choose a different parameter");
    }
    for (const std::string& name : parameters) {
        if (name == settings.grid.x.name || name == settings.grid.y.name) {
            continue;
        }
        const std::string key = "model." + name;
        if (!config.contains(key)) {
            throw InputError("config key " + key + " is missing; regime " + settings.regime +
                             " needs " + name + " either on a grid axis or fixed in " + key);
        }
        const double value =
            config.real(key, 0.0, parameter_minimum(name), parameter_maximum(name));
        settings.fixed_parameters.push_back(name);
        if (name == "c") {
            settings.correlation = value;
        } else {
            settings.grid.fixed = with_parameter(settings.grid.fixed, name, value);
        }
    }
    if (settings.regime == "rbm_critical_load") {
        settings.patterns = static_cast<int>(config.integer("model.patterns", 2, 1, 20));
    }

    // Solver.
    settings.solver.damping = config.real("solver.damping", 0.7, 1e-3, 1.0);
    settings.solver.tolerance = config.real("solver.tolerance", 1e-10, 1e-15, 1e-3);
    settings.solver.max_iterations =
        static_cast<int>(config.integer("solver.max_iterations", 20000, 1, 100000000));
    settings.solver.newton_every =
        static_cast<int>(config.integer("solver.newton_every", 20, 0, 1000000));
    settings.order_tolerance = config.real("solver.order_tolerance", 1e-6, 1e-14, 0.1);
    settings.line_tolerance = config.real("solver.line_tolerance", 1e-3, 1e-9, 0.5);
    settings.threads = static_cast<int>(config.integer("solver.threads", 0, 0, 4096));

    if (config.contains("monte_carlo.run")) {
        settings.monte_carlo_runs.push_back(config.text("monte_carlo.run", ""));
    }
    settings.output_path = config.text("output.path", "theory.h5");
    config.reject_unknown_keys();
    return settings;
}

std::unique_ptr<PhaseModel> make_phase_model(const TheoryConfig& settings) {
    if (is_dam_regime(settings.regime)) {
        DamRegime regime = DamRegime::direct;
        for (const DamRegime candidate :
             {DamRegime::direct, DamRegime::nishimori, DamRegime::fixed_teacher,
              DamRegime::teacher2_finite_noise, DamRegime::teacher2_large_noise}) {
            if (regime_name(candidate) == settings.regime) {
                regime = candidate;
            }
        }
        return std::make_unique<DamPhaseModel>(regime, settings.p, settings.solver,
                                               settings.order_tolerance);
    }
    if (settings.regime == "hopfield") {
        return std::make_unique<HopfieldPhaseModel>(settings.form == "krotov", settings.solver,
                                                    settings.order_tolerance);
    }
    if (settings.regime == "rbm_nishimori" || settings.regime == "rbm_fixed_teacher") {
        return std::make_unique<RbmPhaseModel>(settings.regime == "rbm_nishimori", settings.solver,
                                               settings.order_tolerance);
    }
    throw Error("make_phase_model: regime " + settings.regime + " has no phase model");
}

}  // namespace statmem::theory
