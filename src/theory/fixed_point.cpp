#include "statmem/theory/fixed_point.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace statmem::theory {
namespace {

// Jacobian of F by forward differences (n extra evaluations), given F(x) = image.
Eigen::MatrixXd forward_jacobian(const FixedPointMap& map, const Eigen::VectorXd& x,
                                 const Eigen::VectorXd& image) {
    const Eigen::Index n = x.size();
    Eigen::MatrixXd jacobian(n, n);
    const double step = 1e-7;
    for (Eigen::Index j = 0; j < n; ++j) {
        Eigen::VectorXd shifted = x;
        shifted[j] += step;
        jacobian.col(j) = (map(shifted) - image) / step;
    }
    return jacobian;
}

// Newton step for G(x) = F(x) - x: solves (J_F - I) dx = -G(x).
Eigen::VectorXd newton_step(const FixedPointMap& map, const Eigen::VectorXd& x,
                            const Eigen::VectorXd& image) {
    Eigen::MatrixXd jacobian = forward_jacobian(map, x, image);
    jacobian.diagonal().array() -= 1.0;
    return x + jacobian.fullPivLu().solve(-(image - x));
}

}  // namespace

double max_jacobian_eigenvalue(const FixedPointMap& map, const Eigen::VectorXd& x) {
    const Eigen::Index n = x.size();
    if (n == 0) {
        return 0.0;
    }
    // Forward differences: maps clip their arguments at domain edges such as q = 0, where a
    // central difference would average the slope with the flat clipped side.
    const Eigen::MatrixXd jacobian = forward_jacobian(map, x, map(x));
    if (n == 1) {
        return jacobian(0, 0);
    }
    const Eigen::VectorXcd eigenvalues = jacobian.eigenvalues();
    double largest = eigenvalues[0].real();
    for (Eigen::Index i = 1; i < n; ++i) {
        largest = std::max(largest, eigenvalues[i].real());
    }
    return largest;
}

FixedPointResult solve_fixed_point(const FixedPointMap& map, const Eigen::VectorXd& start,
                                   const SolverSettings& settings) {
    FixedPointResult result;
    result.x = start;
    if (start.size() == 0) {
        result.converged = true;
        return result;
    }
    double previous_step = std::numeric_limits<double>::infinity();
    int shrinking_run = 0;
    int growing_run = 0;
    double damping = settings.damping;
    for (int it = 1; it <= settings.max_iterations; ++it) {
        const Eigen::VectorXd image = map(result.x);
        const double step = (image - result.x).cwiseAbs().maxCoeff();
        shrinking_run = step < previous_step ? shrinking_run + 1 : 0;
        growing_run = step > 0.99 * previous_step ? growing_run + 1 : 0;
        if (settings.adaptive_damping && growing_run >= 3) {
            damping = std::max(0.5 * damping, 1e-3);
            growing_run = 0;
        }
        previous_step = step;
        result.iterations = it;
        if (!std::isfinite(step)) {
            break;
        }
        if (step < settings.tolerance) {
            result.x = image;
            result.converged = true;
            break;
        }
        if (settings.newton_every > 0 && shrinking_run >= settings.newton_every) {
            shrinking_run = 0;
            const Eigen::VectorXd trial = newton_step(map, result.x, image);
            if (trial.allFinite()) {
                const double trial_step = (map(trial) - trial).cwiseAbs().maxCoeff();
                if (trial_step < 0.5 * step) {
                    result.x = trial;
                    continue;
                }
            }
        }
        result.x = (1.0 - damping) * result.x + damping * image;
    }
    if (result.converged) {
        result.max_jacobian_eigenvalue = max_jacobian_eigenvalue(map, result.x);
    }
    return result;
}

}  // namespace statmem::theory
