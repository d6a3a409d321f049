#include "statmem/core/random.hpp"

namespace statmem {

RandomStream::RandomStream(std::uint64_t seed, StreamPurpose purpose, std::uint64_t id_a,
                           std::uint64_t id_b, std::uint64_t id_c) {
    key_.v[0] = seed;
    key_.v[1] = static_cast<std::uint64_t>(purpose);
    counter_.v[0] = id_a;
    counter_.v[1] = id_b;
    counter_.v[2] = id_c;
    counter_.v[3] = 0;
}

void RandomStream::refill() {
    Engine engine;
    buffer_ = engine(counter_, key_);
    ++counter_.v[3];
    buffer_pos_ = 0;
}

std::uint64_t RandomStream::below(std::uint64_t n) {
    unsigned __int128 product = static_cast<unsigned __int128>(next_u64()) * n;
    auto low = static_cast<std::uint64_t>(product);
    if (low < n) {
        const std::uint64_t threshold = -n % n;
        while (low < threshold) {
            product = static_cast<unsigned __int128>(next_u64()) * n;
            low = static_cast<std::uint64_t>(product);
        }
    }
    return static_cast<std::uint64_t>(product >> 64);
}

void RandomStream::seek(std::uint64_t draws) {
    counter_.v[3] = draws / 4;
    buffer_pos_ = 4;
    draws_ = draws - draws % 4;
    while (draws_ < draws) {
        next_u64();
    }
}

}  // namespace statmem
