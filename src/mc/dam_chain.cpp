#include "statmem/mc/dam_chain.hpp"

#include "statmem/core/error.hpp"

namespace statmem {

bool fits_int64(const DamPolynomial& polynomial, std::int64_t examples) {
    const Int128 bound = Int128{8} * examples * polynomial.max_abs_value();
    return bound < static_cast<Int128>(std::numeric_limits<std::int64_t>::max());
}

template <typename Int>
DamChain<Int>::DamChain(const ExampleSet& examples, const DamPolynomial& polynomial, Spins start)
    : examples_(&examples),
      polynomial_(&polynomial),
      spins_(std::move(start)),
      agree_(examples.examples()),
      slope_(examples.examples()) {
    STATMEM_REQUIRE(static_cast<int>(spins_.size()) == examples.sites(),
                    "start pattern of the wrong length");
    const int n = polynomial.sites();
    value_table_.resize(n + 1);
    curvature_table_.resize(n + 1);
    slope_table_.resize(n + 1);
    for (int k = 0; k <= n; ++k) {
        value_table_[k] = static_cast<Int>(polynomial.value(k));
        curvature_table_[k] = static_cast<Int>(polynomial.curvature(k));
        slope_table_[k] = static_cast<Int>(polynomial.slope(k));
    }
    rebuild();
}

template <typename Int>
void DamChain<Int>::rebuild() {
    const auto overlaps = examples_->overlaps(spins_);
    const int n = polynomial_->sites();
    value_sum_ = 0;
    curvature_sum_ = 0;
    slope_sum_ = 0;
    for (std::size_t a = 0; a < overlaps.size(); ++a) {
        const int k = (overlaps[a] + n) / 2;
        agree_[a] = k;
        slope_[a] = slope_table_[k];
        value_sum_ += value_table_[k];
        curvature_sum_ += curvature_table_[k];
        slope_sum_ += slope_table_[k];
    }
}

template <typename Int>
Int DamChain<Int>::doubled_delta(int i) const {
    // masked = sum of slope_a over the examples whose bit at site i is +1.
    const std::uint64_t* column = examples_->column(i);
    const std::int64_t m = examples_->examples();
    const std::int64_t words = examples_->words_per_site();
    const Int* slope = slope_.data();
    Int masked = 0;
    for (std::int64_t w = 0; w < words; ++w) {
        const std::uint64_t bits = column[w];
        const std::int64_t base = w * 64;
        const int count = static_cast<int>(std::min<std::int64_t>(64, m - base));
        for (int j = 0; j < count; ++j) {
            const Int keep = -static_cast<Int>((bits >> j) & 1U);
            masked += slope[base + j] & keep;
        }
    }
    const Int signed_sum = 2 * masked - slope_sum_;
    return spins_[i] > 0 ? curvature_sum_ + signed_sum : curvature_sum_ - signed_sum;
}

template <typename Int>
void DamChain<Int>::flip(int i) {
    const std::uint64_t* column = examples_->column(i);
    const std::int64_t m = examples_->examples();
    const bool up = spins_[i] > 0;
    for (std::int64_t a = 0; a < m; ++a) {
        const bool bit = (column[a >> 6] >> (a & 63)) & 1U;
        // The example agreed with site i before the flip iff its bit matches the spin.
        const int old_k = agree_[a];
        const int new_k = (bit == up) ? old_k - 1 : old_k + 1;
        agree_[a] = new_k;
        value_sum_ += value_table_[new_k] - value_table_[old_k];
        curvature_sum_ += curvature_table_[new_k] - curvature_table_[old_k];
        const Int new_slope = slope_table_[new_k];
        slope_sum_ += new_slope - slope_[a];
        slope_[a] = new_slope;
    }
    spins_[i] = static_cast<std::int8_t>(-spins_[i]);
}

template <typename Int>
int DamChain<Int>::sweep(double beta, UpdateRule rule, RandomStream& stream) {
    const int n = polynomial_->sites();
    int accepted = 0;
    // Sites are drawn uniformly at random: a fixed order at beta = 0 would map xi to -xi
    // every sweep. At beta = 0 both rules use the heat-bath probability 1/2, because
    // Metropolis there accepts every flip, so N flips per sweep would keep the parity of
    // the number of flipped sites and the chain would never leave one half of the states.
    for (int attempt = 0; attempt < n; ++attempt) {
        const int i = static_cast<int>(stream.below(static_cast<std::uint64_t>(n)));
        const double delta = delta_energy(i);
        bool accept = false;
        if (std::isinf(beta)) {
            accept = delta < 0.0;  // zero temperature: greedy, ties rejected
        } else if (rule == UpdateRule::kMetropolis && beta > 0.0) {
            accept = delta <= 0.0 || stream.uniform() < std::exp(-beta * delta);
        } else {
            accept = stream.uniform() * (1.0 + std::exp(beta * delta)) < 1.0;
        }
        if (accept) {
            flip(i);
            ++accepted;
        }
    }
    return accepted;
}

template <typename Int>
int DamChain<Int>::max_abs_overlap(std::int64_t* index) const {
    const int n = polynomial_->sites();
    int best = -1;
    std::int64_t best_index = 0;
    for (std::size_t a = 0; a < agree_.size(); ++a) {
        const int x = std::abs(2 * agree_[a] - n);
        if (x > best) {
            best = x;
            best_index = static_cast<std::int64_t>(a);
        }
    }
    if (index != nullptr) {
        *index = best_index;
    }
    return best;
}

template class DamChain<std::int64_t>;
template class DamChain<Int128>;

}  // namespace statmem
