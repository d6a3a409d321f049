#include "statmem/data/teacher.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "statmem/core/error.hpp"

namespace statmem {

Spins random_pattern(int sites, RandomStream& stream) {
    Spins pattern(sites);
    for (int i = 0; i < sites; i += 64) {
        std::uint64_t bits = stream.next_u64();
        for (int j = i; j < std::min(sites, i + 64); ++j) {
            pattern[j] = (bits & 1U) ? 1 : -1;
            bits >>= 1;
        }
    }
    return pattern;
}

TeacherSampler::TeacherSampler(const DamPolynomial& polynomial, double teacher_temperature,
                               bool paramagnetic_only)
    : sites_(polynomial.sites()), probability_(sites_ + 1), cumulative_(sites_ + 1) {
    const double beta = std::isinf(teacher_temperature) ? 0.0 : 1.0 / teacher_temperature;
    std::vector<double> log_weight(sites_ + 1);
    for (int k = 0; k <= sites_; ++k) {
        const double energy = sites_ * polynomial.energy_per_spin(k);
        log_weight[k] = std::lgamma(sites_ + 1.0) - std::lgamma(k + 1.0) -
                        std::lgamma(sites_ - k + 1.0) - beta * energy;
    }

    // Paramagnetic basin: climb from N/2 to the nearest peak, then descend on both sides
    // to the nearest minima.
    int peak = sites_ / 2;
    const bool ordered_at_centre = (peak > 0 && log_weight[peak - 1] > log_weight[peak]) &&
                                   (peak < sites_ && log_weight[peak + 1] > log_weight[peak]);
    if (!ordered_at_centre) {
        while (peak > 0 && log_weight[peak - 1] > log_weight[peak]) {
            --peak;
        }
        while (peak < sites_ && log_weight[peak + 1] > log_weight[peak]) {
            ++peak;
        }
        basin_first_ = peak;
        while (basin_first_ > 0 && log_weight[basin_first_ - 1] < log_weight[basin_first_]) {
            --basin_first_;
        }
        basin_last_ = peak;
        while (basin_last_ < sites_ && log_weight[basin_last_ + 1] < log_weight[basin_last_]) {
            ++basin_last_;
        }
    }
    if (paramagnetic_only && basin_first_ > basin_last_) {
        throw InputError("teacher.basin = \"paramagnetic\" but the teacher at T* = " +
                         std::to_string(teacher_temperature) +
                         " has no paramagnetic basin (P(k) has a minimum at m = 0); raise "
                         "T* above the spinodal or use teacher.basin = \"any\"");
    }

    const int first = paramagnetic_only ? basin_first_ : 0;
    const int last = paramagnetic_only ? basin_last_ : sites_;
    const double top = *std::max_element(log_weight.begin() + first, log_weight.begin() + last + 1);
    double total = 0.0;
    for (int k = 0; k <= sites_; ++k) {
        probability_[k] = (k >= first && k <= last) ? std::exp(log_weight[k] - top) : 0.0;
        total += probability_[k];
    }
    double running = 0.0;
    for (int k = 0; k <= sites_; ++k) {
        probability_[k] /= total;
        running += probability_[k];
        cumulative_[k] = running;
    }
    cumulative_[last] = 1.0;
    for (int k = last + 1; k <= sites_; ++k) {
        cumulative_[k] = 1.0;
    }
}

int TeacherSampler::draw_agreements(RandomStream& stream) const {
    const double u = stream.uniform();
    const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), u);
    return static_cast<int>(std::min<std::ptrdiff_t>(it - cumulative_.begin(), sites_));
}

void TeacherSampler::draw(const Spins& teacher, RandomStream& stream, Spins& out) const {
    const int k = draw_agreements(stream);
    // Choose which sites agree: a partial Fisher-Yates shuffle picks the k agreeing sites
    // (or the N - k disagreeing ones, whichever is fewer).
    const bool pick_agreeing = k <= sites_ - k;
    const int picks = pick_agreeing ? k : sites_ - k;
    std::vector<int> order(sites_);
    std::iota(order.begin(), order.end(), 0);
    out.resize(sites_);
    for (int i = 0; i < sites_; ++i) {
        out[i] = static_cast<std::int8_t>(pick_agreeing ? -teacher[i] : teacher[i]);
    }
    for (int j = 0; j < picks; ++j) {
        const int swap_with = j + static_cast<int>(stream.below(sites_ - j));
        std::swap(order[j], order[swap_with]);
        const int site = order[j];
        out[site] = static_cast<std::int8_t>(pick_agreeing ? teacher[site] : -teacher[site]);
    }
}

void draw_noisy_copy(const Spins& teacher, double quality, RandomStream& stream, Spins& out) {
    const double keep = (1.0 + quality) / 2.0;
    out.resize(teacher.size());
    for (std::size_t i = 0; i < teacher.size(); ++i) {
        out[i] = static_cast<std::int8_t>(stream.uniform() < keep ? teacher[i] : -teacher[i]);
    }
}

int agreements(const Spins& a, const Spins& b) {
    int count = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        count += (a[i] == b[i]) ? 1 : 0;
    }
    return count;
}

double random_overlap_floor(int sites, std::int64_t examples) {
    // Lattice values v = |x| in N, N - 2, ..., N mod 2, visited from the top. Before the
    // mass at v is added, `tail` is P(|x| > v), so P(max <= v) = (1 - tail)^M.
    std::vector<double> values;
    std::vector<double> max_cdf;
    double tail = 0.0;
    for (int k = sites; 2 * k - sites >= 0; --k) {
        const int v = 2 * k - sites;
        values.push_back(v);
        max_cdf.push_back(std::exp(static_cast<double>(examples) * std::log1p(-tail)));
        const double p_k = std::exp(std::lgamma(sites + 1.0) - std::lgamma(k + 1.0) -
                                    std::lgamma(sites - k + 1.0) - sites * std::log(2.0));
        tail += (v == 0) ? p_k : 2.0 * p_k;
    }
    double expected = 0.0;
    for (std::size_t j = 0; j < values.size(); ++j) {
        const double below = (j + 1 < values.size()) ? max_cdf[j + 1] : 0.0;
        expected += values[j] * (max_cdf[j] - below);
    }
    return expected / sites;
}

}  // namespace statmem
