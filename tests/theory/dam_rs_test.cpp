// Teacher-student DAM RS theory: thresholds of each regime against the reference values.

#include <gtest/gtest.h>

#include <cmath>

#include "statmem/theory/dam_rs.hpp"
#include "statmem/theory/ferromagnet.hpp"
#include "statmem/theory/phase_grid.hpp"

namespace statmem::theory {
namespace {

SolverSettings default_settings() {
    SolverSettings settings;
    settings.damping = 0.7;
    settings.tolerance = 1e-10;
    settings.max_iterations = 20000;
    return settings;
}

constexpr double kBisectionTolerance = 1e-5;

struct Thresholds {
    double appear = 0.0;  ///< teacher branch first exists (lR)
    double global = 0.0;  ///< teacher branch becomes the largest Phi (gR)
};

// Thresholds in the variable t along `path`, for t in [lo, hi].
Thresholds teacher_thresholds(const DamPhaseModel& model,
                              const std::function<PhasePoint(double)>& path, double lo, double hi) {
    Thresholds t;
    t.appear = find_transition(model, path, lo, hi, branch_exists_state(DamPhaseModel::kTeacher),
                               kBisectionTolerance);
    const CellState is_global = [](const CellResult& cell) {
        return cell.label == DamPhaseModel::kLabelGR ? 1 : 0;
    };
    t.global = find_transition(model, path, lo, hi, is_global, kBisectionTolerance);
    return t;
}

// Nishimori line at a fixed T above the teacher's transition, scanned in c = alpha / T^2.
std::function<PhasePoint(double)> nishimori_path(double temperature) {
    return [temperature](double c) {
        PhasePoint point;
        point.alpha = c * temperature * temperature;
        point.temperature = temperature;
        point.teacher_temperature = temperature;
        return point;
    };
}

TEST(DamNishimori, ThreeBodyThresholds) {
    const DamPhaseModel model(DamRegime::nishimori, 3, default_settings(), 1e-6);
    for (const double temperature : {1.6, 2.5}) {
        const Thresholds t = teacher_thresholds(model, nishimori_path(temperature), 0.9, 1.5);
        EXPECT_NEAR(t.appear, 1.0762, 1e-3) << "T " << temperature;
        EXPECT_NEAR(t.global, 1.1784, 1e-3) << "T " << temperature;
    }
}

TEST(DamNishimori, FourBodyThresholds) {
    const DamPhaseModel model(DamRegime::nishimori, 4, default_settings(), 1e-6);
    const Thresholds t = teacher_thresholds(model, nishimori_path(2.0), 0.9, 1.6);
    EXPECT_NEAR(t.appear, 1.0864, 2e-3);
    EXPECT_NEAR(t.global, 1.3139, 2e-3);
}

TEST(DamNishimori, LabelsAroundThresholds) {
    const DamPhaseModel model(DamRegime::nishimori, 3, default_settings(), 1e-6);
    const auto path = nishimori_path(2.0);
    EXPECT_EQ(model.solve(path(1.0)).label, DamPhaseModel::kLabelP);
    EXPECT_EQ(model.solve(path(1.12)).label, DamPhaseModel::kLabelLR);
    EXPECT_EQ(model.solve(path(1.25)).label, DamPhaseModel::kLabelGR);
}

// Below the teacher's transition the examples are aligned with the teacher: the cell is
// labelled example retrieval with a flag, and no branch is solved.
TEST(DamNishimori, AlignedTeacherIsFlagged) {
    const DamPhaseModel model(DamRegime::nishimori, 3, default_settings(), 1e-6);
    EXPECT_NEAR(model.teacher_critical_temperature(), 1.4879, 5e-5);
    PhasePoint point;
    point.alpha = 2.0;
    point.temperature = 1.4;
    const CellResult cell = model.solve(point);
    EXPECT_EQ(cell.label, DamPhaseModel::kLabelER);
    EXPECT_TRUE(cell.flags & kFlagTeacherAligned);
    EXPECT_TRUE(cell.branches.empty());
}

// At T = T* the fixed-T* regime has the Nishimori-line thresholds.
TEST(DamFixedTeacher, ReproducesNishimoriAtEqualTemperatures) {
    const DamPhaseModel model(DamRegime::fixed_teacher, 3, default_settings(), 1e-6);
    const double temperature = 1.8;
    const auto path = [temperature](double c) {
        PhasePoint point;
        point.alpha = c * temperature * temperature;
        point.temperature = temperature;
        point.teacher_temperature = temperature;
        return point;
    };
    const Thresholds t = teacher_thresholds(model, path, 0.9, 1.5);
    EXPECT_NEAR(t.appear, 1.0762, 1e-3);
    EXPECT_NEAR(t.global, 1.1784, 1e-3);
}

// The Nishimori-line solution solves the unconstrained equations at c* = c: q* = q, m = 0.
TEST(DamFixedTeacher, NishimoriSolutionHasEqualOverlaps) {
    const DamPhaseModel model(DamRegime::fixed_teacher, 3, default_settings(), 1e-6);
    PhasePoint point;
    point.temperature = 2.0;
    point.teacher_temperature = 2.0;
    point.alpha = 1.3 * 4.0;
    const CellResult cell = model.solve(point);
    const Branch* teacher = find_branch(cell, DamPhaseModel::kTeacher);
    ASSERT_NE(teacher, nullptr);
    EXPECT_NEAR(teacher->order[0], teacher->order[1], 1e-8);
    EXPECT_NEAR(teacher->order[2], 0.0, 1e-12);
}

// The p* = 2 finite-noise regime (c = 0, m = 0 on the teacher branch) is the p-body
// ferromagnet at temperature 1 / c*: learning appears at c* = 1 / spinodal(4) = 0.5043 and
// is global from 1 / T_c(4) = 0.6888. T = 3 lies above the p = 4 spinodal, so no example
// branch competes.
TEST(DamTeacherPairFiniteNoise, FourBodyGardnerThresholds) {
    const DamPhaseModel model(DamRegime::teacher2_finite_noise, 4, default_settings(), 1e-6);
    const double temperature = 3.0;
    const double teacher_temperature = 2.0 + std::sqrt(2.0);
    const double eta = finite_noise_eta(4, teacher_temperature);
    const auto path = [&](double c_star) {
        PhasePoint point;
        point.alpha = c_star * temperature / eta;
        point.temperature = temperature;
        point.teacher_temperature = teacher_temperature;
        return point;
    };
    const Thresholds t = teacher_thresholds(model, path, 0.3, 1.0);
    EXPECT_NEAR(t.appear, 0.5043, 2e-3);
    EXPECT_NEAR(t.global, 0.6888, 2e-3);
    EXPECT_NEAR(t.appear, 1.0 / ferromagnet_spinodal(4), 1e-4);
    EXPECT_NEAR(t.global, 1.0 / ferromagnet_critical_temperature(4), 1e-4);
}

TEST(DamTeacherPairFiniteNoise, Eta) {
    // p = 4: eta = 3!! kappa^2 / 3! = kappa^2 / 2 with kappa = 2 / (T* - 2).
    EXPECT_NEAR(finite_noise_eta(4, 3.0), 2.0, 1e-14);
}

TEST(DamTeacherPairLargeNoise, EqualsFourBodyNishimoriLine) {
    const DamPhaseModel model(DamRegime::teacher2_large_noise, 4, default_settings(), 1e-6);
    const Thresholds t = teacher_thresholds(model, nishimori_path(1.0), 0.9, 1.6);
    EXPECT_NEAR(t.appear, 1.0864, 2e-3);
    EXPECT_NEAR(t.global, 1.3139, 2e-3);
}

// Phi_P = ln 2 + c/2, whose entropy ln 2 - c/2 vanishes at T = sqrt(alpha / (2 ln 2)).
TEST(DamDirect, ParamagnetEntropyVanishes) {
    const DamPhaseModel model(DamRegime::direct, 3, default_settings(), 1e-6);
    const double alpha = 0.8;
    const auto entropy = [&](double temperature) {
        PhasePoint point;
        point.alpha = alpha;
        point.temperature = temperature;
        const DamCoefficients co = model.coefficients(point);
        const double phi = dam_rs_free_entropy(3, co, {});
        // s = Phi - beta dPhi/dbeta by central differences in beta.
        const double h = 1e-6;
        PhasePoint hotter = point;
        PhasePoint colder = point;
        hotter.temperature = 1.0 / (1.0 / temperature - h);
        colder.temperature = 1.0 / (1.0 / temperature + h);
        const double dphi = (dam_rs_free_entropy(3, model.coefficients(colder), {}) -
                             dam_rs_free_entropy(3, model.coefficients(hotter), {})) /
                            (2 * h);
        return phi - dphi / temperature;
    };
    const double t_zero = std::sqrt(alpha / (2.0 * std::log(2.0)));
    EXPECT_NEAR(entropy(t_zero), 0.0, 1e-8);
    EXPECT_GT(entropy(1.1 * t_zero), 0.0);
    EXPECT_LT(entropy(0.9 * t_zero), 0.0);
}

// The direct model at small load retrieves a memory below the p = 3 spinodal.
TEST(DamDirect, ExampleRetrievalAtSmallLoad) {
    const DamPhaseModel model(DamRegime::direct, 3, default_settings(), 1e-6);
    PhasePoint point;
    point.alpha = 0.01;
    point.temperature = 1.0;
    const CellResult cell = model.solve(point);
    EXPECT_EQ(cell.label, DamPhaseModel::kLabelER);
    const Branch* example = find_branch(cell, DamPhaseModel::kExample);
    ASSERT_NE(example, nullptr);
    EXPECT_GT(example->order[2], 0.9);
}

TEST(DamPhaseModel, RejectsInvalidOrders) {
    EXPECT_THROW(DamPhaseModel(DamRegime::nishimori, 2, default_settings(), 1e-6),
                 std::invalid_argument);
    EXPECT_THROW(DamPhaseModel(DamRegime::teacher2_finite_noise, 5, default_settings(), 1e-6),
                 std::invalid_argument);
}

}  // namespace
}  // namespace statmem::theory
