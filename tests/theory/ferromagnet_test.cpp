// Single-pattern ferromagnet H = -N m^p: transition, spinodal and magnetisation.

#include <gtest/gtest.h>

#include <cmath>

#include "statmem/theory/ferromagnet.hpp"

namespace statmem::theory {
namespace {

// Reference values are given to the last printed digit, so the tolerance is half of it.
TEST(Ferromagnet, PairInteractionIsCurieWeiss) {
    EXPECT_DOUBLE_EQ(ferromagnet_critical_temperature(2), 2.0);
    EXPECT_DOUBLE_EQ(ferromagnet_spinodal(2), 2.0);
    EXPECT_EQ(ferromagnet_magnetisation(2, 2.01), 0.0);
    const double m = ferromagnet_magnetisation(2, 1.5);
    EXPECT_NEAR(m, std::tanh(2.0 * m / 1.5), 1e-12);
    EXPECT_GT(m, 0.5);
}

TEST(Ferromagnet, ThreeBodyTransition) {
    EXPECT_NEAR(ferromagnet_critical_temperature(3), 1.4879, 5e-5);
    EXPECT_NEAR(ferromagnet_critical_magnetisation(3), 0.948, 5e-4);
    EXPECT_NEAR(ferromagnet_spinodal(3), 1.7477, 5e-5);
}

TEST(Ferromagnet, FourBodyTransition) {
    EXPECT_NEAR(ferromagnet_critical_temperature(4), 1.4518, 5e-5);
    EXPECT_NEAR(ferromagnet_spinodal(4), 1.9831, 5e-5);
}

TEST(Ferromagnet, MagnetisationAroundSpinodal) {
    const double spinodal = ferromagnet_spinodal(3);
    EXPECT_EQ(ferromagnet_magnetisation(3, spinodal + 1e-3), 0.0);
    const double m = ferromagnet_magnetisation(3, spinodal - 1e-3);
    EXPECT_GT(m, 0.5);
    EXPECT_NEAR(m, std::tanh(3.0 * m * m / (spinodal - 1e-3)), 1e-12);
}

// At T_c the ordered branch and the paramagnet have the same free entropy, ln 2.
TEST(Ferromagnet, FreeEntropiesEqualAtTransition) {
    const double t_c = ferromagnet_critical_temperature(3);
    const double m = ferromagnet_magnetisation(3, t_c);
    EXPECT_NEAR(m, ferromagnet_critical_magnetisation(3), 1e-9);
    EXPECT_NEAR(ferromagnet_free_entropy(3, t_c, m), std::log(2.0), 1e-10);
}

TEST(Ferromagnet, RejectsOrderBelowTwo) {
    EXPECT_THROW(ferromagnet_spinodal(1), std::invalid_argument);
}

}  // namespace
}  // namespace statmem::theory
