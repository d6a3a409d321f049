// Speed of the single-spin kernel against a plain read of the same bytes, measured in the
// same run. Reports bytes per second for each. The ratio shows how close an attempt comes
// to the bandwidth of the cache level that contains its per-example state.
//
//   build/bench/statmem_bench --benchmark_counters_tabular=true

#include <benchmark/benchmark.h>

#include <numeric>

#include "statmem/core/random.hpp"
#include "statmem/data/teacher.hpp"
#include "statmem/mc/dam_chain.hpp"

namespace {

using statmem::DamChain;
using statmem::DamPolynomial;
using statmem::ExampleSet;
using statmem::Form;
using statmem::RandomStream;
using statmem::StreamPurpose;

struct Fixture {
    ExampleSet examples;
    DamPolynomial polynomial;
    Fixture(int n, std::int64_t m, int p) : examples(n, m), polynomial(n, p, Form::kGardner) {
        RandomStream stream(1, StreamPurpose::kTest, n, m);
        for (std::int64_t a = 0; a < m; ++a) {
            examples.set_example(a, statmem::random_pattern(n, stream));
        }
    }
};

/// Bytes an attempt reads: the site's bit column and one int64 slope per example.
double attempt_bytes(std::int64_t m) {
    return static_cast<double>(m) / 8.0 + 8.0 * m;
}

void BM_Attempt(benchmark::State& state) {
    const int n = 512;
    const std::int64_t m = state.range(0);
    Fixture f(n, m, 3);
    RandomStream stream(2, StreamPurpose::kTest, 0);
    DamChain<std::int64_t> chain(f.examples, f.polynomial, statmem::random_pattern(n, stream));
    int i = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(chain.doubled_delta(i));
        i = (i + 1) % n;
    }
    state.counters["examples/s"] = benchmark::Counter(static_cast<double>(state.iterations()) * m,
                                                      benchmark::Counter::kIsRate);
    state.counters["bytes/s"] = benchmark::Counter(
        static_cast<double>(state.iterations()) * attempt_bytes(m), benchmark::Counter::kIsRate);
}

void BM_Flip(benchmark::State& state) {
    const int n = 512;
    const std::int64_t m = state.range(0);
    Fixture f(n, m, 3);
    RandomStream stream(3, StreamPurpose::kTest, 0);
    DamChain<std::int64_t> chain(f.examples, f.polynomial, statmem::random_pattern(n, stream));
    int i = 0;
    for (auto _ : state) {
        chain.flip(i);
        i = (i + 1) % n;
    }
    state.counters["examples/s"] = benchmark::Counter(static_cast<double>(state.iterations()) * m,
                                                      benchmark::Counter::kIsRate);
}

/// Baseline: sum an int64 array as large as the slopes plus the bit column.
void BM_ReadBaseline(benchmark::State& state) {
    const std::int64_t m = state.range(0);
    const auto words = static_cast<std::size_t>(attempt_bytes(m) / 8.0);
    std::vector<std::int64_t> data(words);
    std::iota(data.begin(), data.end(), 0);
    for (auto _ : state) {
        std::int64_t sum = 0;
        for (std::size_t j = 0; j < words; ++j) {
            sum += data[j];
        }
        benchmark::DoNotOptimize(sum);
    }
    state.counters["bytes/s"] = benchmark::Counter(
        static_cast<double>(state.iterations()) * words * 8.0, benchmark::Counter::kIsRate);
}

void BM_Sweep(benchmark::State& state) {
    const int n = 512;
    const std::int64_t m = state.range(0);
    Fixture f(n, m, 3);
    RandomStream stream(4, StreamPurpose::kTest, 0);
    DamChain<std::int64_t> chain(f.examples, f.polynomial, statmem::random_pattern(n, stream));
    std::int64_t accepted = 0;
    for (auto _ : state) {
        accepted += chain.sweep(0.5, statmem::UpdateRule::kMetropolis, stream);
    }
    state.counters["sweeps/s"] =
        benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
    state.counters["acceptance"] =
        static_cast<double>(accepted) / (static_cast<double>(state.iterations()) * n);
}

// M from L1-resident (4096 x 8 B = 32 KiB) to memory-resident (393216 x 8 B = 3 MiB and
// beyond, as in the paper-scale Nishimori runs).
BENCHMARK(BM_Attempt)->Arg(4096)->Arg(32768)->Arg(131072)->Arg(393216);
BENCHMARK(BM_ReadBaseline)->Arg(4096)->Arg(32768)->Arg(131072)->Arg(393216);
BENCHMARK(BM_Flip)->Arg(4096)->Arg(131072);
BENCHMARK(BM_Sweep)->Arg(4096)->Arg(131072);

}  // namespace

BENCHMARK_MAIN();
