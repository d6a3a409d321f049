#pragma once
// Single-pattern p-body ferromagnet H = -N m^p (the teacher of the teacher-student DAM) at
// infinite N: mean-field equation m = tanh(beta p m^(p-1)).

namespace statmem::theory {

/// Free entropy per spin beta m^p + s(m) of a magnetisation m, with s the binary entropy
/// ln 2 - ((1+m)/2) ln(1+m) - ((1-m)/2) ln(1-m). Equals ln 2 at m = 0.
double ferromagnet_free_entropy(int p, double temperature, double m);

/// Largest solution m in [0, 1) of m = tanh(beta p m^(p-1)) at temperature T (found by
/// iterating from m = 1, which decreases monotonically to it); 0 above the spinodal.
/// Requires p >= 2 and T > 0.
double ferromagnet_magnetisation(int p, double temperature);

/// Spinodal: the highest temperature at which a solution m > 0 exists,
/// max over m in (0, 1) of p m^(p-1) / atanh(m). Equals T_c = 2 for p = 2.
double ferromagnet_spinodal(int p);

/// Critical temperature: for p = 2 the continuous transition T = 2; for p >= 3 the
/// first-order transition where the ordered branch's free entropy equals ln 2.
double ferromagnet_critical_temperature(int p);

/// Magnetisation of the ordered branch at T_c (0 for p = 2).
double ferromagnet_critical_magnetisation(int p);

}  // namespace statmem::theory
