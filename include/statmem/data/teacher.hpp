#pragma once
// Teacher patterns and the examples they generate.

#include <cstdint>
#include <vector>

#include "statmem/core/random.hpp"
#include "statmem/data/example_set.hpp"
#include "statmem/models/dam.hpp"

namespace statmem {

/// Uniform random +-1 pattern.
Spins random_pattern(int sites, RandomStream& stream);

/// Exact i.i.d. sampler of P*(sigma) ~ exp(-beta* H(sigma | xi*)) for a single-pattern DAM.
///
/// The energy depends on sigma only through k, the number of sites where sigma agrees
/// with xi*. So k is drawn from P(k) ~ C(N, k) exp(-beta* H(m_k)) by inverting its
/// cumulative table, and then a uniformly random set of k sites is made to agree.
/// No Markov chain is involved. Cost: O(N) per example after an O(N) table.
class TeacherSampler {
  public:
    /// `teacher_temperature` may be infinite (uniform examples). With
    /// `paramagnetic_only`, k is restricted to the paramagnetic basin (see below); throws
    /// InputError when the teacher has no such basin at this temperature.
    TeacherSampler(const DamPolynomial& polynomial, double teacher_temperature,
                   bool paramagnetic_only);

    /// Draw one example of the teacher pattern `teacher` into `out`.
    void draw(const Spins& teacher, RandomStream& stream, Spins& out) const;
    /// Draw the number of agreeing sites k only.
    int draw_agreements(RandomStream& stream) const;

    /// Exact P(k), k = 0..N (restricted and renormalised in paramagnetic-only mode).
    const std::vector<double>& probabilities() const { return probability_; }

    /// The paramagnetic basin [first, last] of k: the peak of P(k) nearest k = N/2 and
    /// the k values down to the nearest minimum of P(k) on each side. An example is
    /// "aligned" when its k lies outside it. Empty (first > last) when P(k) has a minimum
    /// at N/2, i.e. the teacher is ordered.
    int basin_first() const { return basin_first_; }
    int basin_last() const { return basin_last_; }
    bool is_aligned(int k) const { return k < basin_first_ || k > basin_last_; }

  private:
    int sites_;
    std::vector<double> probability_;
    std::vector<double> cumulative_;
    int basin_first_ = 0;
    int basin_last_ = -1;
};

/// Noisy copy sigma_i = xi*_i chi_i with P(chi_i = +1) = (1 + r) / 2 (dataset quality r).
void draw_noisy_copy(const Spins& teacher, double quality, RandomStream& stream, Spins& out);

/// Number of agreeing sites between two patterns.
int agreements(const Spins& a, const Spins& b);

/// Expected max_a |x_a| / N for a uniformly random pattern against M independent uniform
/// examples (x_a = N m_a ~ 2 Bin(N, 1/2) - N), computed exactly from
/// P(max <= v) = F(v)^M. Below this floor m carries no sign of memorisation.
double random_overlap_floor(int sites, std::int64_t examples);

}  // namespace statmem
