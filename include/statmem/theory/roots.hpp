#pragma once
// One-dimensional root finding and maximisation used by the threshold searches.

#include <cmath>
#include <stdexcept>

namespace statmem::theory {

/// Root of f in [lo, hi] by bisection; f(lo) and f(hi) must differ in sign.
template <typename F>
double find_root_bisection(const F& f, double lo, double hi, double tolerance) {
    double f_lo = f(lo);
    const double f_hi = f(hi);
    if ((f_lo > 0.0) == (f_hi > 0.0)) {
        throw std::invalid_argument("find_root_bisection: f has the same sign at both ends");
    }
    // 200 halvings reach the resolution of a double from any finite bracket.
    for (int it = 0; it < 200 && hi - lo > tolerance; ++it) {
        const double mid = 0.5 * (lo + hi);
        const double f_mid = f(mid);
        if ((f_mid > 0.0) == (f_lo > 0.0)) {
            lo = mid;
            f_lo = f_mid;
        } else {
            hi = mid;
        }
    }
    return 0.5 * (lo + hi);
}

/// Argument of the maximum of a unimodal f on [lo, hi] by golden-section search.
template <typename F>
double maximise_golden(const F& f, double lo, double hi, double tolerance) {
    const double ratio = 0.5 * (std::sqrt(5.0) - 1.0);
    double a = hi - ratio * (hi - lo);
    double b = lo + ratio * (hi - lo);
    double fa = f(a);
    double fb = f(b);
    for (int it = 0; it < 400 && hi - lo > tolerance; ++it) {
        if (fa < fb) {
            lo = a;
            a = b;
            fa = fb;
            b = lo + ratio * (hi - lo);
            fb = f(b);
        } else {
            hi = b;
            b = a;
            fb = fa;
            a = hi - ratio * (hi - lo);
            fa = f(a);
        }
    }
    return 0.5 * (lo + hi);
}

}  // namespace statmem::theory
