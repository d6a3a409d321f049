#include "statmem/data/example_set.hpp"

#include "statmem/core/error.hpp"

namespace statmem {

ExampleSet::ExampleSet(int sites, std::int64_t examples)
    : sites_(sites),
      examples_(examples),
      words_per_site_((examples + 63) / 64),
      bits_(static_cast<std::size_t>(sites) * static_cast<std::size_t>(words_per_site_), 0) {}

void ExampleSet::set_example(std::int64_t a, const Spins& spins) {
    STATMEM_REQUIRE(static_cast<int>(spins.size()) == sites_, "example of the wrong length");
    const std::uint64_t bit = std::uint64_t{1} << (a & 63);
    const std::int64_t word = a >> 6;
    for (int i = 0; i < sites_; ++i) {
        std::uint64_t& w = bits_[static_cast<std::size_t>(i) * words_per_site_ + word];
        w = spins[i] > 0 ? (w | bit) : (w & ~bit);
    }
}

Spins ExampleSet::example(std::int64_t a) const {
    Spins spins(sites_);
    for (int i = 0; i < sites_; ++i) {
        spins[i] = static_cast<std::int8_t>(spin(a, i));
    }
    return spins;
}

std::vector<std::int32_t> ExampleSet::overlaps(const Spins& pattern) const {
    // Count agreements per example: sum over sites of [bit == (xi_i > 0)], then N m = 2k - N.
    std::vector<std::int32_t> agree(examples_, 0);
    for (int i = 0; i < sites_; ++i) {
        const std::uint64_t* col = column(i);
        const bool up = pattern[i] > 0;
        for (std::int64_t a = 0; a < examples_; ++a) {
            const bool bit = (col[a >> 6] >> (a & 63)) & 1U;
            agree[a] += (bit == up) ? 1 : 0;
        }
    }
    for (auto& k : agree) {
        k = 2 * k - sites_;
    }
    return agree;
}

}  // namespace statmem
