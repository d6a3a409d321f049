// DAM energies and the cached single-spin engine against direct computation.

#include <gtest/gtest.h>

#include <cmath>

#include "statmem/core/random.hpp"
#include "statmem/data/teacher.hpp"
#include "statmem/mc/dam_chain.hpp"
#include "statmem/models/dam.hpp"

namespace statmem {
namespace {

/// Sum over ordered tuples of p distinct sites of prod_k s_ik: p! e_p(s) by brute force.
std::int64_t ordered_distinct_sum(const std::vector<int>& s, int p, std::vector<int>& used,
                                  int depth) {
    if (depth == p) {
        return 1;
    }
    std::int64_t total = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (used[i]) {
            continue;
        }
        used[i] = 1;
        total += s[i] * ordered_distinct_sum(s, p, used, depth + 1);
        used[i] = 0;
    }
    return total;
}

TEST(DamPolynomial, GardnerMatchesDistinctIndexSum) {
    for (int n : {5, 6, 7}) {
        for (int p = 2; p <= 4; ++p) {
            const DamPolynomial poly(n, p, Form::kGardner);
            for (int k = 0; k <= n; ++k) {
                std::vector<int> s(n, -1);
                for (int i = 0; i < k; ++i) {
                    s[i] = 1;
                }
                std::vector<int> used(n, 0);
                EXPECT_EQ(static_cast<std::int64_t>(poly.value(k)),
                          ordered_distinct_sum(s, p, used, 0))
                    << "N=" << n << " p=" << p << " k=" << k;
            }
        }
    }
}

TEST(DamPolynomial, ClosedFormsForSmallOrders) {
    const int n = 11;
    const DamPolynomial p2(n, 2, Form::kGardner);
    const DamPolynomial p3(n, 3, Form::kGardner);
    const DamPolynomial krotov(n, 4, Form::kKrotov);
    for (int k = 0; k <= n; ++k) {
        const std::int64_t x = 2 * k - n;
        EXPECT_EQ(static_cast<std::int64_t>(p2.value(k)), x * x - n);
        // N^3 (m^3 - 3m/N + 2m/N^2) = x^3 - 3 x N + 2 x.
        EXPECT_EQ(static_cast<std::int64_t>(p3.value(k)), x * x * x - 3 * x * n + 2 * x);
        EXPECT_EQ(static_cast<std::int64_t>(krotov.value(k)), x * x * x * x);
    }
}

template <typename Int>
void check_chain_against_recompute(Form form, int p) {
    const int n = 23;
    const std::int64_t m = 70;
    RandomStream stream(7, StreamPurpose::kTest, p, static_cast<int>(form));
    ExampleSet examples(n, m);
    for (std::int64_t a = 0; a < m; ++a) {
        examples.set_example(a, random_pattern(n, stream));
    }
    const DamPolynomial poly(n, p, form);
    DamChain<Int> chain(examples, poly, random_pattern(n, stream));
    for (int step = 0; step < 200; ++step) {
        const int i = static_cast<int>(stream.below(n));
        const Int before = chain.value_sum();
        const Int predicted = chain.doubled_delta(i);
        chain.flip(i);
        const Int after = chain.value_sum();
        ASSERT_TRUE(2 * (after - before) == predicted) << "step " << step;

        // The running sums must equal a fresh computation from the spins.
        Int direct = 0;
        const auto overlaps = examples.overlaps(chain.spins());
        for (std::int64_t a = 0; a < m; ++a) {
            direct += static_cast<Int>(poly.value((overlaps[a] + n) / 2));
        }
        ASSERT_TRUE(direct == after) << "step " << step;
    }
}

TEST(DamChain, FlipDeltaIsExactInt64) {
    for (Form form : {Form::kKrotov, Form::kGardner}) {
        for (int p = 2; p <= 5; ++p) {
            check_chain_against_recompute<std::int64_t>(form, p);
        }
    }
}

TEST(DamChain, FlipDeltaIsExactInt128) {
    for (Form form : {Form::kKrotov, Form::kGardner}) {
        for (int p = 2; p <= 5; ++p) {
            check_chain_against_recompute<Int128>(form, p);
        }
    }
}

TEST(DamChain, EnergyMatchesOverlapFormula) {
    const int n = 16;
    RandomStream stream(3, StreamPurpose::kTest, 0);
    ExampleSet examples(n, 9);
    for (int a = 0; a < 9; ++a) {
        examples.set_example(a, random_pattern(n, stream));
    }
    const DamPolynomial poly(n, 3, Form::kKrotov);
    DamChain<std::int64_t> chain(examples, poly, random_pattern(n, stream));
    double expected = 0.0;
    for (int a = 0; a < 9; ++a) {
        const double mass = static_cast<double>(chain.overlap(a)) / n;
        expected -= n * mass * mass * mass;
    }
    EXPECT_NEAR(chain.energy(), expected, 1e-9 * std::abs(expected));
}

TEST(DamChain, ZeroTemperatureNeverRaisesEnergy) {
    const int n = 40;
    RandomStream stream(5, StreamPurpose::kTest, 1);
    ExampleSet examples(n, 30);
    for (int a = 0; a < 30; ++a) {
        examples.set_example(a, random_pattern(n, stream));
    }
    const DamPolynomial poly(n, 4, Form::kGardner);
    DamChain<std::int64_t> chain(examples, poly, random_pattern(n, stream));
    double energy = chain.energy();
    for (int sweep = 0; sweep < 20; ++sweep) {
        chain.sweep(kZeroTemperatureBeta, UpdateRule::kMetropolis, stream);
        EXPECT_LE(chain.energy(), energy);
        energy = chain.energy();
    }
    for (int i = 0; i < n; ++i) {
        EXPECT_GE(chain.delta_energy(i), 0.0) << "greedy dynamics stopped off a local minimum";
    }
}

TEST(Int128Range, Int64RangeCheckSwitches) {
    const DamPolynomial small(512, 3, Form::kGardner);
    EXPECT_TRUE(fits_int64(small, 393216));
    const DamPolynomial large(1000, 6, Form::kKrotov);
    EXPECT_FALSE(fits_int64(large, 1000));
}

}  // namespace
}  // namespace statmem
