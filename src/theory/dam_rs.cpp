#include "statmem/theory/dam_rs.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include "statmem/theory/ferromagnet.hpp"
#include "statmem/theory/gaussian.hpp"

namespace statmem::theory {
namespace {

double integer_power(double x, int n) {
    double result = 1.0;
    for (int i = 0; i < n; ++i) {
        result *= x;
    }
    return result;
}

double double_factorial(int n) {
    double result = 1.0;
    for (int k = n; k > 1; k -= 2) {
        result *= k;
    }
    return result;
}

double factorial(int n) {
    double result = 1.0;
    for (int k = 2; k <= n; ++k) {
        result *= k;
    }
    return result;
}

// Gaussian averages at the two fields c* r* + beta k and c* r* - beta k. The m equation's
// fields beta k +- c* r* are the first one and minus the second, and tanh is odd, so
// these two averages serve all three equations and Phi.
struct FieldAverages {
    GaussianMoments plus;
    GaussianMoments minus;
};

FieldAverages field_averages(int p, const DamCoefficients& co, const DamOrder& order) {
    const double q = std::clamp(order.q, 0.0, 1.0);
    const double r_star = p * integer_power(order.q_star, p - 1);
    const double r = p * integer_power(q, p - 1);
    const double k = p * integer_power(order.m, p - 1);
    const double width = std::sqrt(co.c * r);
    FieldAverages averages;
    averages.plus = gaussian_moments(co.c_star * r_star + co.beta * k, width);
    averages.minus =
        k == 0.0 ? averages.plus : gaussian_moments(co.c_star * r_star - co.beta * k, width);
    return averages;
}

// Layout of the free variables x for each set of constraints.
enum class Freedom { q_only, q_and_m, all };

Freedom freedom_of(DamRegime regime) {
    switch (regime) {
        case DamRegime::direct:
            return Freedom::q_and_m;
        case DamRegime::nishimori:
        case DamRegime::teacher2_large_noise:
            return Freedom::q_only;
        case DamRegime::fixed_teacher:
        case DamRegime::teacher2_finite_noise:
            return Freedom::all;
    }
    return Freedom::all;
}

DamOrder to_order(Freedom freedom, const Eigen::VectorXd& x) {
    switch (freedom) {
        case Freedom::q_only:
            return {x[0], x[0], 0.0};
        case Freedom::q_and_m:
            return {0.0, x[0], x[1]};
        case Freedom::all:
            return {x[0], x[1], x[2]};
    }
    return {};
}

Eigen::VectorXd to_free(Freedom freedom, const DamOrder& order) {
    switch (freedom) {
        case Freedom::q_only:
            // On the Nishimori line E tanh = E tanh^2, and q* = E tanh is the one used.
            return Eigen::VectorXd::Constant(1, order.q_star);
        case Freedom::q_and_m: {
            Eigen::VectorXd x(2);
            x << order.q, order.m;
            return x;
        }
        case Freedom::all: {
            Eigen::VectorXd x(3);
            x << order.q_star, order.q, order.m;
            return x;
        }
    }
    return {};
}

Eigen::VectorXd start_vector(Freedom freedom, const DamOrder& start) {
    switch (freedom) {
        case Freedom::q_only:
            return Eigen::VectorXd::Constant(1, start.q);
        default:
            return to_free(freedom, start);
    }
}

}  // namespace

std::string regime_name(DamRegime regime) {
    switch (regime) {
        case DamRegime::direct:
            return "direct";
        case DamRegime::nishimori:
            return "nishimori";
        case DamRegime::fixed_teacher:
            return "fixed_teacher";
        case DamRegime::teacher2_finite_noise:
            return "teacher2_finite_noise";
        case DamRegime::teacher2_large_noise:
            return "teacher2_large_noise";
    }
    return "unknown";
}

DamOrder dam_rs_map(int p, const DamCoefficients& coefficients, const DamOrder& order) {
    const FieldAverages f = field_averages(p, coefficients, order);
    DamOrder image;
    image.q_star = 0.5 * (f.plus.tanh + f.minus.tanh);
    image.q = 0.5 * (f.plus.tanh2 + f.minus.tanh2);
    image.m = 0.5 * (f.plus.tanh - f.minus.tanh);
    return image;
}

double dam_rs_free_entropy(int p, const DamCoefficients& co, const DamOrder& order) {
    const FieldAverages f = field_averages(p, co, order);
    const double q_star_p = integer_power(order.q_star, p);
    const double q_p = integer_power(order.q, p);
    const double m_p = integer_power(order.m, p);
    const double r_star = p * integer_power(order.q_star, p - 1);
    const double r = p * integer_power(order.q, p - 1);
    const double k = p * integer_power(order.m, p - 1);
    return std::numbers::ln2 + co.c_star * (q_star_p - order.q_star * r_star) +
           0.5 * co.c * (order.q * r - q_p - r + 1.0) + co.beta * (m_p - order.m * k) +
           0.5 * (f.plus.log_cosh + f.minus.log_cosh);
}

double finite_noise_eta(int p, double teacher_temperature) {
    const double kappa = 2.0 / (teacher_temperature - 2.0);
    return double_factorial(p - 1) * std::pow(kappa, 0.5 * p) / factorial(p / 2 + 1);
}

DamPhaseModel::DamPhaseModel(DamRegime regime, int p, SolverSettings settings,
                             double order_tolerance)
    : regime_(regime), p_(p), settings_(settings), order_tolerance_(order_tolerance) {
    if (p < 3) {
        throw std::invalid_argument("DamPhaseModel: p = " + std::to_string(p) +
                                    " is invalid; the RS equations need p >= 3");
    }
    const bool pair_teacher =
        regime == DamRegime::teacher2_finite_noise || regime == DamRegime::teacher2_large_noise;
    if (pair_teacher && p % 2 != 0) {
        throw std::invalid_argument("DamPhaseModel: p = " + std::to_string(p) +
                                    " is invalid for a p* = 2 teacher; p must be even");
    }
    if (regime == DamRegime::nishimori || regime == DamRegime::fixed_teacher) {
        teacher_critical_temperature_ = ferromagnet_critical_temperature(p);
    } else if (regime == DamRegime::teacher2_finite_noise) {
        teacher_critical_temperature_ = ferromagnet_critical_temperature(2);
    }
}

std::vector<std::string> DamPhaseModel::branch_names() const {
    return {"P", "SG", "eR", "R"};
}

std::vector<std::string> DamPhaseModel::order_names() const {
    return {"q_star", "q", "m"};
}

std::vector<std::string> DamPhaseModel::label_names() const {
    return {"P", "SG", "eR", "lR", "gR"};
}

DamCoefficients DamPhaseModel::coefficients(const PhasePoint& point) const {
    const double beta = 1.0 / point.temperature;
    const double c = point.alpha * beta * beta;
    switch (regime_) {
        case DamRegime::direct:
            return {0.0, c, beta};
        case DamRegime::nishimori:
        case DamRegime::teacher2_large_noise:
            return {c, c, beta};
        case DamRegime::fixed_teacher:
            return {point.alpha * beta / point.teacher_temperature, c, beta};
        case DamRegime::teacher2_finite_noise:
            return {finite_noise_eta(p_, point.teacher_temperature) * point.alpha * beta, 0.0,
                    beta};
    }
    return {};
}

bool DamPhaseModel::teacher_aligned(const PhasePoint& point) const {
    switch (regime_) {
        case DamRegime::nishimori:
            return point.temperature <= teacher_critical_temperature_;
        case DamRegime::fixed_teacher:
        case DamRegime::teacher2_finite_noise:
            return point.teacher_temperature <= teacher_critical_temperature_;
        case DamRegime::direct:
        case DamRegime::teacher2_large_noise:
            return false;
    }
    return false;
}

CellResult DamPhaseModel::solve(const PhasePoint& point) const {
    CellResult cell;
    if (teacher_aligned(point)) {
        cell.label = kLabelER;
        cell.flags |= kFlagTeacherAligned;
        return cell;
    }

    const DamCoefficients co = coefficients(point);
    const Freedom freedom = freedom_of(regime_);
    const FixedPointMap map = [&](const Eigen::VectorXd& x) {
        return to_free(freedom, dam_rs_map(p_, co, to_order(freedom, x)));
    };

    // Paramagnet, teacher-like, example-like and glass-like starts; constraints can make
    // some of them coincide, and each distinct one is solved once.
    const DamOrder starts[] = {{0.0, 0.0, 0.0}, {1.0, 1.0, 0.0}, {0.0, 1.0, 1.0}, {0.0, 1.0, 0.0}};
    std::vector<Eigen::VectorXd> solved_starts;
    for (const DamOrder& start_order : starts) {
        const Eigen::VectorXd start = start_vector(freedom, start_order);
        const bool repeated = std::any_of(solved_starts.begin(), solved_starts.end(),
                                          [&](const Eigen::VectorXd& s) { return s == start; });
        if (repeated) {
            continue;
        }
        solved_starts.push_back(start);

        const FixedPointResult fixed = solve_fixed_point(map, start, settings_);
        if (!fixed.converged) {
            cell.flags |= kFlagNotConverged;
            continue;
        }
        if (fixed.max_jacobian_eigenvalue >= 1.0) {
            cell.flags |= kFlagUnstableDropped;
            continue;
        }
        const DamOrder order = to_order(freedom, fixed.x);
        Branch branch;
        if (std::abs(order.q_star) > order_tolerance_) {
            branch.kind = kTeacher;
        } else if (std::abs(order.m) > order_tolerance_) {
            branch.kind = kExample;
        } else if (order.q > order_tolerance_) {
            branch.kind = kSpinGlass;
        } else {
            branch.kind = kParamagnet;
        }
        branch.order = {order.q_star, order.q, order.m};
        branch.free_entropy = dam_rs_free_entropy(p_, co, order);
        branch.iterations = fixed.iterations;
        branch.max_jacobian_eigenvalue = fixed.max_jacobian_eigenvalue;

        add_branch(cell, branch);
    }

    if (cell.flags & kFlagNotConverged) {
        cell.label = kLabelUndetermined;
        return cell;
    }
    const Branch* global = global_branch(cell);
    if (global->kind == kTeacher) {
        cell.label = kLabelGR;
    } else if (find_branch(cell, kTeacher) != nullptr) {
        cell.label = kLabelLR;
    } else {
        cell.label = global->kind == kExample     ? kLabelER
                     : global->kind == kSpinGlass ? kLabelSG
                                                  : kLabelP;
    }
    // Entropy of the paramagnet, Phi - beta dPhi/dbeta = ln 2 - c/2 (c = alpha beta^2 or 0).
    if (cell.label == kLabelP && std::numbers::ln2 - 0.5 * co.c < 0.0) {
        cell.flags |= kFlagNegativeEntropy;
    }
    return cell;
}

}  // namespace statmem::theory
