#pragma once
// Counter-based random streams (Philox4x64-10 from Random123).
//
// A stream is named by a seed, a purpose and up to three ids (disorder sample, parameter
// point, replica, ...). Its n-th number depends only on those and on n, never on which
// rank or thread draws it, so results do not depend on the parallel layout and a
// checkpoint needs only the draw count.

#include <Random123/philox.h>

#include <cstdint>

namespace statmem {

/// Purpose of a stream. It is part of the Philox key, so streams of different purposes
/// never overlap even when their ids coincide.
enum class StreamPurpose : std::uint64_t {
    kTeacher = 1,
    kDataset = 2,
    kChain = 3,
    kExchange = 4,
    kStart = 5,
    kTest = 99,
};

class RandomStream {
  public:
    RandomStream(std::uint64_t seed, StreamPurpose purpose, std::uint64_t id_a,
                 std::uint64_t id_b = 0, std::uint64_t id_c = 0);

    /// Next 64 uniformly distributed bits.
    std::uint64_t next_u64() {
        if (buffer_pos_ == 4) {
            refill();
        }
        ++draws_;
        return buffer_.v[buffer_pos_++];
    }

    /// Uniform double in [0, 1) with 53 random bits.
    double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

    /// Uniform integer in [0, n) without modulo bias (Lemire's multiply-and-reject); n > 0.
    std::uint64_t below(std::uint64_t n);

    /// Number of 64-bit draws taken so far; `seek(draws())` on a fresh stream restores it.
    std::uint64_t draws() const { return draws_; }
    void seek(std::uint64_t draws);

  private:
    using Engine = r123::Philox4x64;
    void refill();

    Engine::key_type key_{};
    Engine::ctr_type counter_{};
    Engine::ctr_type buffer_{};
    unsigned buffer_pos_ = 4;
    std::uint64_t draws_ = 0;
};

}  // namespace statmem
