// RBM teacher-student theory: critical load and the P = 1 equations.

#include <gtest/gtest.h>

#include <cmath>

#include "statmem/theory/rbm.hpp"

namespace statmem::theory {
namespace {

SolverSettings tight_settings() {
    SolverSettings settings;
    settings.damping = 1.0;
    settings.tolerance = 1e-12;
    settings.max_iterations = 200000;
    return settings;
}

TEST(RbmCriticalLoad, UncorrelatedPatternsGiveTemperatureToTheFourth) {
    for (const int patterns : {1, 2, 3, 5}) {
        for (const double temperature : {0.7, 1.0, 1.6}) {
            const double alpha_c =
                rbm_critical_load(uniform_correlation(patterns, 0.0), temperature);
            EXPECT_NEAR(alpha_c, std::pow(temperature, 4), 1e-12)
                << "P " << patterns << " T " << temperature;
        }
    }
}

TEST(RbmCriticalLoad, TwoCorrelatedPatterns) {
    EXPECT_NEAR(rbm_critical_load(uniform_correlation(2, 0.3), 1.0), 0.596, 5e-4);
}

// For P = 2, D_12 = tanh(beta*^2 c) in closed form.
TEST(RbmCriticalLoad, HiddenCorrelationForTwoPatterns) {
    const Eigen::MatrixXd hidden = teacher_hidden_correlation(uniform_correlation(2, 0.3), 0.9);
    EXPECT_NEAR(hidden(0, 0), 1.0, 1e-14);
    EXPECT_NEAR(hidden(0, 1), std::tanh(0.3 / 0.81), 1e-14);
}

TEST(RbmCriticalLoad, RejectsTooManyPatterns) {
    EXPECT_THROW(teacher_hidden_correlation(uniform_correlation(25, 0.1), 1.0),
                 std::invalid_argument);
}

// On the Nishimori line m leaves zero at alpha = T^4.
TEST(RbmSingleUnit, NishimoriOnset) {
    for (const double temperature : {0.8, 1.0, 1.2}) {
        const double onset = std::pow(temperature, 4);
        const RbmSolution below = solve_rbm_single_unit(0.98 * onset, temperature, temperature, 1.0,
                                                        1.0, tight_settings());
        const RbmSolution above = solve_rbm_single_unit(1.02 * onset, temperature, temperature, 1.0,
                                                        1.0, tight_settings());
        ASSERT_TRUE(below.converged) << "T " << temperature;
        ASSERT_TRUE(above.converged) << "T " << temperature;
        EXPECT_LT(below.m, 1e-6) << "T " << temperature;
        EXPECT_GT(above.m, 1e-3) << "T " << temperature;
    }
}

// For T > T*, learning starts at alpha = (T T*)^2, before the glass line T^4.
TEST(RbmSingleUnit, OnsetAboveTeacherTemperature) {
    const double temperature = 1.3;
    const double teacher_temperature = 1.0;
    const double onset = std::pow(temperature * teacher_temperature, 2);
    const RbmSolution below = solve_rbm_single_unit(0.98 * onset, temperature, teacher_temperature,
                                                    1.0, 1.0, tight_settings());
    const RbmSolution above = solve_rbm_single_unit(1.02 * onset, temperature, teacher_temperature,
                                                    1.0, 1.0, tight_settings());
    ASSERT_TRUE(below.converged);
    ASSERT_TRUE(above.converged);
    EXPECT_LT(below.m, 1e-6);
    EXPECT_GT(above.m, 1e-3);
}

TEST(RbmSingleUnit, FreeEntropyStationaryAtSolution) {
    const double alpha = 3.0;
    const double temperature = 1.0;
    const RbmSolution s =
        solve_rbm_single_unit(alpha, temperature, 1.0, 1.0, 1.0, tight_settings());
    ASSERT_TRUE(s.converged);
    ASSERT_GT(s.m, 0.1);
    const auto phi = [&](double m, double q, double m_hat, double q_hat) {
        return rbm_single_unit_free_entropy(alpha, temperature, 1.0, m, q, m_hat, q_hat);
    };
    const double h = 1e-5;
    EXPECT_NEAR(
        (phi(s.m + h, s.q, s.m_hat, s.q_hat) - phi(s.m - h, s.q, s.m_hat, s.q_hat)) / (2 * h), 0.0,
        1e-7);
    EXPECT_NEAR(
        (phi(s.m, s.q + h, s.m_hat, s.q_hat) - phi(s.m, s.q - h, s.m_hat, s.q_hat)) / (2 * h), 0.0,
        1e-7);
    EXPECT_NEAR(
        (phi(s.m, s.q, s.m_hat + h, s.q_hat) - phi(s.m, s.q, s.m_hat - h, s.q_hat)) / (2 * h), 0.0,
        1e-7);
    EXPECT_NEAR(
        (phi(s.m, s.q, s.m_hat, s.q_hat + h) - phi(s.m, s.q, s.m_hat, s.q_hat - h)) / (2 * h), 0.0,
        1e-7);
    EXPECT_NEAR(phi(0, 0, 0, 0), std::log(2.0) + 0.5 * alpha, 1e-14);
}

}  // namespace
}  // namespace statmem::theory
