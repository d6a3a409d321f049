#!/usr/bin/python3
"""Estimate the free entropy along the temperature ladder of `statmem run` results.

Thermodynamic integration: for N Ising spins Z(0) = 2^N, and d ln Z / d beta =
-<H>, so the free entropy per site is

    phi(beta) = ln Z(beta) / N = ln 2 - integral_0^beta e(b) db,   e = <H> / N,

integrated with the trapezoid rule over the rungs of each parameter point. The
ladder must therefore contain T = inf (beta = 0). The integral is done for every
disorder sample from /samples/<k>/mean/energy, and the table gives the mean over
samples with its delete-one jackknife error. Because the integral is linear in
the energies, that error is the standard error over samples, and it includes
the correlation between rungs of one ladder. The trapezoid rule's discretisation
bias is not included.

With chains from several starts, phi is computed per start. If the starts have
not mixed, the branch with the larger phi is the equilibrium one, for example
teacher retrieval gR against a metastable lR. The table therefore also gives phi
of each start minus phi of the first start, with its jackknife error.

Exit status: 0 on success, 2 on invalid input, including a file whose ladders
have no T = inf rung (Nishimori-line scans never have one).
"""

import argparse
import csv
import math
import os
import signal
import sys

# Find statmem_h5.py next to this script, or in share/statmem/tools of an install.
_TOOL_DIR = os.path.dirname(os.path.realpath(__file__))
for _folder in (_TOOL_DIR, os.path.join(_TOOL_DIR, os.pardir, "share", "statmem", "tools")):
    if _folder not in sys.path:
        sys.path.append(_folder)

import numpy as np  # noqa: E402

import statmem_h5 as sh  # noqa: E402


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        description=(
            "Print the free entropy per site phi(beta) = ln 2 - integral_0^beta e db "
            "(trapezoid rule over the ladder, jackknife errors over disorder samples) "
            "for every parameter point whose ladder reaches T = inf."
        ),
        epilog="Exit status: 0 success, 2 invalid input (the message names the file).",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="result file written by 'statmem run'")
    parser.add_argument(
        "--start",
        choices=sh.START_NAMES,
        help="report only the chains of this start (default: every start in the file)",
    )
    parser.add_argument(
        "--csv", action="store_true", help="write comma-separated values to standard output"
    )
    return parser.parse_args(argv)


def read_sample_energies(path):
    """Return the per-sample mean energies [sample, point, start, rung] of a run file."""
    with sh.open_run_file(path) as handle:
        samples = handle["samples"]
        names = sorted(samples.keys())
        if not names:
            raise sh.ResultFileError(f"{path}: '/samples' is empty")
        return np.stack([samples[name]["mean"]["energy"][()] for name in names])


def integrate(beta, energy):
    """Return phi at every rung: ln 2 minus the trapezoid integral of energy over beta.

    `beta` is ascending from 0 along the last axis of `energy`.
    """
    steps = np.diff(beta)
    areas = 0.5 * steps * (energy[..., 1:] + energy[..., :-1])
    integral = np.concatenate([np.zeros(energy.shape[:-1] + (1,)), np.cumsum(areas, axis=-1)], axis=-1)
    return math.log(2.0) - integral


def jackknife_of_mean(values):
    """Return the mean over axis 0 and its delete-one jackknife error (NaN with one sample)."""
    count = values.shape[0]
    mean = values.mean(axis=0)
    if count < 2:
        return mean, np.full(mean.shape, np.nan)
    leave_out = (values.sum(axis=0) - values) / (count - 1)
    error = np.sqrt((count - 1) / count * ((leave_out - leave_out.mean(axis=0)) ** 2).sum(axis=0))
    # Identical values (phi = ln 2 at beta = 0) have no error; rounding in the sums gives 1e-16.
    error[np.ptp(values, axis=0) == 0.0] = 0.0
    return mean, error


def free_entropy_rows(run, start_filter):
    """Return one dict per (point, start, rung) for the points whose ladder reaches T = inf."""
    energies = read_sample_energies(run.path)
    starts = range(len(run.starts))
    if start_filter is not None:
        starts = [run.start_index(start_filter)]

    rows = []
    for point in range(run.points):
        temperature = run.temperature[point]
        if not np.isinf(temperature[-1]):
            continue
        # Rungs ascend in T, so beta = 1/T descends; integrate from beta = 0 upwards.
        order = np.arange(run.rungs)[::-1]
        beta = 1.0 / temperature[order]
        energy = energies[:, point][..., order]  # [sample, start, rung by ascending beta]
        phi = integrate(beta, energy)
        phi_mean, phi_error = jackknife_of_mean(phi)
        energy_mean, energy_error = jackknife_of_mean(energy)
        difference_mean, difference_error = jackknife_of_mean(phi - phi[:, :1])
        for start in starts:
            for j, rung in enumerate(order):
                rows.append({
                    "file": run.label,
                    "point": point,
                    "rung": int(rung),
                    "start": run.starts[start],
                    "p": int(run.order[point]),
                    "load": float(run.load[point]),
                    "M": int(run.examples[point]),
                    "T_teacher": float(run.teacher_temperature[point]),
                    "r": float(run.quality[point]),
                    "T": float(temperature[rung]),
                    "beta": float(beta[j]),
                    "energy": float(energy_mean[start, j]),
                    "energy_error": float(energy_error[start, j]),
                    "phi": float(phi_mean[start, j]),
                    "phi_error": float(phi_error[start, j]),
                    "phi_minus_first_start": float(difference_mean[start, j]),
                    "phi_minus_first_start_error": float(difference_error[start, j]),
                })
    if not rows:
        raise sh.ResultFileError(
            f"{run.path}: no parameter point has a rung at T = inf (beta = 0), which "
            "thermodynamic integration starts from; run a fixed-T* scan with inf in scan.T"
        )
    return rows


CSV_FIELDS = (
    "file", "point", "rung", "start", "p", "load", "M", "T_teacher", "r", "T", "beta",
    "energy", "energy_error", "phi", "phi_error",
    "phi_minus_first_start", "phi_minus_first_start_error",
)


def print_table(out, run, rows):
    out.write(
        f"{run.path}: N = {run.sites}, form = {run.form}, {run.samples} disorder sample(s), "
        f"load = {run.load_convention}\n"
    )
    first_start = run.starts[0]
    header = ["p", run.load_convention, "M", "T*", "start", "T", "beta", "e = <H>/N", "phi",
              f"phi - phi({first_start})"]
    table = []
    for row in rows:
        difference = "-"
        if row["start"] != first_start:
            difference = sh.format_estimate(row["phi_minus_first_start"], row["phi_minus_first_start_error"])
        table.append([
            str(row["p"]),
            sh.format_number(row["load"]),
            str(row["M"]),
            sh.format_number(row["T_teacher"]),
            row["start"],
            sh.format_number(row["T"]),
            f"{row['beta']:.4g}",
            sh.format_estimate(row["energy"], row["energy_error"]),
            sh.format_estimate(row["phi"], row["phi_error"]),
            difference,
        ])
    widths = [max(len(header[j]), *(len(cells[j]) for cells in table)) for j in range(len(header))]
    for cells in [header] + table:
        out.write("  ".join(cell.rjust(widths[j]) for j, cell in enumerate(cells)) + "\n")


def main(argv=None):
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    arguments = parse_arguments(argv)
    try:
        runs = sh.load_runs(arguments.files)
        rows_of = [(run, free_entropy_rows(run, arguments.start)) for run in runs]
    except sh.ResultFileError as error:
        print(f"statmem_ti: error: {error}", file=sys.stderr)
        return sh.EXIT_INPUT

    if arguments.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=CSV_FIELDS, lineterminator="\n")
        writer.writeheader()
        for _, rows in rows_of:
            writer.writerows(rows)
        return sh.EXIT_OK

    for index, (run, rows) in enumerate(rows_of):
        if index > 0:
            sys.stdout.write("\n")
        print_table(sys.stdout, run, rows)
    sys.stdout.write(
        "\nphi = ln Z / N by the trapezoid rule in beta from beta = 0; errors are jackknife over "
        "disorder samples, without the rule's discretisation bias.\n"
    )
    return sh.EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
