#pragma once
// Estimators for Monte Carlo time series and disorder averages.

#include <cstdint>
#include <functional>
#include <vector>

namespace statmem {

/// Time series of one observable, averaged into fixed-length bins as it arrives.
///
/// mean: plain average of all measurements.
/// error: standard deviation of the bin means over sqrt(bins), valid when bins are longer
///   than the integrated autocorrelation time (then bin means are nearly independent).
/// tau_int: L var(bin means) / (2 var(measurements)) for bin length L, the binning
///   estimate of the integrated autocorrelation time in measurement units. It is biased
///   low when L is not much larger than tau itself. Cost: O(1) per measurement.
class BinnedSeries {
  public:
    BinnedSeries(std::int64_t bin_length, int bins);

    void add(double x);
    std::int64_t count() const { return count_; }
    const std::vector<double>& bin_means() const { return bin_means_; }

    double mean() const;
    double error() const;
    double tau_int() const;

  private:
    std::int64_t bin_length_;
    int bins_;
    std::int64_t count_ = 0;
    double bin_sum_ = 0.0;
    double sum_ = 0.0;
    double sum_squares_ = 0.0;
    std::vector<double> bin_means_;
};

/// Mean and error of a function of disorder averages by the delete-one jackknife.
struct Estimate {
    double mean = 0.0;
    double error = 0.0;
};

/// `samples[k][j]` is input j of disorder sample k; `f` maps the vector of averaged inputs
/// to the estimate. With one sample the error is NaN (undefined).
Estimate jackknife(const std::vector<std::vector<double>>& samples,
                   const std::function<double(const std::vector<double>&)>& f);

/// Mean and standard error of independent values (NaN error for fewer than two).
Estimate mean_and_error(const std::vector<double>& values);

}  // namespace statmem
