#pragma once
// Replica-symmetric theory of the RBM teacher-student setting (binary weights).

#include <Eigen/Dense>

#include "statmem/theory/fixed_point.hpp"

namespace statmem::theory {

/// A fixed point of the P = P* = 1 equations with binary weights, alpha = M / N.
struct RbmSolution {
    double m = 0.0;      ///< teacher-student overlap
    double q = 0.0;      ///< overlap of two posterior replicas
    double m_hat = 0.0;  ///< conjugate of m
    double q_hat = 0.0;  ///< conjugate of q
    double free_entropy = 0.0;
    bool converged = false;
    int iterations = 0;
    double max_jacobian_eigenvalue = 0.0;
};

/// Solves, with z ~ N(0, 1),
///   m_hat = alpha beta* beta E tanh(beta* beta m + beta sqrt(q) z),
///   q_hat = alpha beta^2 E tanh^2(beta* beta m + beta sqrt(q) z),
///   m = E tanh(m_hat + sqrt(q_hat) z),  q = E tanh^2(m_hat + sqrt(q_hat) z),
/// from the start (m0, q0).
RbmSolution solve_rbm_single_unit(double alpha, double temperature, double teacher_temperature,
                                  double m0, double q0, const SolverSettings& settings);

/// RS free entropy per visible unit of the P = 1 binary-weight student, up to a constant
/// shared by all branches at the same (alpha, T, T*):
///   -m m_hat - (q_hat / 2)(1 - q) + E ln 2 cosh(m_hat + sqrt(q_hat) z)
///   + alpha [E ln cosh(beta* beta m + beta sqrt(q) z) + beta^2 (1 - q) / 2].
/// Stationary in all four variables at a solution of the equations above; the paramagnet
/// has ln 2 + alpha beta^2 / 2.
double rbm_single_unit_free_entropy(double alpha, double temperature, double teacher_temperature,
                                    double m, double q, double m_hat, double q_hat);

/// Uniform correlation matrix C = (1 - c) I + c 1 1^T of P teacher patterns.
Eigen::MatrixXd uniform_correlation(int patterns, double c);

/// D = <tau tau^T> under p(tau) ~ exp((beta*^2 / 2) tau^T C tau), by exact enumeration of
/// the 2^P hidden states (P <= 24).
Eigen::MatrixXd teacher_hidden_correlation(const Eigen::MatrixXd& correlation,
                                           double teacher_temperature);

/// Critical load on the Nishimori line (T* = T), alpha_c = T^4 / lambda_max(D C).
/// D C is a product of two positive semi-definite matrices, so its eigenvalues are real.
/// They are computed as those of the symmetric C^(1/2) D C^(1/2).
double rbm_critical_load(const Eigen::MatrixXd& correlation, double temperature);

}  // namespace statmem::theory

#include "statmem/theory/phase_model.hpp"

namespace statmem::theory {

/// The P = 1 binary-weight equations on a grid (alpha = M / N). Branch kinds and labels
/// P, SG and F (learning: m > 0), the label by the largest free entropy. With
/// `nishimori` the teacher temperature follows the student's (T* = T).
class RbmPhaseModel : public PhaseModel {
  public:
    enum Kind { kParamagnet = 0, kSpinGlass = 1, kLearning = 2 };

    RbmPhaseModel(bool nishimori, SolverSettings settings, double order_tolerance);

    std::vector<std::string> branch_names() const override { return {"P", "SG", "F"}; }
    std::vector<std::string> order_names() const override { return {"m", "q", "m_hat", "q_hat"}; }
    std::vector<std::string> label_names() const override { return {"P", "SG", "F"}; }
    CellResult solve(const PhasePoint& point) const override;

  private:
    bool nishimori_;
    SolverSettings settings_;
    double order_tolerance_;
};

}  // namespace statmem::theory
