// Monte Carlo averages of the full `statmem run` task path against exact enumeration of
// the student posterior on small systems (all 2^N student patterns).

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "run_helpers.hpp"
#include "stat_test.hpp"
#include "statmem/experiments/teacher_student.hpp"
#include "statmem/models/dam.hpp"

namespace statmem {
namespace {

struct ExactAverages {
    double values[kObservableCount] = {};
};

/// Exact posterior averages at inverse temperature beta for the dataset of task 0.
ExactAverages enumerate(const testing::SmallRun& run, int point_index, double beta) {
    const ParameterPoint& point = run.plan.points[point_index];
    const Dataset data = make_dataset(run.config, run.plan, point_index, 0, nullptr);
    const int n = run.config.sites;
    const DamPolynomial poly(n, point.order, point.form);
    std::vector<double> log_weight;
    std::vector<std::array<double, kObservableCount>> observables;
    Spins xi(n);
    for (std::uint32_t state = 0; state < (1U << n); ++state) {
        for (int i = 0; i < n; ++i) {
            xi[i] = ((state >> i) & 1U) ? 1 : -1;
        }
        const auto overlaps = data.examples.overlaps(xi);
        double sum_g = 0.0;
        int max_abs = 0;
        for (int x : overlaps) {
            sum_g += static_cast<double>(poly.value((x + n) / 2));
            max_abs = std::max(max_abs, std::abs(x));
        }
        const double energy = -sum_g / poly.energy_denominator();
        int dot = 0;
        for (int i = 0; i < n; ++i) {
            dot += xi[i] * data.teacher[i];
        }
        const double qt = static_cast<double>(dot) / n;
        std::array<double, kObservableCount> o{};
        o[kEnergy] = energy / n;
        o[kQTeacher] = qt;
        o[kAbsQTeacher] = std::abs(qt);
        o[kQTeacher2] = qt * qt;
        o[kM] = static_cast<double>(max_abs) / n;
        observables.push_back(o);
        log_weight.push_back(-beta * energy);
    }
    const double top = *std::max_element(log_weight.begin(), log_weight.end());
    double z = 0.0;
    ExactAverages result;
    std::vector<double> weight(observables.size());
    for (std::size_t s = 0; s < observables.size(); ++s) {
        weight[s] = std::exp(log_weight[s] - top);
        z += weight[s];
        for (int o = 0; o < kObservableCount; ++o) {
            result.values[o] += weight[s] * observables[s][o];
        }
    }
    for (double& v : result.values) {
        v /= z;
    }
    // Two independent replicas: sum over all pairs of states, q = popcount-based overlap.
    result.values[kQ] = result.values[kAbsQ] = result.values[kQ2] = result.values[kQ4] = 0.0;
    for (std::uint32_t a = 0; a < observables.size(); ++a) {
        for (std::uint32_t b = 0; b < observables.size(); ++b) {
            const double q = (n - 2.0 * __builtin_popcount(a ^ b)) / n;
            const double w = weight[a] * weight[b] / (z * z);
            result.values[kQ] += w * q;
            result.values[kAbsQ] += w * std::abs(q);
            result.values[kQ2] += w * q * q;
            result.values[kQ4] += w * q * q * q * q;
        }
    }
    return result;
}

struct Case {
    int order;
    const char* form;
    int examples;
    const char* algorithm;
    const char* temperatures;  // TOML list
};

std::string describe(const Case& c) {
    std::ostringstream out;
    out << "p=" << c.order << " " << c.form << " M=" << c.examples << " " << c.algorithm
        << " T=" << c.temperatures;
    return out.str();
}

void check_case(const Case& c) {
    const int bins = 100;
    const int bin_length = 200;
    std::ostringstream toml;
    toml << "seed = " << 100 + c.order * 10 + c.examples << "\n"
         << "[model]\nN = 10\np = " << c.order << "\nform = \"" << c.form << "\"\n"
         << "[teacher]\np = " << c.order << "\n"
         << "[scan]\nM = [" << c.examples << "]\nT = " << c.temperatures
         << "\nT_teacher = [3.0]\nsamples = 1\n"
         << "[sampler]\nalgorithm = \"" << c.algorithm << "\"\nreplicas = 2\n"
         << "starts = [\"random\"]\nburn_in = 2000\nsweeps = " << bins * bin_length
         << "\nbins = " << bins << "\n";
    const testing::SmallRun run = testing::make_run(toml.str());
    const TaskResult result = run_task(run.config, run.plan, 0, nullptr, {});
    const TaskShape shape = task_shape(run.config, run.plan);

    std::vector<int> checked = {kEnergy, kAbsQTeacher, kQTeacher2, kM, kAbsQ, kQ2, kQ4};
    if (c.order % 2 == 1) {
        checked.push_back(kQTeacher);
        checked.push_back(kQ);
    }
    for (int rung = 0; rung < shape.rungs; ++rung) {
        const double t = run.plan.points[0].temperatures[rung];
        const ExactAverages exact = enumerate(run, 0, 1.0 / t);
        for (int o : checked) {
            const std::size_t at = static_cast<std::size_t>(o) * shape.rungs + rung;
            const double mc = result.mean[at];
            const double error = result.error[at];
            const double tau = result.tau[at];
            ASSERT_GT(error, 0.0) << describe(c) << " " << observable_name(o);
            ASSERT_LT(10.0 * tau, bin_length)
                << describe(c) << " " << observable_name(o) << ": bins too short for tau";
            const double t_stat = (mc - exact.values[o]) / error;
            EXPECT_GT(testing::t_test_p_value(t_stat, bins - 1), testing::kPerCheckLevel)
                << describe(c) << " rung T=" << t << " " << observable_name(o) << ": MC " << mc
                << " +- " << error << ", exact " << exact.values[o];
        }
    }
}

TEST(ExactEnumeration, OrderTwo) {
    for (const char* form : {"krotov", "gardner"}) {
        for (int m : {3, 12}) {
            check_case({2, form, m, "metropolis", "[2.0]"});
        }
    }
}

TEST(ExactEnumeration, OrderThree) {
    for (const char* form : {"krotov", "gardner"}) {
        for (int m : {3, 12}) {
            check_case({3, form, m, "metropolis", "[2.0]"});
        }
    }
}

TEST(ExactEnumeration, OrderFour) {
    for (const char* form : {"krotov", "gardner"}) {
        for (int m : {3, 12}) {
            check_case({4, form, m, "metropolis", "[2.0]"});
        }
    }
}

TEST(ExactEnumeration, HeatBath) {
    check_case({3, "gardner", 6, "heat-bath", "[1.5]"});
    check_case({2, "krotov", 6, "heat-bath", "[1.5]"});
}

TEST(ExactEnumeration, InfiniteTemperatureRung) {
    // At beta = 0 Metropolis accepts every flip; the chain must still sample all states,
    // not only those reachable with an even number of flips per sweep.
    check_case({3, "gardner", 6, "metropolis", "[inf]"});
    check_case({2, "krotov", 6, "metropolis", "[1.5, 3.0, inf]"});
    check_case({4, "gardner", 6, "heat-bath", "[2.0, inf]"});
}

TEST(ExactEnumeration, ParallelTemperingLadder) {
    check_case({3, "gardner", 8, "metropolis", "[0.7, 1.0, 1.5, 2.2, 3.2]"});
    check_case({4, "krotov", 5, "heat-bath", "[1.0, 1.6, 2.5]"});
}

}  // namespace
}  // namespace statmem

namespace statmem {
namespace {

TEST(ParallelTempering, RungHistoryMatchesRoundTrips) {
    // With no burn-in and an exchange and a measurement every sweep, the history contains every
    // state the round-trip counter saw, so the count can be redone from it.
    const testing::SmallRun run = testing::make_run(
        "seed = 9\n[model]\nN = 12\np = 3\n[scan]\nM = 6\nT = [0.8, 1.2, 1.8, 2.7, 4.0]\n"
        "T_teacher = 3.0\nsamples = 1\n[sampler]\nreplicas = 2\nstarts = [\"random\"]\n"
        "burn_in = 0\nsweeps = 4000\nbins = 20\n");
    const TaskResult result = run_task(run.config, run.plan, 0, nullptr, {});
    const TaskShape shape = task_shape(run.config, run.plan);
    const int rungs = shape.rungs;
    const std::int64_t steps = shape.measurements;
    ASSERT_EQ(result.rung_history.size(),
              static_cast<std::size_t>(shape.starts * shape.replicas * rungs * steps));

    for (int ladder = 0; ladder < shape.starts * shape.replicas; ++ladder) {
        auto rung_at = [&](int slot, std::int64_t t) {
            return static_cast<int>(
                result.rung_history[(static_cast<std::size_t>(ladder) * rungs + slot) * steps + t]);
        };
        // Every measurement places the walkers on distinct rungs.
        for (std::int64_t t = 0; t < steps; ++t) {
            std::vector<int> seen(rungs, 0);
            for (int slot = 0; slot < rungs; ++slot) {
                ++seen[rung_at(slot, t)];
            }
            ASSERT_EQ(std::count(seen.begin(), seen.end(), 1), rungs) << "t = " << t;
        }
        // Recount round trips: coldest rung, then hottest, then coldest again.
        std::vector<int> direction(rungs, -1);
        direction[0] = 0;  // walker 0 starts on the coldest rung
        std::int64_t trips = 0;
        for (std::int64_t t = 0; t < steps; ++t) {
            for (int slot = 0; slot < rungs; ++slot) {
                if (rung_at(slot, t) == 0) {
                    trips += direction[slot] == 1 ? 1 : 0;
                    direction[slot] = 0;
                } else if (rung_at(slot, t) == rungs - 1 && direction[slot] == 0) {
                    direction[slot] = 1;
                }
            }
        }
        EXPECT_EQ(static_cast<double>(trips), result.round_trips[ladder]) << "ladder " << ladder;
        EXPECT_GT(trips, 0) << "no round trip at all: the test would not check anything";
    }
}

}  // namespace
}  // namespace statmem
