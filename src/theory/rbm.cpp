#include "statmem/theory/rbm.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>
#include <vector>

#include "statmem/theory/gaussian.hpp"

namespace statmem::theory {

RbmSolution solve_rbm_single_unit(double alpha, double temperature, double teacher_temperature,
                                  double m0, double q0, const SolverSettings& settings) {
    const double beta = 1.0 / temperature;
    const double beta_teacher = 1.0 / teacher_temperature;
    const auto conjugates = [&](double m, double q) {
        const GaussianMoments g =
            gaussian_moments(beta_teacher * beta * m, beta * std::sqrt(std::max(q, 0.0)));
        return std::pair{alpha * beta_teacher * beta * g.tanh, alpha * beta * beta * g.tanh2};
    };
    const FixedPointMap map = [&](const Eigen::VectorXd& x) {
        const auto [m_hat, q_hat] = conjugates(x[0], x[1]);
        const GaussianMoments g = gaussian_moments(m_hat, std::sqrt(std::max(q_hat, 0.0)));
        Eigen::VectorXd image(2);
        image << g.tanh, g.tanh2;
        return image;
    };
    Eigen::VectorXd start(2);
    start << m0, q0;
    const FixedPointResult fixed = solve_fixed_point(map, start, settings);

    RbmSolution solution;
    solution.m = fixed.x[0];
    solution.q = fixed.x[1];
    std::tie(solution.m_hat, solution.q_hat) = conjugates(solution.m, solution.q);
    solution.converged = fixed.converged;
    solution.iterations = fixed.iterations;
    solution.max_jacobian_eigenvalue = fixed.max_jacobian_eigenvalue;
    solution.free_entropy =
        rbm_single_unit_free_entropy(alpha, temperature, teacher_temperature, solution.m,
                                     solution.q, solution.m_hat, solution.q_hat);
    return solution;
}

double rbm_single_unit_free_entropy(double alpha, double temperature, double teacher_temperature,
                                    double m, double q, double m_hat, double q_hat) {
    const double beta = 1.0 / temperature;
    const double beta_teacher = 1.0 / teacher_temperature;
    const GaussianMoments weights = gaussian_moments(m_hat, std::sqrt(std::max(q_hat, 0.0)));
    const GaussianMoments data =
        gaussian_moments(beta_teacher * beta * m, beta * std::sqrt(std::max(q, 0.0)));
    return -m * m_hat - 0.5 * q_hat * (1.0 - q) + std::numbers::ln2 + weights.log_cosh +
           alpha * (data.log_cosh + 0.5 * beta * beta * (1.0 - q));
}

Eigen::MatrixXd uniform_correlation(int patterns, double c) {
    Eigen::MatrixXd correlation = Eigen::MatrixXd::Constant(patterns, patterns, c);
    correlation.diagonal().setOnes();
    return correlation;
}

Eigen::MatrixXd teacher_hidden_correlation(const Eigen::MatrixXd& correlation,
                                           double teacher_temperature) {
    const Eigen::Index patterns = correlation.rows();
    if (patterns < 1 || patterns > 24 || correlation.cols() != patterns) {
        throw std::invalid_argument("teacher_hidden_correlation: P = " + std::to_string(patterns) +
                                    " is invalid; enumeration needs a square C with 1 <= P <= 24");
    }
    const double half_beta2 = 0.5 / (teacher_temperature * teacher_temperature);
    const std::uint64_t states = std::uint64_t{1} << patterns;

    // Log-weights first, so the normalisation can subtract their maximum.
    std::vector<double> log_weight(states);
    Eigen::VectorXd tau(patterns);
    for (std::uint64_t s = 0; s < states; ++s) {
        for (Eigen::Index mu = 0; mu < patterns; ++mu) {
            tau[mu] = ((s >> mu) & 1U) ? 1.0 : -1.0;
        }
        log_weight[s] = half_beta2 * tau.dot(correlation * tau);
    }
    const double largest = *std::max_element(log_weight.begin(), log_weight.end());

    Eigen::MatrixXd second_moment = Eigen::MatrixXd::Zero(patterns, patterns);
    double norm = 0.0;
    for (std::uint64_t s = 0; s < states; ++s) {
        for (Eigen::Index mu = 0; mu < patterns; ++mu) {
            tau[mu] = ((s >> mu) & 1U) ? 1.0 : -1.0;
        }
        const double weight = std::exp(log_weight[s] - largest);
        second_moment.noalias() += weight * tau * tau.transpose();
        norm += weight;
    }
    return second_moment / norm;
}

double rbm_critical_load(const Eigen::MatrixXd& correlation, double temperature) {
    const Eigen::MatrixXd hidden = teacher_hidden_correlation(correlation, temperature);
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> root(correlation);
    const Eigen::MatrixXd c_half = root.operatorSqrt();
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> product(c_half * hidden * c_half,
                                                                 Eigen::EigenvaluesOnly);
    const double lambda_max = product.eigenvalues().maxCoeff();
    return std::pow(temperature, 4) / lambda_max;
}

}  // namespace statmem::theory

namespace statmem::theory {

RbmPhaseModel::RbmPhaseModel(bool nishimori, SolverSettings settings, double order_tolerance)
    : nishimori_(nishimori), settings_(settings), order_tolerance_(order_tolerance) {}

CellResult RbmPhaseModel::solve(const PhasePoint& point) const {
    CellResult cell;
    const double teacher_temperature = nishimori_ ? point.temperature : point.teacher_temperature;
    const double starts[][2] = {{0.0, 0.0}, {1.0, 1.0}, {0.0, 1.0}};
    for (const auto& start : starts) {
        const RbmSolution s = solve_rbm_single_unit(
            point.alpha, point.temperature, teacher_temperature, start[0], start[1], settings_);
        if (!s.converged) {
            cell.flags |= kFlagNotConverged;
            continue;
        }
        if (s.max_jacobian_eigenvalue >= 1.0) {
            cell.flags |= kFlagUnstableDropped;
            continue;
        }
        Branch branch;
        branch.kind = std::abs(s.m) > order_tolerance_ ? kLearning
                      : s.q > order_tolerance_         ? kSpinGlass
                                                       : kParamagnet;
        branch.order = {s.m, s.q, s.m_hat, s.q_hat};
        branch.free_entropy = s.free_entropy;
        branch.iterations = s.iterations;
        branch.max_jacobian_eigenvalue = s.max_jacobian_eigenvalue;
        add_branch(cell, branch);
    }
    label_by_global_branch(cell);
    return cell;
}

}  // namespace statmem::theory
