#include "statmem/theory/fixed_point.hpp"

#include <algorithm>
#include <cmath>

namespace statmem::theory {

double max_jacobian_eigenvalue(const FixedPointMap& map, const Eigen::VectorXd& x) {
    const Eigen::Index n = x.size();
    if (n == 0) {
        return 0.0;
    }
    Eigen::MatrixXd jacobian(n, n);
    for (Eigen::Index j = 0; j < n; ++j) {
        const double step = 1e-6;
        Eigen::VectorXd plus = x;
        Eigen::VectorXd minus = x;
        plus[j] += step;
        minus[j] -= step;
        jacobian.col(j) = (map(plus) - map(minus)) / (2.0 * step);
    }
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
    for (int it = 1; it <= settings.max_iterations; ++it) {
        const Eigen::VectorXd image = map(result.x);
        const double step = (image - result.x).cwiseAbs().maxCoeff();
        result.iterations = it;
        if (!std::isfinite(step)) {
            break;
        }
        if (step < settings.tolerance) {
            result.x = image;
            result.converged = true;
            break;
        }
        result.x = (1.0 - settings.damping) * result.x + settings.damping * image;
    }
    if (result.converged) {
        result.max_jacobian_eigenvalue = max_jacobian_eigenvalue(map, result.x);
    }
    return result;
}

}  // namespace statmem::theory
