#pragma once
// Dense associative memory energies of order p, exact in integer arithmetic.
//
// With x = N m the integer overlap of the spins with one memory, both Hamiltonians are
// H = -N^(1-p) sum_mu G(x_mu), where G is integer-valued:
//   Krotov form:  G(x) = x^p                      (self-interactions included)
//   Gardner form: G(x) = p! e_p(s_1..s_N)         (all p site indices distinct)
// Here s_i = xi_i sigma_i, of which k = (N + x) / 2 are +1, so the elementary symmetric
// polynomial is e_p = sum_j C(k, j) C(N - k, p - j) (-1)^(p - j), an exact integer.
// For p = 2 this gives G = x^2 - N, i.e. H = -N (m^2 - 1/N).

#include <cstdint>
#include <string>
#include <vector>

namespace statmem {

using Int128 = __int128;

enum class Form { kKrotov, kGardner };

Form parse_form(const std::string& name);
std::string form_name(Form form);

/// Tables of G(x) and of the differences a single flip needs, indexed by k = (N + x) / 2.
class DamPolynomial {
  public:
    DamPolynomial(int sites, int order, Form form);

    int sites() const { return sites_; }
    int order() const { return order_; }
    Form form() const { return form_; }

    /// G at overlap x = 2k - N.
    Int128 value(int k) const { return g_[k + 1]; }
    /// G(x - 2) + G(x + 2) - 2 G(x): the part of a flip's change that does not depend on
    /// the sign of the example's bit.
    Int128 curvature(int k) const { return g_[k] + g_[k + 2] - 2 * g_[k + 1]; }
    /// G(x - 2) - G(x + 2): the part that is multiplied by the bit's sign.
    Int128 slope(int k) const { return g_[k] - g_[k + 2]; }
    /// Largest |G| over all overlaps (bounds the integer range an engine needs).
    Int128 max_abs_value() const { return max_abs_; }

    /// Energy per spin of one memory at overlap m_k = 2k/N - 1: -N^(-p) G, as a double.
    double energy_per_spin(int k) const;
    /// N^(p-1): H = -S / N^(p-1) where S = sum of G.
    double energy_denominator() const { return denominator_; }

  private:
    int sites_;
    int order_;
    Form form_;
    std::vector<Int128> g_;  // g_[k + 1] = G(2k - N) for k = 0..N; zero guards at both ends
    Int128 max_abs_ = 0;
    double denominator_;
};

/// Exact binomial coefficient C(n, k) (0 outside 0 <= k <= n).
Int128 binomial(std::int64_t n, std::int64_t k);

/// Decimal text of a 128-bit integer.
std::string to_string(Int128 value);

}  // namespace statmem
