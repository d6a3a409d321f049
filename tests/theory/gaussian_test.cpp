// Gaussian averages against an independent long-double reference.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numbers>

#include "statmem/theory/gaussian.hpp"

namespace statmem::theory {
namespace {

// Reference E f(mean + width z) by composite 8-point Gauss-Legendre in z over [-12, 12] in
// long double, with 4000 panels and an extra edge at the kink z0 = -mean / width. It uses
// no splitting into asymptote and remainder, so it checks that step independently.
long double reference_average(const std::function<long double(long double)>& f, double mean,
                              double width) {
    static const long double nodes[4] = {0.1834346424956498049394761L, 0.5255324099163289858177390L,
                                         0.7966664774136267395915539L,
                                         0.9602898564975362316835609L};
    static const long double weights[4] = {
        0.3626837833783619829651504L, 0.3137066458778872873379622L, 0.2223810344533744705443560L,
        0.1012285362903762591525314L};
    const long double z_kink = -static_cast<long double>(mean) / width;
    const long double edges[3] = {-12.0L, std::clamp(z_kink, -12.0L, 12.0L), 12.0L};
    const int panels = 4000;
    long double sum = 0.0L;
    for (int side = 0; side < 2; ++side) {
        const long double lo = edges[side];
        const long double hi = edges[side + 1];
        if (hi <= lo) {
            continue;
        }
        const long double step = (hi - lo) / panels;
        for (int j = 0; j < panels; ++j) {
            const long double centre = lo + (j + 0.5L) * step;
            for (int i = 0; i < 4; ++i) {
                for (const long double sign : {-1.0L, 1.0L}) {
                    const long double z = centre + sign * 0.5L * step * nodes[i];
                    const long double density =
                        std::exp(-0.5L * z * z) / std::sqrt(2.0L * std::numbers::pi_v<long double>);
                    sum += 0.5L * step * weights[i] * density * f(mean + width * z);
                }
            }
        }
    }
    return sum;
}

long double reference_log_cosh(long double x) {
    const long double ax = std::fabs(x);
    return ax + std::log1p(std::exp(-2.0L * ax)) - std::numbers::ln2_v<long double>;
}

TEST(GaussianMoments, MatchesReferenceForWidths0p1To100) {
    const double widths[] = {0.1, 0.3, 1.0, 2.5, 5.0, 12.0, 30.0, 100.0};
    const double mean_factors[] = {-3.0, -0.7, 0.0, 0.05, 0.4, 1.0, 2.0};
    const double means_absolute[] = {0.0, 0.3, 2.0, 15.0};
    for (const double width : widths) {
        for (const double factor : mean_factors) {
            for (const double shift : means_absolute) {
                const double mean = factor * width + shift;
                const GaussianMoments got = gaussian_moments(mean, width);
                const long double ref_tanh =
                    reference_average([](long double x) { return std::tanh(x); }, mean, width);
                const long double ref_tanh2 = reference_average(
                    [](long double x) { return std::tanh(x) * std::tanh(x); }, mean, width);
                const long double ref_log_cosh = reference_average(reference_log_cosh, mean, width);
                EXPECT_NEAR(got.tanh, static_cast<double>(ref_tanh), 1e-10)
                    << "width " << width << " mean " << mean;
                EXPECT_NEAR(got.tanh2, static_cast<double>(ref_tanh2), 1e-10)
                    << "width " << width << " mean " << mean;
                EXPECT_NEAR(got.log_cosh, static_cast<double>(ref_log_cosh), 1e-10)
                    << "width " << width << " mean " << mean;
            }
        }
    }
}

// Nishimori identity: for h ~ N(a, a), E tanh h = E tanh^2 h, an exact check at every a.
TEST(GaussianMoments, NishimoriIdentity) {
    for (const double a : {0.01, 0.1, 0.5, 1.0, 3.0, 10.0, 100.0, 1000.0}) {
        const GaussianMoments got = gaussian_moments(a, std::sqrt(a));
        EXPECT_NEAR(got.tanh, got.tanh2, 1e-12) << "a " << a;
    }
}

TEST(GaussianMoments, ZeroWidthIsPointValue) {
    const GaussianMoments got = gaussian_moments(0.8, 0.0);
    EXPECT_DOUBLE_EQ(got.tanh, std::tanh(0.8));
    EXPECT_DOUBLE_EQ(got.tanh2, std::tanh(0.8) * std::tanh(0.8));
    EXPECT_NEAR(got.log_cosh, std::log(std::cosh(0.8)), 1e-15);
}

TEST(GaussianMoments, OddFunctionAveragesToZeroAtZeroMean) {
    for (const double width : {0.1, 5.0, 100.0}) {
        EXPECT_NEAR(gaussian_moments(0.0, width).tanh, 0.0, 1e-15) << "width " << width;
    }
}

}  // namespace
}  // namespace statmem::theory
