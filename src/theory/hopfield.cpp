#include "statmem/theory/hopfield.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "statmem/theory/gaussian.hpp"
#include "statmem/theory/roots.hpp"

namespace statmem::theory {
namespace {

// One AGS step in the variables x = (m, q, C) with C = beta (1 - q): the noise
// r = q / (1 - C)^2 gives the Gaussian averages, hence m' = E tanh, q' = E tanh^2 and
// C' = beta (1 - q'). At low temperature the glass fixed point repels a plain iteration of q
// or r (slope about +sqrt(2 / (pi alpha r)) in r), while in C the slope is negative, which
// damping can tame. C is clipped below 1, where r is defined.
Eigen::VectorXd ags_step(double alpha_ags, double beta, const Eigen::VectorXd& x) {
    const double q = std::clamp(x[1], 0.0, 1.0);
    const double gap = std::max(1.0 - x[2], 1e-9);
    const double r = q / (gap * gap);
    const GaussianMoments g = gaussian_moments(beta * x[0], beta * std::sqrt(alpha_ags * r));
    Eigen::VectorXd image(3);
    image << g.tanh, g.tanh2, beta * (1.0 - g.tanh2);
    return image;
}

}  // namespace

AgsSolution solve_ags(double alpha_ags, double temperature_ags, double m0, double q0,
                      const SolverSettings& settings) {
    const double beta = 1.0 / temperature_ags;
    const FixedPointMap map = [&](const Eigen::VectorXd& x) {
        return ags_step(alpha_ags, beta, x);
    };
    SolverSettings adaptive = settings;
    adaptive.adaptive_damping = true;
    // A glass start (m0 = 0, q0 > 0) begins at the zero-temperature glass value
    // C = s / (1 + s), s = sqrt(2 / (pi alpha)), near which the damped map contracts.
    const double slope = std::sqrt(2.0 / (std::numbers::pi * alpha_ags));
    const double c0 =
        (m0 == 0.0 && q0 > 0.0) ? slope / (1.0 + slope) : std::min(beta * (1.0 - q0), 0.5);
    Eigen::VectorXd start(3);
    start << m0, q0, c0;
    const FixedPointResult fixed = solve_fixed_point(map, start, adaptive);

    AgsSolution solution;
    solution.m = fixed.x[0];
    solution.q = std::clamp(fixed.x[1], 0.0, 1.0);
    const double c = fixed.x[2];
    solution.r = c < 1.0 ? solution.q / ((1.0 - c) * (1.0 - c)) : 0.0;
    solution.converged = fixed.converged;
    solution.valid = fixed.converged && c < 1.0;
    solution.iterations = fixed.iterations;
    solution.max_jacobian_eigenvalue = fixed.max_jacobian_eigenvalue;
    return solution;
}

double ags_free_energy(double alpha_ags, double temperature_ags, double m, double q, double r) {
    const double beta = 1.0 / temperature_ags;
    const double gap = 1.0 - beta * (1.0 - q);
    const GaussianMoments g = gaussian_moments(beta * m, beta * std::sqrt(alpha_ags * r));
    return 0.5 * alpha_ags + 0.5 * m * m +
           alpha_ags / (2.0 * beta) * (std::log(gap) - beta * q / gap) +
           0.5 * alpha_ags * beta * r * (1.0 - q) - (std::numbers::ln2 + g.log_cosh) / beta;
}

double ags_statmem_free_entropy(double alpha, double temperature, bool krotov_form,
                                const AgsSolution& solution) {
    const double alpha_ags = ags_load_from_statmem(alpha);
    const double temperature_ags = ags_temperature_from_statmem(temperature);
    const double phi =
        -ags_free_energy(alpha_ags, temperature_ags, solution.m, solution.q, solution.r) /
        temperature_ags;
    return krotov_form ? phi + 0.5 * alpha / temperature : phi;
}

AgsSolution solve_ags_zero_temperature(double alpha_ags, const SolverSettings& settings) {
    const FixedPointMap map = [alpha_ags](const Eigen::VectorXd& x) {
        const double m = x[0];
        const double r = std::max(x[1], 1.0);
        const double spread = std::sqrt(2.0 * alpha_ags * r);
        const double c = std::sqrt(2.0 / (std::numbers::pi * alpha_ags * r)) *
                         std::exp(-m * m / (spread * spread));
        const double gap = std::max(1.0 - c, 1e-12);
        Eigen::VectorXd image(2);
        image << std::erf(m / spread), 1.0 / (gap * gap);
        return image;
    };
    Eigen::VectorXd start(2);
    start << 1.0, 1.0;
    const FixedPointResult fixed = solve_fixed_point(map, start, settings);
    AgsSolution solution;
    solution.m = fixed.x[0] < 1e-6 ? 0.0 : fixed.x[0];
    solution.q = 1.0;
    solution.r = fixed.x[1];
    solution.converged = fixed.converged;
    solution.valid = fixed.converged;
    solution.iterations = fixed.iterations;
    solution.max_jacobian_eigenvalue = fixed.max_jacobian_eigenvalue;
    return solution;
}

double ags_zero_temperature_critical_load() {
    const auto sqrt_two_alpha = [](double y) {
        return std::erf(y) / y - 2.0 / std::sqrt(std::numbers::pi) * std::exp(-y * y);
    };
    const double y_star = maximise_golden(sqrt_two_alpha, 0.1, 10.0, 1e-12);
    const double root = sqrt_two_alpha(y_star);
    return 0.5 * root * root;
}

}  // namespace statmem::theory

namespace statmem::theory {

HopfieldPhaseModel::HopfieldPhaseModel(bool krotov_form, SolverSettings settings,
                                       double order_tolerance)
    : krotov_form_(krotov_form), settings_(settings), order_tolerance_(order_tolerance) {}

CellResult HopfieldPhaseModel::solve(const PhasePoint& point) const {
    CellResult cell;
    const double alpha_ags = ags_load_from_statmem(point.alpha);
    const double temperature_ags = ags_temperature_from_statmem(point.temperature);
    const double starts[][2] = {{0.0, 0.0}, {1.0, 1.0}, {0.0, 1.0}};
    for (const auto& start : starts) {
        const AgsSolution s = solve_ags(alpha_ags, temperature_ags, start[0], start[1], settings_);
        if (!s.converged) {
            cell.flags |= kFlagNotConverged;
            continue;
        }
        if (!s.valid || s.max_jacobian_eigenvalue >= 1.0) {
            cell.flags |= kFlagUnstableDropped;
            continue;
        }
        Branch branch;
        branch.kind = std::abs(s.m) > order_tolerance_ ? kRetrieval
                      : s.q > order_tolerance_         ? kSpinGlass
                                                       : kParamagnet;
        branch.order = {s.m, s.q};
        branch.free_entropy =
            ags_statmem_free_entropy(point.alpha, point.temperature, krotov_form_, s);
        branch.iterations = s.iterations;
        branch.max_jacobian_eigenvalue = s.max_jacobian_eigenvalue;
        add_branch(cell, branch);
    }
    label_by_global_branch(cell);
    return cell;
}

}  // namespace statmem::theory
