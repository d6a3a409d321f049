#pragma once
// One Markov chain of a DAM whose memories are an example set: the student pattern is the
// spin configuration, and its posterior is exp(-beta H) with H = -N^(1-p) sum_a G(x_a).
//
// Cached state per example a: the agreement count k_a = (N + x_a) / 2 and the slope
// G(x_a - 2) - G(x_a + 2). Flipping site i changes S = sum_a G(x_a) by dS, with
//   2 dS = C + xi_i * sum_a sigma^a_i slope_a,   C = sum_a [G(x_a-2) + G(x_a+2) - 2 G(x_a)],
// where C is kept as a running total. An attempt therefore reads site i's bit column and
// the slopes (O(M)); an accepted flip rewrites the M cached entries (O(M)). All sums are
// exact integers of type Int (int64 or 128-bit, chosen from the range bound of (N, M, p)).

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "statmem/core/random.hpp"
#include "statmem/data/example_set.hpp"
#include "statmem/models/dam.hpp"

namespace statmem {

enum class UpdateRule { kMetropolis, kHeatBath };

/// Inverse temperature that marks zero temperature: greedy dynamics, strictly downhill.
inline constexpr double kZeroTemperatureBeta = std::numeric_limits<double>::infinity();

/// True when sums of G over M examples (and single-flip changes, up to 8 M max|G|) fit
/// int64. Otherwise an engine must use 128-bit sums.
bool fits_int64(const DamPolynomial& polynomial, std::int64_t examples);

template <typename Int>
class DamChain {
  public:
    DamChain(const ExampleSet& examples, const DamPolynomial& polynomial, Spins start);

    /// One sweep: N single-spin update attempts at uniformly random sites. At beta = 0
    /// either rule flips with probability 1/2 (heat-bath), which keeps the chain aperiodic.
    /// Returns the number of accepted flips.
    int sweep(double beta, UpdateRule rule, RandomStream& stream);

    /// 2 dS for flipping site i (dS is the change of sum_a G(x_a)).
    Int doubled_delta(int i) const;
    /// Energy change of flipping site i.
    double delta_energy(int i) const {
        return -static_cast<double>(doubled_delta(i)) / (2.0 * polynomial_->energy_denominator());
    }
    void flip(int i);

    /// H = -S / N^(p-1).
    double energy() const {
        return -static_cast<double>(value_sum_) / polynomial_->energy_denominator();
    }
    Int value_sum() const { return value_sum_; }
    const Spins& spins() const { return spins_; }
    /// Integer overlap x_a = N m_a with example a.
    int overlap(std::int64_t a) const { return 2 * agree_[a] - polynomial_->sites(); }
    /// max_a |x_a|, with the first maximising example's index in `index`.
    int max_abs_overlap(std::int64_t* index) const;

    /// Recompute every cached quantity from the spins (for tests and checkpoints).
    void rebuild();

  private:
    const ExampleSet* examples_;
    const DamPolynomial* polynomial_;
    Spins spins_;
    std::vector<std::int32_t> agree_;  // k_a
    std::vector<Int> slope_;           // slope at k_a
    std::vector<Int> value_table_;
    std::vector<Int> curvature_table_;
    std::vector<Int> slope_table_;
    Int value_sum_ = 0;
    Int curvature_sum_ = 0;
    Int slope_sum_ = 0;
};

extern template class DamChain<std::int64_t>;
extern template class DamChain<Int128>;

}  // namespace statmem
