#pragma once
// Damped fixed-point iteration x <- (1 - d) x + d F(x) for the saddle-point equations,
// with guarded Newton steps on F(x) - x that remove the critical slowing down near a
// spinodal (there the damped map's contraction factor tends to 1).

#include <Eigen/Dense>

#include <functional>

namespace statmem::theory {

struct SolverSettings {
    double damping = 0.7;        ///< d in (0, 1]: weight of the new iterate
    double tolerance = 1e-10;    ///< stop when max |F(x) - x| falls below this
    int max_iterations = 20000;  ///< give up (and report not converged) after this many
    /// Try a Newton step after this many consecutive iterations with a shrinking step
    /// (0: never). Requiring a shrinking step keeps Newton away from the bottleneck below a
    /// spinodal, where no fixed point exists and the iterate must be left to escape. A step
    /// is kept only when it at least halves max |F(x) - x|.
    int newton_every = 20;
    /// Halve the damping (down to 1e-3) after three consecutive steps that shrink by less than
    /// 1%. For maps whose fixed point has a Jacobian eigenvalue below -1, which a fixed
    /// damping may not tame.
    bool adaptive_damping = false;
};

struct FixedPointResult {
    Eigen::VectorXd x;  ///< last iterate (the fixed point when converged)
    bool converged = false;
    int iterations = 0;
    /// Largest real part of the eigenvalues of the Jacobian of F at x (forward differences).
    /// Below 1 the fixed point is stable: no perturbation grows under the undamped map.
    double max_jacobian_eigenvalue = 0.0;
};

using FixedPointMap = std::function<Eigen::VectorXd(const Eigen::VectorXd&)>;

/// Iterates the damped map from `start` until the step is below the tolerance, then
/// estimates the Jacobian of `map` at the result by forward differences.
FixedPointResult solve_fixed_point(const FixedPointMap& map, const Eigen::VectorXd& start,
                                   const SolverSettings& settings);

/// Largest real part of the Jacobian eigenvalues of `map` at `x`, by forward differences
/// with step 1e-7 (an error of order 1e-7 in the eigenvalue).
double max_jacobian_eigenvalue(const FixedPointMap& map, const Eigen::VectorXd& x);

}  // namespace statmem::theory
