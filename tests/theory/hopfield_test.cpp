// AGS theory of the p = 2 Hopfield model.

#include <gtest/gtest.h>

#include <cmath>

#include "statmem/theory/hopfield.hpp"

namespace statmem::theory {
namespace {

SolverSettings tight_settings() {
    SolverSettings settings;
    settings.damping = 0.5;
    settings.tolerance = 1e-12;
    settings.max_iterations = 200000;
    return settings;
}

TEST(AgsZeroTemperature, CriticalLoad) {
    const double alpha_ags = ags_zero_temperature_critical_load();
    EXPECT_NEAR(alpha_ags, 0.1379, 5e-4);
    // statmem's load is twice the textbook one.
    EXPECT_NEAR(2.0 * alpha_ags, 0.2758, 1e-3);
}

// The iterated equations agree with the closed-form critical load.
TEST(AgsZeroTemperature, RetrievalEndsAtCriticalLoad) {
    const double alpha_c = ags_zero_temperature_critical_load();
    const AgsSolution below = solve_ags_zero_temperature(0.995 * alpha_c, tight_settings());
    const AgsSolution above = solve_ags_zero_temperature(1.005 * alpha_c, tight_settings());
    EXPECT_TRUE(below.converged);
    EXPECT_GT(below.m, 0.9);
    EXPECT_TRUE(above.converged);
    EXPECT_EQ(above.m, 0.0);
}

// With no stored load beyond one pattern, AGS is Curie-Weiss: m = tanh(m / T_AGS).
TEST(AgsFiniteTemperature, SmallLoadIsCurieWeiss) {
    const AgsSolution solution = solve_ags(1e-9, 0.8, 1.0, 1.0, tight_settings());
    ASSERT_TRUE(solution.converged);
    EXPECT_NEAR(solution.m, std::tanh(solution.m / 0.8), 1e-7);
    const AgsSolution hot = solve_ags(1e-9, 1.05, 1.0, 1.0, tight_settings());
    ASSERT_TRUE(hot.converged);
    EXPECT_LT(hot.m, 1e-4);
}

// The spin glass appears continuously at T_AGS = 1 + sqrt(alpha_AGS).
TEST(AgsFiniteTemperature, GlassTemperature) {
    const double alpha = 0.05;
    const double t_glass = 1.0 + std::sqrt(alpha);
    const AgsSolution cold = solve_ags(alpha, 0.97 * t_glass, 0.0, 1.0, tight_settings());
    const AgsSolution hot = solve_ags(alpha, 1.03 * t_glass, 0.0, 1.0, tight_settings());
    ASSERT_TRUE(cold.converged);
    ASSERT_TRUE(hot.converged);
    EXPECT_GT(cold.q, 1e-3);
    EXPECT_LT(hot.q, 1e-8);
}

// The free energy must be stationary in m, q and r at a solution of the equations.
TEST(AgsFiniteTemperature, FreeEnergyStationaryAtSolution) {
    const double alpha = 0.05;
    const double temperature = 0.4;
    const AgsSolution s = solve_ags(alpha, temperature, 1.0, 1.0, tight_settings());
    ASSERT_TRUE(s.converged);
    ASSERT_GT(s.m, 0.9);
    const double h = 1e-5;
    const auto f = [&](double m, double q, double r) {
        return ags_free_energy(alpha, temperature, m, q, r);
    };
    EXPECT_NEAR((f(s.m + h, s.q, s.r) - f(s.m - h, s.q, s.r)) / (2 * h), 0.0, 1e-7);
    EXPECT_NEAR((f(s.m, s.q + h, s.r) - f(s.m, s.q - h, s.r)) / (2 * h), 0.0, 1e-7);
    EXPECT_NEAR((f(s.m, s.q, s.r + h) - f(s.m, s.q, s.r - h)) / (2 * h), 0.0, 1e-7);
}

// Paramagnet: ln Z / N = ln 2 - (alpha/2) ln(1 - beta) - beta alpha / 2 (textbook units,
// annealed Gaussian integral per pattern), and the Krotov form adds beta_statmem alpha / 2.
TEST(AgsFiniteTemperature, ParamagnetFreeEntropyInStatmemUnits) {
    const double alpha = 0.2;        // statmem load, alpha_AGS = 0.1
    const double temperature = 3.0;  // statmem temperature, T_AGS = 1.5
    const AgsSolution para = solve_ags(0.1, 1.5, 0.0, 0.0, tight_settings());
    ASSERT_TRUE(para.converged);
    const double beta_ags = 1.0 / 1.5;
    const double expected = std::log(2.0) - 0.05 * std::log(1.0 - beta_ags) - 0.05 * beta_ags;
    EXPECT_NEAR(ags_statmem_free_entropy(alpha, temperature, false, para), expected, 1e-12);
    EXPECT_NEAR(ags_statmem_free_entropy(alpha, temperature, true, para),
                expected + 0.5 * alpha / temperature, 1e-12);
}

}  // namespace
}  // namespace statmem::theory

namespace statmem::theory {
namespace {

PhasePoint statmem_point(double alpha, double temperature) {
    PhasePoint point;
    point.alpha = alpha;
    point.temperature = temperature;
    return point;
}

// In statmem's units retrieval ends near alpha = 2 x 0.1379 = 0.2758 as T -> 0; at
// T = 0.05 (T_AGS = 0.025) the thermal shift of the edge is far below the 5% margins used.
TEST(HopfieldPhaseModel, RetrievalEdgeAtLowTemperature) {
    const HopfieldPhaseModel model(false, tight_settings(), 1e-6);
    const CellResult below = model.solve(statmem_point(0.95 * 0.2758, 0.05));
    const CellResult above = model.solve(statmem_point(1.05 * 0.2758, 0.05));
    EXPECT_NE(find_branch(below, HopfieldPhaseModel::kRetrieval), nullptr);
    EXPECT_EQ(find_branch(above, HopfieldPhaseModel::kRetrieval), nullptr);
    EXPECT_EQ(above.label, HopfieldPhaseModel::kSpinGlass);
}

// The glass appears at T = 2 (1 + sqrt(alpha / 2)) in statmem's units; the paramagnet is
// unstable below it and is dropped.
TEST(HopfieldPhaseModel, GlassLineInStatmemUnits) {
    const HopfieldPhaseModel model(false, tight_settings(), 1e-6);
    const double alpha = 0.1;
    const double t_glass = 2.0 * (1.0 + std::sqrt(alpha / 2.0));
    const CellResult hot = model.solve(statmem_point(alpha, 1.03 * t_glass));
    const CellResult cold = model.solve(statmem_point(alpha, 0.97 * t_glass));
    EXPECT_EQ(hot.label, HopfieldPhaseModel::kParamagnet);
    EXPECT_EQ(cold.label, HopfieldPhaseModel::kSpinGlass);
    EXPECT_EQ(find_branch(cold, HopfieldPhaseModel::kParamagnet), nullptr);
}

}  // namespace
}  // namespace statmem::theory
