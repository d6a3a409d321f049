// Random streams, configuration parsing and the time-series estimators.

#include <gtest/gtest.h>

#include <cmath>

#include "stat_test.hpp"
#include "statmem/core/config.hpp"
#include "statmem/core/error.hpp"
#include "statmem/core/random.hpp"
#include "statmem/measure/statistics.hpp"

namespace statmem {
namespace {

TEST(RandomStream, SameIdsGiveSameNumbers) {
    RandomStream a(42, StreamPurpose::kChain, 3, 7);
    RandomStream b(42, StreamPurpose::kChain, 3, 7);
    for (int j = 0; j < 1000; ++j) {
        ASSERT_EQ(a.next_u64(), b.next_u64()) << "draw " << j;
    }
}

TEST(RandomStream, IdsAndPurposesSeparateStreams) {
    RandomStream base(42, StreamPurpose::kChain, 3, 7);
    RandomStream other_id(42, StreamPurpose::kChain, 3, 8);
    RandomStream other_purpose(42, StreamPurpose::kDataset, 3, 7);
    RandomStream other_seed(43, StreamPurpose::kChain, 3, 7);
    const std::uint64_t first = base.next_u64();
    EXPECT_NE(first, other_id.next_u64());
    EXPECT_NE(first, other_purpose.next_u64());
    EXPECT_NE(first, other_seed.next_u64());
}

TEST(RandomStream, SeekRestoresPosition) {
    RandomStream reference(5, StreamPurpose::kChain, 1);
    std::vector<std::uint64_t> values;
    for (int j = 0; j < 50; ++j) {
        values.push_back(reference.next_u64());
    }
    for (std::uint64_t position : {0, 1, 3, 4, 5, 17, 49}) {
        RandomStream resumed(5, StreamPurpose::kChain, 1);
        resumed.seek(position);
        EXPECT_EQ(resumed.draws(), position);
        EXPECT_EQ(resumed.next_u64(), values[position]) << "position " << position;
    }
}

TEST(RandomStream, BelowIsUniform) {
    // Chi-square over 7 cells: a modulo bias would show for this non-power-of-two range.
    RandomStream stream(9, StreamPurpose::kTest, 0);
    std::vector<double> counts(7, 0.0);
    for (int j = 0; j < 70000; ++j) {
        const auto value = stream.below(7);
        ASSERT_LT(value, 7U);
        counts[value] += 1.0;
    }
    const auto chi = testing::chi_square(counts, std::vector<double>(7, 1.0 / 7.0));
    EXPECT_GT(chi.p_value, testing::kPerCheckLevel) << "chi2 = " << chi.statistic;
}

TEST(RandomStream, UniformMeanAndRange) {
    RandomStream stream(10, StreamPurpose::kTest, 0);
    double sum = 0.0;
    const int n = 100000;
    for (int j = 0; j < n; ++j) {
        const double u = stream.uniform();
        ASSERT_GE(u, 0.0);
        ASSERT_LT(u, 1.0);
        sum += u;
    }
    // Standard error of the mean of U(0, 1) is sqrt(1/12 / n); allow five of them.
    EXPECT_NEAR(sum / n, 0.5, 5.0 * std::sqrt(1.0 / 12.0 / n));
}

TEST(Config, ReadsTypedValuesAndDefaults) {
    Config config =
        Config::from_text("a = 3\n[s]\nx = 2.5\nname = \"krotov\"\nlist = [1, 2.5]\n", "test", {});
    EXPECT_EQ(config.integer("a", 0, 0, 10), 3);
    EXPECT_DOUBLE_EQ(config.real("s.x", 0.0, 0.0, 10.0), 2.5);
    EXPECT_EQ(config.choice("s.name", "gardner", {"gardner", "krotov"}), "krotov");
    EXPECT_EQ(config.real_list("s.list", {}, 0.0, 10.0), (std::vector<double>{1.0, 2.5}));
    EXPECT_EQ(config.integer("missing", 7, 0, 10), 7);
    EXPECT_NO_THROW(config.reject_unknown_keys());
}

TEST(Config, OverridesReplaceFileValues) {
    Config config = Config::from_text("[s]\nx = 1\n", "test", {"s.x=4", "s.word=krotov"});
    EXPECT_EQ(config.integer("s.x", 0, 0, 10), 4);
    EXPECT_EQ(config.text("s.word", ""), "krotov");  // a bare word becomes a string
}

TEST(Config, RejectsOutOfRangeWithKeyAndValue) {
    Config config = Config::from_text("[model]\np = 1\n", "file.toml", {});
    try {
        config.integer("model.p", 3, 2, 12);
        FAIL() << "no error for p = 1";
    } catch (const InputError& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("model.p"), std::string::npos) << message;
        EXPECT_NE(message.find("1"), std::string::npos) << message;
        EXPECT_NE(message.find("[2, 12]"), std::string::npos) << message;
    }
}

TEST(Config, RejectsUnknownKey) {
    Config config = Config::from_text("[model]\np = 3\npp = 4\n", "file.toml", {});
    config.integer("model.p", 3, 2, 12);
    try {
        config.reject_unknown_keys();
        FAIL() << "no error for model.pp";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("model.pp"), std::string::npos) << e.what();
    }
}

TEST(Config, ResolvedTextIncludesDefaults) {
    Config config = Config::from_text("a = 1\n", "test", {});
    config.integer("a", 0, 0, 5);
    config.real("b.c", 0.25, 0.0, 1.0);
    const Config again = Config::from_text(config.resolved_text(), "resolved", {});
    Config copy = again;
    EXPECT_EQ(copy.integer("a", 0, 0, 5), 1);
    EXPECT_DOUBLE_EQ(copy.real("b.c", 0.0, 0.0, 1.0), 0.25);
}

TEST(BinnedSeries, AutocorrelationTimeOfAr1Process) {
    // x_t = rho x_{t-1} + noise has tau_int = (1 + rho) / (2 (1 - rho)) = 4.5 for rho = 0.8.
    const double rho = 0.8;
    const double expected_tau = (1.0 + rho) / (2.0 * (1.0 - rho));
    RandomStream stream(11, StreamPurpose::kTest, 0);
    BinnedSeries series(2000, 100);
    double x = 0.0;
    for (int t = 0; t < 200000; ++t) {
        // Sum of 12 uniforms minus 6: unit variance, close to Gaussian.
        double noise = -6.0;
        for (int j = 0; j < 12; ++j) {
            noise += stream.uniform();
        }
        x = rho * x + noise;
        series.add(x);
    }
    // With 100 bins the binning estimate has a relative spread of about sqrt(2 / 99) = 14 %;
    // five spreads bound a false alarm below 1e-6.
    EXPECT_NEAR(series.tau_int(), expected_tau, 5.0 * 0.142 * expected_tau);
    EXPECT_NEAR(series.mean(), 0.0, 5.0 * series.error());
}

TEST(Jackknife, LinearEstimateMatchesStandardError) {
    const std::vector<double> values = {1.0, 2.0, 4.0, 7.0, 11.0};
    std::vector<std::vector<double>> samples;
    for (double v : values) {
        samples.push_back({v});
    }
    const Estimate jack = jackknife(samples, [](const std::vector<double>& x) { return x[0]; });
    const Estimate plain = mean_and_error(values);
    EXPECT_DOUBLE_EQ(jack.mean, plain.mean);
    EXPECT_NEAR(jack.error, plain.error, 1e-12);
}

TEST(Jackknife, RatioOfMeans) {
    // f = <a> / <b>: the delete-one values are known in closed form for this small set.
    const std::vector<std::vector<double>> samples = {{1.0, 2.0}, {2.0, 2.0}, {3.0, 4.0}};
    const Estimate e = jackknife(samples, [](const std::vector<double>& x) { return x[0] / x[1]; });
    EXPECT_DOUBLE_EQ(e.mean, 2.0 / (8.0 / 3.0));
    const double leave[] = {5.0 / 6.0, 4.0 / 6.0, 3.0 / 4.0};
    const double mean = (leave[0] + leave[1] + leave[2]) / 3.0;
    double var = 0.0;
    for (double v : leave) {
        var += (v - mean) * (v - mean);
    }
    EXPECT_NEAR(e.error, std::sqrt(var * 2.0 / 3.0), 1e-12);
}

}  // namespace
}  // namespace statmem
