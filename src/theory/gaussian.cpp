#include "statmem/theory/gaussian.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

namespace statmem::theory {
namespace {

// Nodes and weights of the 12-point Gauss-Legendre rule on [-1, 1] (positive half).
constexpr std::array<double, 6> kLegendreNodes = {
    0.1252334085114689154724414, 0.3678314989981801937526915, 0.5873179542866174472967024,
    0.7699026741943046870368938, 0.9041172563704748566784659, 0.9815606342467192506905491};
constexpr std::array<double, 6> kLegendreWeights = {
    0.2491470458134027850005624, 0.2334925365383548087608499, 0.2031674267230659217490645,
    0.1600783285433462263346525, 0.1069393259953184309602547, 0.0471753363865118271946160};

// Beyond |x| = 22 every remainder is below 4 exp(-44), about 3e-19.
constexpr double kRemainderCutoff = 22.0;
// The Gaussian mass beyond 9 standard deviations is about 2e-19.
constexpr double kGaussianCutoff = 9.0;
// Panel edges in |x|: the remainders vary on the scale of 1 near x = 0 and flatten outward.
constexpr std::array<double, 13> kPanelEdges = {0.0, 0.5, 1.0,  1.5,  2.0,  3.0, 4.0,
                                                5.5, 7.5, 10.0, 13.0, 17.0, 22.0};

struct Remainders {
    double tanh = 0.0;
    double tanh2 = 0.0;
    double log_cosh = 0.0;
};

// Adds the remainder integrals over [lo, hi] (one side of x = 0) with Gaussian weight.
void add_panel(double lo, double hi, double mean, double width, Remainders& sum) {
    const double half = 0.5 * (hi - lo);
    const double centre = 0.5 * (hi + lo);
    const double inv_width = 1.0 / width;
    for (std::size_t i = 0; i < kLegendreNodes.size(); ++i) {
        for (const double sign : {-1.0, 1.0}) {
            const double x = centre + sign * half * kLegendreNodes[i];
            const double u = (x - mean) * inv_width;
            const double weight = kLegendreWeights[i] * half * std::exp(-0.5 * u * u);
            const double e = std::exp(-2.0 * std::abs(x));
            const double one_plus_e = 1.0 + e;
            // tanh x - sign x = -sign(x) 2e / (1 + e); tanh^2 x - 1 = -4e / (1 + e)^2;
            // ln cosh x - |x| + ln 2 = ln(1 + e), with e = exp(-2|x|).
            sum.tanh -= std::copysign(weight * 2.0 * e / one_plus_e, x);
            sum.tanh2 -= weight * 4.0 * e / (one_plus_e * one_plus_e);
            sum.log_cosh += weight * std::log1p(e);
        }
    }
}

// Integrates the remainders over [lo, hi], which lies on one side of 0, with panels cut at
// the fixed edges and no wider than two Gaussian widths.
void add_side(double lo, double hi, double mean, double width, Remainders& sum) {
    if (hi <= lo) {
        return;
    }
    const double max_panel = std::min(1.5, 2.0 * width);
    const bool negative = hi <= 0.0;
    for (std::size_t k = 0; k + 1 < kPanelEdges.size(); ++k) {
        double a = negative ? -kPanelEdges[k + 1] : kPanelEdges[k];
        double b = negative ? -kPanelEdges[k] : kPanelEdges[k + 1];
        a = std::max(a, lo);
        b = std::min(b, hi);
        if (b <= a) {
            continue;
        }
        const int pieces = static_cast<int>(std::ceil((b - a) / max_panel));
        const double step = (b - a) / pieces;
        for (int j = 0; j < pieces; ++j) {
            add_panel(a + j * step, a + (j + 1) * step, mean, width, sum);
        }
    }
}

}  // namespace

double log_cosh(double x) {
    const double ax = std::abs(x);
    return ax + std::log1p(std::exp(-2.0 * ax)) - std::numbers::ln2;
}

GaussianMoments gaussian_moments(double mean, double width) {
    GaussianMoments result;
    if (!(width > 0.0)) {
        const double t = std::tanh(mean);
        result.tanh = t;
        result.tanh2 = t * t;
        result.log_cosh = log_cosh(mean);
        return result;
    }

    // Closed-form averages of the large-|x| limits: E sign(x) = erf(a / sqrt 2) with
    // a = mean / width, E 1 = 1, E |x| = width sqrt(2/pi) exp(-a^2/2) + mean erf(a / sqrt 2).
    const double a = mean / width;
    const double erf_a = std::erf(a * std::numbers::sqrt2 / 2.0);
    const double abs_mean =
        width * std::sqrt(2.0 / std::numbers::pi) * std::exp(-0.5 * a * a) + mean * erf_a;

    const double lo = std::max(-kRemainderCutoff, mean - kGaussianCutoff * width);
    const double hi = std::min(kRemainderCutoff, mean + kGaussianCutoff * width);
    Remainders rest;
    if (lo < hi) {
        add_side(lo, std::min(hi, 0.0), mean, width, rest);
        add_side(std::max(lo, 0.0), hi, mean, width, rest);
    }
    // Gaussian density in x is exp(-u^2/2) / (width sqrt(2 pi)).
    const double norm = 1.0 / (width * std::sqrt(2.0 * std::numbers::pi));

    result.tanh = erf_a + norm * rest.tanh;
    result.tanh2 = 1.0 + norm * rest.tanh2;
    result.log_cosh = abs_mean - std::numbers::ln2 + norm * rest.log_cosh;
    return result;
}

}  // namespace statmem::theory
