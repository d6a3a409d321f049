// Teacher sampler, noisy copies, the random-overlap floor and the Fashion-MNIST loader.

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <numeric>

#include "exact_laws.hpp"
#include "stat_test.hpp"
#include "statmem/core/error.hpp"
#include "statmem/data/idx.hpp"
#include "statmem/data/teacher.hpp"

namespace statmem {
namespace {

struct SamplerCase {
    int order;
    double temperature;
};

TEST(TeacherSampler, ChiSquareAgainstExactLaw) {
    // p* = 2 (T_c = 2) and p* = 3 (T_c = 1.4879), each above and below T_c.
    const int n = 100;
    const int draws = 40000;
    const SamplerCase cases[] = {{2, 1.6}, {2, 2.6}, {3, 1.3}, {3, 1.8}};
    for (const auto& c : cases) {
        for (Form form : {Form::kKrotov, Form::kGardner}) {
            const DamPolynomial poly(n, c.order, form);
            const TeacherSampler sampler(poly, c.temperature, false);
            RandomStream stream(11, StreamPurpose::kTest, c.order, static_cast<int>(form));
            RandomStream teacher_stream(12, StreamPurpose::kTest, 0);
            const Spins teacher = random_pattern(n, teacher_stream);
            std::vector<double> counts(n + 1, 0.0);
            Spins example;
            for (int j = 0; j < draws; ++j) {
                // Full examples, so the site choice is exercised too.
                sampler.draw(teacher, stream, example);
                counts[agreements(example, teacher)] += 1.0;
            }
            const auto exact = testing::single_pattern_law(n, c.order, form, c.temperature);
            const auto result = testing::chi_square(counts, exact);
            EXPECT_GT(result.p_value, testing::kPerCheckLevel)
                << "p*=" << c.order << " T*=" << c.temperature << " " << form_name(form)
                << ": chi2 = " << result.statistic << " with " << result.dof << " dof";
            EXPECT_GT(result.dof, 5);
        }
    }
}

TEST(TeacherSampler, AgreeingSitesAreUniform) {
    // Every site must agree with the teacher with the same probability E[k] / N.
    const int n = 40;
    const int draws = 20000;
    const DamPolynomial poly(n, 3, Form::kGardner);
    const TeacherSampler sampler(poly, 1.8, false);
    RandomStream stream(21, StreamPurpose::kTest, 0);
    const Spins teacher = random_pattern(n, stream);
    std::vector<double> site_agree(n, 0.0);
    double total_agree = 0;
    Spins example;
    for (int j = 0; j < draws; ++j) {
        sampler.draw(teacher, stream, example);
        for (int i = 0; i < n; ++i) {
            site_agree[i] += example[i] == teacher[i] ? 1.0 : 0.0;
        }
        total_agree += agreements(example, teacher);
    }
    std::vector<double> uniform(n, 1.0 / n);
    const auto result = testing::chi_square(site_agree, uniform);
    EXPECT_GT(result.p_value, testing::kPerCheckLevel) << "chi2 = " << result.statistic;
    EXPECT_DOUBLE_EQ(std::accumulate(site_agree.begin(), site_agree.end(), 0.0), total_agree);
}

TEST(TeacherSampler, ParamagneticBasinExcludesAlignedStates) {
    // Just above the first-order T_c of p = 3 both basins carry weight at N = 64.
    const int n = 64;
    const DamPolynomial poly(n, 3, Form::kKrotov);
    const TeacherSampler any(poly, 1.5, false);
    const TeacherSampler para(poly, 1.5, true);
    ASSERT_LE(any.basin_first(), any.basin_last());
    double aligned_mass = 0;
    for (int k = 0; k <= n; ++k) {
        if (any.is_aligned(k)) {
            aligned_mass += any.probabilities()[k];
            EXPECT_EQ(para.probabilities()[k], 0.0) << "k = " << k;
        }
    }
    EXPECT_GT(aligned_mass, 0.0);
    EXPECT_TRUE(any.is_aligned(n));
    EXPECT_FALSE(any.is_aligned(n / 2));
}

TEST(TeacherSampler, OrderedTeacherHasNoParamagneticBasin) {
    const DamPolynomial poly(64, 2, Form::kGardner);
    EXPECT_THROW(TeacherSampler(poly, 1.0, true), InputError);
}

TEST(NoisyCopy, AgreementRateIsOnePlusROverTwo) {
    const int n = 2000;
    RandomStream stream(31, StreamPurpose::kTest, 0);
    const Spins teacher = random_pattern(n, stream);
    Spins copy;
    for (double r : {-0.5, 0.0, 0.3, 1.0}) {
        double agree = 0;
        const int copies = 50;
        for (int j = 0; j < copies; ++j) {
            draw_noisy_copy(teacher, r, stream, copy);
            agree += agreements(copy, teacher);
        }
        const double trials = static_cast<double>(n) * copies;
        const double p = (1.0 + r) / 2.0;
        const double sd = std::sqrt(trials * p * (1 - p));
        if (sd == 0.0) {
            EXPECT_EQ(agree, trials * p);
        } else {
            // Five standard deviations: a false alarm rate below 1e-6 per value.
            EXPECT_NEAR(agree, trials * p, 5.0 * sd) << "r = " << r;
        }
    }
}

TEST(RandomOverlapFloor, MatchesKnownValueAndSmallCase) {
    // N = 512, M = 131072: about 0.20 (expected maximum of M binomial overlaps).
    const double floor = random_overlap_floor(512, 131072);
    EXPECT_GT(floor, 0.19);
    EXPECT_LT(floor, 0.21);
    // N = 2, M = 1: |x| is 2 with probability 1/2, else 0, so E max |x| / N = 1/2.
    EXPECT_NEAR(random_overlap_floor(2, 1), 0.5, 1e-12);
    // N = 3, M = 2: |x| in {1, 3}, P(|x| = 3) = 1/4; P(max = 3) = 1 - (3/4)^2 = 7/16.
    EXPECT_NEAR(random_overlap_floor(3, 2), (3.0 * 7.0 / 16.0 + 1.0 * 9.0 / 16.0) / 3.0, 1e-12);
}

TEST(FashionMnist, LoadsRealTrainingSet) {
    if (!std::filesystem::exists(kDefaultImagesPath)) {
        GTEST_FAIL() << kDefaultImagesPath
                     << " is missing; install Debian's dataset-fashion-mnist package";
    }
    const IdxImages images = read_idx_images(kDefaultImagesPath);
    const auto labels = read_idx_labels(kDefaultLabelsPath);
    EXPECT_EQ(images.count, 60000);
    EXPECT_EQ(images.rows, 28);
    EXPECT_EQ(images.columns, 28);
    ASSERT_EQ(labels.size(), 60000U);
    const BinaryClass trousers = binarise_class(images, labels, 1, 0.5);
    EXPECT_EQ(trousers.images.size(), 6000U);  // Fashion-MNIST has 6000 per class
    ASSERT_EQ(trousers.prototype.size(), 784U);
    // The prototype of trousers is dark at the top-left corner pixel.
    EXPECT_EQ(trousers.prototype[0], -1);
    // Its overlap with a typical image is clearly positive.
    double mean_overlap = 0;
    for (const auto& image : trousers.images) {
        mean_overlap += (2.0 * agreements(image, trousers.prototype) - 784.0) / 784.0;
    }
    mean_overlap /= static_cast<double>(trousers.images.size());
    EXPECT_GT(mean_overlap, 0.5);
}

}  // namespace
}  // namespace statmem
