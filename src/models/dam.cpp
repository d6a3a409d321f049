#include "statmem/models/dam.hpp"

#include <cmath>

#include "statmem/core/error.hpp"

namespace statmem {

Form parse_form(const std::string& name) {
    if (name == "krotov") {
        return Form::kKrotov;
    }
    if (name == "gardner") {
        return Form::kGardner;
    }
    throw InputError("unknown Hamiltonian form '" + name + "'; use \"krotov\" or \"gardner\"");
}

std::string form_name(Form form) {
    return form == Form::kKrotov ? "krotov" : "gardner";
}

Int128 binomial(std::int64_t n, std::int64_t k) {
    if (k < 0 || n < 0 || k > n) {
        return 0;
    }
    k = std::min(k, n - k);
    Int128 result = 1;
    for (std::int64_t j = 1; j <= k; ++j) {
        result = result * (n - k + j) / j;  // exact: C(n-k+j, j) at every step
    }
    return result;
}

std::string to_string(Int128 value) {
    if (value == 0) {
        return "0";
    }
    const bool negative = value < 0;
    unsigned __int128 magnitude =
        negative ? -static_cast<unsigned __int128>(value) : static_cast<unsigned __int128>(value);
    std::string digits;
    while (magnitude > 0) {
        digits.insert(digits.begin(), static_cast<char>('0' + magnitude % 10));
        magnitude /= 10;
    }
    return negative ? "-" + digits : digits;
}

DamPolynomial::DamPolynomial(int sites, int order, Form form)
    : sites_(sites), order_(order), form_(form), g_(sites + 3, 0) {
    STATMEM_REQUIRE(order >= 2 && sites >= order, "DAM needs p >= 2 and N >= p");
    // |G| <= N^p in both forms, so N^p < 2^125 keeps every table entry and the flip
    // differences (at most 4 N^p) inside 128 bits.
    const double log2_bound = order * std::log2(static_cast<double>(sites));
    if (log2_bound > 120) {
        throw InputError("N^p = " + std::to_string(sites) + "^" + std::to_string(order) +
                         " exceeds 2^120, beyond exact 128-bit energies; reduce N or p "
                         "(model.N, model.p or scan.p)");
    }

    Int128 factorial = 1;
    for (int j = 2; j <= order; ++j) {
        factorial *= j;
    }
    for (int k = 0; k <= sites; ++k) {
        Int128 g = 0;
        if (form == Form::kKrotov) {
            g = 1;
            for (int j = 0; j < order; ++j) {
                g *= (2 * k - sites);
            }
        } else {
            Int128 e = 0;
            for (int j = 0; j <= order; ++j) {
                const Int128 term = binomial(k, j) * binomial(sites - k, order - j);
                e += ((order - j) % 2 == 0) ? term : -term;
            }
            g = factorial * e;
        }
        g_[k + 1] = g;
        const Int128 magnitude = g < 0 ? -g : g;
        max_abs_ = magnitude > max_abs_ ? magnitude : max_abs_;
    }
    denominator_ = std::pow(static_cast<double>(sites), order - 1);
}

double DamPolynomial::energy_per_spin(int k) const {
    return -static_cast<double>(value(k)) / (denominator_ * sites_);
}

}  // namespace statmem
