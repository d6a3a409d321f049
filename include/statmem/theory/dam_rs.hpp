#pragma once
// Replica-symmetric theory of the teacher-student dense associative memory, p >= 3.
//
// With c* = beta* beta alpha, c = beta^2 alpha, z ~ N(0, 1), s = +-1 and the conjugates
// r* = p q*^(p-1), r = p q^(p-1), k = p m^(p-1):
//   q* = E tanh(sqrt(c r) z + c* r* + s beta k)
//   q  = E tanh^2(sqrt(c r) z + c* r* + s beta k)
//   m  = E tanh(sqrt(c r) z + s c* r* + beta k)
//   Phi = ln 2 + c* (q*^p - q* r*) + (c/2)(q r - q^p - r + 1) + beta (m^p - m k)
//         + E ln cosh(sqrt(c r) z + c* r* + s beta k).
// They apply to a misaligned teacher (T* above the teacher's own transition) and the
// diagonal-free (Gardner) student. The load is alpha = p! M / N^(p-1) unless the regime
// sets another convention.

#include <string>
#include <vector>

#include "statmem/theory/fixed_point.hpp"
#include "statmem/theory/phase_model.hpp"

namespace statmem::theory {

enum class DamRegime {
    direct,                 ///< random memories, no teacher: q* = 0
    nishimori,              ///< p = p*, T = T*: c* = c = alpha / T^2, m = 0, q* = q
    fixed_teacher,          ///< p = p*, fixed T*: c* = alpha / (T* T), c = alpha / T^2
    teacher2_finite_noise,  ///< p* = 2 teacher, even p, M = alpha N^(p/2) / (p/2 + 1)!
    teacher2_large_noise,   ///< p* = 2 teacher, T* ~ N^((p-2)/p): as the Nishimori line
};

/// Config spelling of each regime ("direct", "nishimori", ...).
std::string regime_name(DamRegime regime);

struct DamOrder {
    double q_star = 0.0;  ///< overlap with the teacher
    double q = 0.0;       ///< overlap of two student replicas
    double m = 0.0;       ///< overlap with one condensed example
};

struct DamCoefficients {
    double c_star = 0.0;  ///< teacher-signal strength c*
    double c = 0.0;       ///< noise strength c
    double beta = 1.0;    ///< student inverse temperature
};

/// One application of the right-hand sides to `order` (no constraints applied).
DamOrder dam_rs_map(int p, const DamCoefficients& coefficients, const DamOrder& order);

/// Free entropy Phi at `order` (meaningful at a fixed point).
double dam_rs_free_entropy(int p, const DamCoefficients& coefficients, const DamOrder& order);

/// eta = (p-1)!! kappa^(p/2) / (p/2 + 1)! with kappa = 2 / (T* - 2): the finite-noise
/// signal factor of a p* = 2 teacher at T* > 2 for an even-p student.
double finite_noise_eta(int p, double teacher_temperature);

/// Teacher-student DAM as a phase model. Branch kinds P, SG, eR, R (teacher retrieval);
/// labels P, SG, eR, lR, gR: gR where the teacher branch has the largest Phi, lR where it
/// exists but another branch has larger Phi, otherwise the global branch among eR, SG, P.
class DamPhaseModel : public PhaseModel {
  public:
    enum Kind { kParamagnet = 0, kSpinGlass = 1, kExample = 2, kTeacher = 3 };
    enum Label { kLabelP = 0, kLabelSG = 1, kLabelER = 2, kLabelLR = 3, kLabelGR = 4 };

    /// `p` is the student's order; `order_tolerance` is the size above which an order
    /// parameter counts as nonzero when a fixed point is classified.
    DamPhaseModel(DamRegime regime, int p, SolverSettings settings, double order_tolerance);

    std::vector<std::string> branch_names() const override;
    std::vector<std::string> order_names() const override;
    std::vector<std::string> label_names() const override;
    CellResult solve(const PhasePoint& point) const override;

    DamCoefficients coefficients(const PhasePoint& point) const;
    /// True when the examples are aligned with the teacher at this point, so the
    /// equations do not apply.
    bool teacher_aligned(const PhasePoint& point) const;
    /// Teacher transition temperature used by teacher_aligned (0 when there is none).
    double teacher_critical_temperature() const { return teacher_critical_temperature_; }

  private:
    DamRegime regime_;
    int p_;
    SolverSettings settings_;
    double order_tolerance_;
    double teacher_critical_temperature_ = 0.0;
};

}  // namespace statmem::theory
