#include "statmem/measure/statistics.hpp"

#include <cmath>
#include <limits>

#include "statmem/core/error.hpp"

namespace statmem {

BinnedSeries::BinnedSeries(std::int64_t bin_length, int bins)
    : bin_length_(bin_length), bins_(bins) {
    STATMEM_REQUIRE(bin_length > 0 && bins > 0, "bins need a positive length and count");
    bin_means_.reserve(bins);
}

void BinnedSeries::add(double x) {
    ++count_;
    sum_ += x;
    sum_squares_ += x * x;
    bin_sum_ += x;
    if (count_ % bin_length_ == 0 && static_cast<int>(bin_means_.size()) < bins_) {
        bin_means_.push_back(bin_sum_ / static_cast<double>(bin_length_));
        bin_sum_ = 0.0;
    }
}

double BinnedSeries::mean() const {
    return count_ > 0 ? sum_ / static_cast<double>(count_)
                      : std::numeric_limits<double>::quiet_NaN();
}

double BinnedSeries::error() const {
    const auto b = static_cast<double>(bin_means_.size());
    if (b < 2) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    double mean = 0.0;
    for (double x : bin_means_) {
        mean += x;
    }
    mean /= b;
    double var = 0.0;
    for (double x : bin_means_) {
        var += (x - mean) * (x - mean);
    }
    var /= (b - 1.0);
    return std::sqrt(var / b);
}

double BinnedSeries::tau_int() const {
    const auto b = static_cast<double>(bin_means_.size());
    if (b < 2 || count_ < 2) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    const double n = static_cast<double>(count_);
    const double mean = sum_ / n;
    const double var_raw = (sum_squares_ - n * mean * mean) / (n - 1.0);
    const double err = error();
    if (!(var_raw > 0.0)) {
        return 0.5;  // a constant series: no correlation to measure
    }
    const double var_bins = err * err * b;
    return static_cast<double>(bin_length_) * var_bins / (2.0 * var_raw);
}

Estimate jackknife(const std::vector<std::vector<double>>& samples,
                   const std::function<double(const std::vector<double>&)>& f) {
    const std::size_t k = samples.size();
    STATMEM_REQUIRE(k > 0, "jackknife of no samples");
    const std::size_t inputs = samples.front().size();
    std::vector<double> total(inputs, 0.0);
    for (const auto& sample : samples) {
        for (std::size_t j = 0; j < inputs; ++j) {
            total[j] += sample[j];
        }
    }
    std::vector<double> full(inputs);
    for (std::size_t j = 0; j < inputs; ++j) {
        full[j] = total[j] / static_cast<double>(k);
    }
    Estimate result;
    result.mean = f(full);
    if (k < 2) {
        result.error = std::numeric_limits<double>::quiet_NaN();
        return result;
    }
    std::vector<double> leave_out(k);
    std::vector<double> partial(inputs);
    double leave_out_mean = 0.0;
    for (std::size_t s = 0; s < k; ++s) {
        for (std::size_t j = 0; j < inputs; ++j) {
            partial[j] = (total[j] - samples[s][j]) / static_cast<double>(k - 1);
        }
        leave_out[s] = f(partial);
        leave_out_mean += leave_out[s];
    }
    leave_out_mean /= static_cast<double>(k);
    double var = 0.0;
    for (double x : leave_out) {
        var += (x - leave_out_mean) * (x - leave_out_mean);
    }
    result.error = std::sqrt(var * static_cast<double>(k - 1) / static_cast<double>(k));
    return result;
}

Estimate mean_and_error(const std::vector<double>& values) {
    Estimate result;
    const auto n = static_cast<double>(values.size());
    for (double x : values) {
        result.mean += x;
    }
    result.mean /= n;
    if (values.size() < 2) {
        result.error = std::numeric_limits<double>::quiet_NaN();
        return result;
    }
    double var = 0.0;
    for (double x : values) {
        var += (x - result.mean) * (x - result.mean);
    }
    result.error = std::sqrt(var / (n - 1.0) / n);
    return result;
}

}  // namespace statmem
