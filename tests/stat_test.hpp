#pragma once
// Statistical test helpers shared by the Monte Carlo validation tests.
//
// False-alarm budget: the whole suite makes at most kSuiteChecks statistical comparisons
// (each test counts its own with count_checks below), and each uses the two-sided level
// kPerCheckLevel = 1e-3 / kSuiteChecks, so by Bonferroni the chance that a correct program
// fails any of them is below 1e-3. Seeds are fixed, so a run either always passes or
// always fails; the budget is the chance that a correct program hits a failing seed.

#include <cmath>
#include <cstdint>
#include <vector>

namespace statmem::testing {

inline constexpr int kSuiteChecks = 600;
inline constexpr double kSuiteLevel = 1e-3;
inline constexpr double kPerCheckLevel = kSuiteLevel / kSuiteChecks;

/// Regularised incomplete beta function I_x(a, b) by Lentz's continued fraction.
double incomplete_beta(double a, double b, double x);
/// Regularised upper incomplete gamma Q(a, x).
double upper_incomplete_gamma(double a, double x);

/// Two-sided p-value of a t statistic with `dof` degrees of freedom.
double t_test_p_value(double t, double dof);
/// Upper-tail p-value of a chi-square statistic.
double chi_square_p_value(double chi2, double dof);

struct ChiSquare {
    double statistic = 0.0;
    int dof = 0;
    double p_value = 1.0;
};

/// Pearson chi-square of observed counts against expected probabilities, pooling
/// neighbouring cells until each pooled cell expects at least `min_expected` counts.
ChiSquare chi_square(const std::vector<double>& observed, const std::vector<double>& probability,
                     double min_expected = 5.0);

}  // namespace statmem::testing
