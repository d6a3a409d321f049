// Single-pattern magnetisation law and the Nishimori identities, through the full
// `statmem run` task path.

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "exact_laws.hpp"
#include "run_helpers.hpp"
#include "stat_test.hpp"
#include "statmem/experiments/teacher_student.hpp"
#include "statmem/measure/statistics.hpp"

namespace statmem {
namespace {

/// Fold k and N - k together (for even p, where the law is symmetric and a chain below
/// T_c stays in one of the two mirror states).
std::vector<double> fold(const std::vector<double>& x) {
    const int n = static_cast<int>(x.size()) - 1;
    std::vector<double> folded;
    for (int k = (n + 1) / 2; k <= n; ++k) {
        folded.push_back(k == n - k ? x[k] : x[k] + x[n - k]);
    }
    return folded;
}

struct MagnetisationCase {
    int sites;
    int order;
    const char* form;
    const char* ladder;
    const char* start;
    int measure_every;    // thinning, in sweeps
    int bin_length = 20;  // measurements per bin
};

void check_magnetisation(const MagnetisationCase& c) {
    const int measure_every = c.measure_every;
    const int bins = 100;
    const int sweeps = c.bin_length * measure_every * bins;
    std::ostringstream toml;
    toml << "seed = " << c.sites + c.order << "\n[model]\nN = " << c.sites << "\np = " << c.order
         << "\nform = \"" << c.form << "\"\n"
         << "[teacher]\nsource = \"noisy\"\n"  // r = 1: the single example is the pattern
         << "[scan]\nM = 1\nr = 1.0\nT = " << c.ladder << "\nsamples = 1\n"
         << "[sampler]\nreplicas = 2\nstarts = [\"" << c.start << "\"]\nburn_in = 2000\n"
         << "sweeps = " << sweeps << "\nmeasure_every = " << measure_every << "\nbins = " << bins
         << "\n";
    const testing::SmallRun run = testing::make_run(toml.str());
    const TaskResult result = run_task(run.config, run.plan, 0, nullptr, {});
    const TaskShape shape = task_shape(run.config, run.plan);
    const double samples = static_cast<double>(run.config.sampler.measurements()) * shape.replicas;

    for (int rung = 0; rung < shape.rungs; ++rung) {
        const double t = run.plan.points[0].temperatures[rung];
        // Thinning: measurements must be nearly independent for a chi-square test.
        const double tau_measurements =
            result.tau[static_cast<std::size_t>(kAbsQTeacher) * shape.rungs + rung] / measure_every;
        EXPECT_LT(tau_measurements, 1.0) << "T = " << t << ": thin more";

        std::vector<double> counts(c.sites + 1);
        for (int k = 0; k <= c.sites; ++k) {
            counts[k] = std::round(
                result.hist_q_teacher[static_cast<std::size_t>(rung) * (c.sites + 1) + k] *
                samples);
        }
        auto law = testing::single_pattern_law(c.sites, c.order, parse_form(c.form), t);
        if (c.order % 2 == 0) {
            counts = fold(counts);
            law = fold(law);
        }
        const auto chi = testing::chi_square(counts, law);
        EXPECT_GT(chi.p_value, testing::kPerCheckLevel)
            << "N=" << c.sites << " p=" << c.order << " " << c.form << " T=" << t
            << ": chi2 = " << chi.statistic << " with " << chi.dof << " dof";
    }
}

TEST(SinglePattern, OrderTwoAboveAndBelowTc) {
    check_magnetisation({100, 2, "krotov", "[1.5]", "random", 10});
    check_magnetisation({200, 2, "gardner", "[3.0]", "random", 10});
}

TEST(SinglePattern, OrderThreeAwayFromCoexistence) {
    // Below T_c = 1.4879 the aligned state carries all the weight at these N; start there.
    check_magnetisation({300, 3, "gardner", "[1.2]", "teacher", 10});
    check_magnetisation({100, 3, "krotov", "[1.9]", "random", 20});
}

TEST(SinglePattern, OrderThreeTemperingAcrossCoexistence) {
    check_magnetisation({100, 3, "gardner",
                         "[1.2, 1.3, 1.38, 1.44, 1.48, 1.52, 1.56, 1.62, 1.7, 1.8, 2.0]", "random",
                         300, 10});
}

/// Per-sample differences <f(xi*, xi)> - <f(xi1, xi2)> must average to zero on the
/// Nishimori line.
void check_identity(const std::vector<TaskResult>& results, const WorkPlan& plan, int point,
                    int lhs, int rhs, const std::string& label) {
    // Mean arrays are [observable][start][rung] with one start; use the Nishimori rung.
    const int rung = plan.points[point].nishimori_rung;
    const std::size_t points = plan.points.size();
    std::vector<double> differences;
    for (std::size_t k = point; k < results.size(); k += points) {
        differences.push_back(results[k].mean[lhs * plan.rungs + rung] -
                              results[k].mean[rhs * plan.rungs + rung]);
    }
    const Estimate e = mean_and_error(differences);
    ASSERT_GT(e.error, 0.0) << label << ": no fluctuations; choose a higher temperature";
    const double t = e.mean / e.error;
    EXPECT_GT(testing::t_test_p_value(t, static_cast<double>(differences.size()) - 1),
              testing::kPerCheckLevel)
        << label << ": mean difference " << e.mean << " +- " << e.error;
}

void check_nishimori(int order, int sites, const char* alpha, const char* temperatures,
                     int samples) {
    // A ladder of student temperatures above each Nishimori point helps the random-start
    // chains reach the teacher state; only the rung at T = T* enters the identities.
    std::ostringstream toml;
    toml << "seed = " << 7000 + order << "\n[model]\nN = " << sites << "\np = " << order << "\n"
         << "[scan]\nnishimori = true\nnishimori_ladder = [1.0, 1.4, 2.0, 3.0]\n"
         << "alpha = " << alpha << "\nT = " << temperatures << "\nsamples = " << samples << "\n"
         << "[sampler]\nreplicas = 2\nstarts = [\"random\"]\nburn_in = 500\nsweeps = 1000\n"
         << "bins = 20\n";
    const testing::SmallRun run = testing::make_run(toml.str());
    std::vector<TaskResult> results;
    for (std::int64_t task = 0; task < run.plan.tasks(); ++task) {
        results.push_back(run_task(run.config, run.plan, task, nullptr, {}));
    }
    for (int p = 0; p < static_cast<int>(run.plan.points.size()); ++p) {
        std::ostringstream label;
        label << "p=" << order << " alpha=" << run.plan.points[p].alpha
              << " T=" << run.plan.points[p].temperatures[0];
        check_identity(results, run.plan, p, kAbsQTeacher, kAbsQ, label.str() + " |q*| vs |q|");
        check_identity(results, run.plan, p, kQTeacher2, kQ2, label.str() + " q*^2 vs q^2");
        if (order % 2 == 1) {
            check_identity(results, run.plan, p, kQTeacher, kQ, label.str() + " q* vs q");
        }
    }
}

TEST(NishimoriIdentities, OrderTwo) {
    check_nishimori(2, 24, "[1.0, 3.0]", "[2.0, 3.0]", 120);
}

TEST(NishimoriIdentities, OrderThree) {
    check_nishimori(3, 12, "[2.0, 6.0]", "[1.2, 2.0]", 120);
}

}  // namespace
}  // namespace statmem
