#pragma once
// Example sets: M configurations of N Ising spins, bit-packed by site.
//
// Bit a of site i's column is 1 when example a has spin +1 at site i. The site-major
// layout is what a single-spin update reads: flipping site i of the student needs the
// bits of all M examples at that site, M/8 bytes, contiguous.

#include <cstdint>
#include <vector>

namespace statmem {

/// An Ising configuration or pattern, entries +1 or -1.
using Spins = std::vector<std::int8_t>;

class ExampleSet {
  public:
    ExampleSet() = default;
    ExampleSet(int sites, std::int64_t examples);

    int sites() const { return sites_; }
    std::int64_t examples() const { return examples_; }
    std::int64_t words_per_site() const { return words_per_site_; }

    void set_example(std::int64_t a, const Spins& spins);
    int spin(std::int64_t a, int i) const {
        return ((column(i)[a >> 6] >> (a & 63)) & 1U) ? 1 : -1;
    }
    Spins example(std::int64_t a) const;
    /// Returns the packed bits of site i: words_per_site() words, padding bits zero.
    const std::uint64_t* column(int i) const {
        return bits_.data() + static_cast<std::size_t>(i) * words_per_site_;
    }

    /// Integer overlaps N m_a = sum_i sigma^a_i xi_i with a pattern xi, for all examples.
    std::vector<std::int32_t> overlaps(const Spins& pattern) const;

    /// Bytes of the packed bits.
    std::size_t bytes() const { return bits_.size() * sizeof(std::uint64_t); }

  private:
    int sites_ = 0;
    std::int64_t examples_ = 0;
    std::int64_t words_per_site_ = 0;
    std::vector<std::uint64_t> bits_;
};

}  // namespace statmem
