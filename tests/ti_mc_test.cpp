// Thermodynamic integration of `statmem run` energies against the exact ln Z of the same
// dataset, found by enumerating all 2^N student patterns.

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "run_helpers.hpp"
#include "stat_test.hpp"
#include "statmem/experiments/teacher_student.hpp"
#include "statmem/theory/thermodynamic_integration.hpp"

namespace statmem {
namespace {

/// Exact ln Z(beta) / N and the exact mean energy per spin for the dataset of task 0.
struct ExactThermo {
    double free_entropy;
    double energy;
};

ExactThermo enumerate(const testing::SmallRun& run, double beta) {
    const ParameterPoint& point = run.plan.points[0];
    const Dataset data = make_dataset(run.config, run.plan, 0, 0, nullptr);
    const int n = run.config.sites;
    const DamPolynomial poly(n, point.order, point.form);
    std::vector<double> energies;
    Spins xi(n);
    for (std::uint32_t state = 0; state < (1U << n); ++state) {
        for (int i = 0; i < n; ++i) {
            xi[i] = ((state >> i) & 1U) ? 1 : -1;
        }
        double sum_g = 0.0;
        for (int x : data.examples.overlaps(xi)) {
            sum_g += static_cast<double>(poly.value((x + n) / 2));
        }
        energies.push_back(-sum_g / poly.energy_denominator());
    }
    double top = -INFINITY;
    for (double e : energies) {
        top = std::max(top, -beta * e);
    }
    double z = 0.0;
    double weighted = 0.0;
    for (double e : energies) {
        const double w = std::exp(-beta * e - top);
        z += w;
        weighted += w * e;
    }
    return {(std::log(z) + top) / n, weighted / z / n};
}

TEST(ThermodynamicIntegration, MatchesExactFreeEntropy) {
    // 21 rungs from beta = 0 to 1. Exchanges are switched off (exchange_every exceeds the
    // run), so every rung is an independent chain, as the error propagation assumes.
    std::ostringstream ladder;
    ladder << "[inf";
    for (int k = 1; k <= 20; ++k) {
        ladder << ", " << 20.0 / k;
    }
    ladder << "]";
    const std::string toml =
        "seed = 404\n[model]\nN = 10\np = 3\nform = \"gardner\"\n"
        "[scan]\nM = 8\nT = " +
        ladder.str() +
        "\nT_teacher = 3.0\nsamples = 1\n"
        "[sampler]\nreplicas = 2\nstarts = [\"random\"]\nburn_in = 1000\nsweeps = 20000\n"
        "bins = 100\nexchange_every = 1000000\n";
    const testing::SmallRun run = testing::make_run(toml);
    const TaskResult result = run_task(run.config, run.plan, 0, nullptr, {});

    // Rungs are stored by ascending T; integrate in ascending beta.
    const int rungs = run.plan.rungs;
    std::vector<double> beta, energy, error, exact_energy;
    for (int l = rungs - 1; l >= 0; --l) {
        const double t = run.plan.points[0].temperatures[l];
        const double b = std::isinf(t) ? 0.0 : 1.0 / t;
        beta.push_back(b);
        energy.push_back(result.mean[static_cast<std::size_t>(kEnergy) * rungs + l]);
        error.push_back(result.error[static_cast<std::size_t>(kEnergy) * rungs + l]);
        exact_energy.push_back(enumerate(run, b).energy);
        ASSERT_LT(10.0 * result.tau[static_cast<std::size_t>(kEnergy) * rungs + l], 200.0)
            << "bins too short for tau at beta = " << b;
    }
    const auto mc =
        theory::integrate_free_entropy(beta, energy, error, theory::IntegrationRule::simpson);
    const std::vector<double> zero(beta.size(), 0.0);
    const auto quadrature =
        theory::integrate_free_entropy(beta, exact_energy, zero, theory::IntegrationRule::simpson);
    const double exact = enumerate(run, 1.0).free_entropy;
    const double sigma = mc.error.back();
    ASSERT_GT(sigma, 0.0);

    // Simpson's bias on this ladder, measured with exact energies, must be negligible
    // next to the statistical error, or the comparison below would test the rule instead.
    EXPECT_LT(std::abs(quadrature.free_entropy.back() - exact), 0.1 * sigma);

    const double t_stat = (mc.free_entropy.back() - exact) / sigma;
    EXPECT_GT(testing::t_test_p_value(t_stat, 99.0), testing::kPerCheckLevel)
        << "TI " << mc.free_entropy.back() << " +- " << sigma << ", exact " << exact;
}

}  // namespace
}  // namespace statmem
