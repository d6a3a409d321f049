#!/usr/bin/python3
"""Print disorder-averaged order parameters of `statmem run` result files as a table.

One row per (parameter point, temperature rung) with q*, |q*|, q, |q|, m and the
Binder cumulant (jackknife errors over disorder samples, read from /summary), the
random-pattern floor of m, the mean number of aligned examples, the parallel
tempering acceptance and the equilibration flags. Files that share N, the
Hamiltonian form, the load convention and the example source are merged into one
table sorted by p, load, T*, r and T.

Exit status: 0 on success, 2 when a file is missing, not HDF5 or not a statmem
`run` result, or when --start names a start the file does not have.
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

import statmem_h5 as sh  # noqa: E402

# Observables printed as "mean(error)", with their column titles.
ESTIMATE_COLUMNS = (
    ("q_teacher", "q*"),
    ("abs_q_teacher", "|q*|"),
    ("q", "q"),
    ("abs_q", "|q|"),
    ("m", "m"),
    ("binder", "binder"),
)

FLAG_LEGEND = (
    "flags: D k = random and teacher starts disagree in k samples, "
    "S k = run shorter than the required number of autocorrelation times in k samples, "
    "N = Nishimori point (T = T*)"
)


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        description=(
            "Print a table of disorder-averaged q*, |q*|, q, |q|, m and the Binder "
            "cumulant (jackknife errors) against the load and T for one or more "
            "'statmem run' result files. Errors are written as mean(error), e.g. "
            "0.352(13) = 0.352 +- 0.013."
        ),
        epilog="Exit status: 0 success, 2 invalid input (the message names the file).",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="result file written by 'statmem run'")
    parser.add_argument(
        "--start",
        choices=sh.START_NAMES,
        help="chains to report: those started from a random pattern, the teacher or an "
        "example (default: the first start listed in each file's 'starts' attribute)",
    )
    parser.add_argument(
        "--csv",
        action="store_true",
        help="write comma-separated values with separate mean and error columns to "
        "standard output instead of the table",
    )
    return parser.parse_args(argv)


def acceptance_of(run, start, point, rung):
    """Return the swap acceptance between `rung` and the next hotter rung (NaN at the top)."""
    if rung + 1 >= run.rungs:
        return math.nan
    return float(run.pt_acceptance[point, start, rung])


def make_rows(run, start_name):
    """Return one dict per (point, rung) of `run` for the chains of `start_name`."""
    start = run.start_index(start_name)
    rows = []
    for point in range(run.points):
        for rung in range(run.rungs):
            row = {
                "file": run.label,
                "N": run.sites,
                "form": run.form,
                "load_convention": run.load_convention,
                "source": run.source,
                "start": run.starts[start],
                "samples": run.samples,
                "point": point,
                "rung": rung,
                "p": int(run.order[point]),
                "p_teacher": int(run.teacher_order[point]),
                "load": float(run.load[point]),
                "M": int(run.examples[point]),
                "alpha": float(run.alpha[point]),
                "T_teacher": float(run.teacher_temperature[point]),
                "r": float(run.quality[point]),
                "T": float(run.temperature[point, rung]),
                "nishimori_point": int(run.nishimori_rung[point]) == rung,
                "m_floor": float(run.m_floor[point]),
                "aligned_examples": float(run.aligned_examples[point]),
                "pt_acceptance": acceptance_of(run, start, point, rung),
                "round_trips": float(run.round_trips[point, start]),
                "disagree_samples": int(run.disagree_samples[point, rung]),
                "short_run_samples": int(run.short_run_samples[point, start, rung]),
            }
            for name, _ in ESTIMATE_COLUMNS:
                row[name] = float(run.mean[name][point, start, rung])
                row[name + "_error"] = float(run.error[name][point, start, rung])
            rows.append(row)
    return rows


def sort_key(row):
    return (row["p"], row["load"], row["T_teacher"], row["r"], row["T"], row["file"])


def flag_text(row):
    parts = []
    if row["disagree_samples"]:
        parts.append(f"D{row['disagree_samples']}")
    if row["short_run_samples"]:
        parts.append(f"S{row['short_run_samples']}")
    if row["nishimori_point"]:
        parts.append("N")
    return " ".join(parts)


def aligned_text(value):
    # The writer stores -1 when the source is not a teacher (noisy copies, IDX images).
    return "-" if value < 0 else f"{value:.4g}"


def print_table(out, runs, rows, with_file):
    """Print the rows of one group of files as an aligned text table."""
    first = runs[0]
    with_quality = first.source == "noisy"
    out.write(
        f"N = {first.sites}, form = {first.form}, source = {first.source}, "
        f"load = {first.load_convention}\n"
    )
    starts_shown = {}
    for row in rows:
        starts_shown.setdefault(row["file"], row["start"])
    for run in runs:
        scan = "Nishimori line" if run.nishimori else "fixed T*"
        out.write(
            f"  {run.path}: {scan}, {run.samples} disorder sample(s), seed {run.seed}, "
            f"chains from the '{starts_shown[run.label]}' start "
            f"(file has {','.join(run.starts)})\n"
        )

    header = []
    if with_file:
        header.append("file")
    # With scan.M the load is M itself, so it gets no column of its own.
    with_load = first.load_convention != "M"
    header.append("p")
    if with_load:
        header.append(first.load_convention)
    header += ["M", "T*"]
    if with_quality:
        header.append("r")
    header.append("T")
    header += [title for _, title in ESTIMATE_COLUMNS]
    header += ["m_floor", "aligned", "acc", "flags"]

    table = []
    for row in rows:
        cells = []
        if with_file:
            cells.append(row["file"])
        cells.append(str(row["p"]))
        if with_load:
            cells.append(sh.format_number(row["load"]))
        cells += [str(row["M"]), sh.format_number(row["T_teacher"])]
        if with_quality:
            cells.append(sh.format_number(row["r"]))
        cells.append(sh.format_number(row["T"]))
        for name, _ in ESTIMATE_COLUMNS:
            cells.append(sh.format_estimate(row[name], row[name + "_error"]))
        cells += [
            f"{row['m_floor']:.4f}",
            aligned_text(row["aligned_examples"]),
            "-" if math.isnan(row["pt_acceptance"]) else f"{row['pt_acceptance']:.3f}",
            flag_text(row),
        ]
        table.append(cells)

    widths = [max(len(header[j]), *(len(cells[j]) for cells in table)) for j in range(len(header))]
    # Text columns (file name, flags) align left, numbers right.
    left = {0} if with_file else set()
    left.add(len(header) - 1)

    def render(cells):
        parts = [
            cell.ljust(widths[j]) if j in left else cell.rjust(widths[j])
            for j, cell in enumerate(cells)
        ]
        return "  ".join(parts).rstrip()

    out.write(render(header) + "\n")
    for cells in table:
        out.write(render(cells) + "\n")


CSV_FIELDS = (
    ["file", "N", "form", "source", "load_convention", "start", "samples", "point", "rung"]
    + ["p", "p_teacher", "load", "M", "alpha", "T_teacher", "r", "T", "nishimori_point"]
    + [f"{name}{suffix}" for name, _ in ESTIMATE_COLUMNS for suffix in ("", "_error")]
    + ["m_floor", "aligned_examples", "pt_acceptance", "round_trips"]
    + ["disagree_samples", "short_run_samples"]
)


def write_csv(out, rows):
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        record = dict(row)
        record["nishimori_point"] = int(row["nishimori_point"])
        writer.writerow({key: record[key] for key in CSV_FIELDS})


def main(argv=None):
    # Stop quietly when the reader of a pipe (head, less) exits early.
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    arguments = parse_arguments(argv)
    try:
        runs = sh.load_runs(arguments.files)
        rows_of = {id(run): make_rows(run, arguments.start) for run in runs}
    except sh.ResultFileError as error:
        print(f"statmem_summary: error: {error}", file=sys.stderr)
        return sh.EXIT_INPUT

    if arguments.csv:
        rows = [row for run in runs for row in rows_of[id(run)]]
        write_csv(sys.stdout, rows)
        return sh.EXIT_OK

    groups = sh.group_runs(runs)
    for index, group in enumerate(groups.values()):
        if index > 0:
            sys.stdout.write("\n")
        rows = sorted((row for run in group for row in rows_of[id(run)]), key=sort_key)
        print_table(sys.stdout, group, rows, with_file=len(group) > 1)
    sys.stdout.write(
        "\nErrors: delete-one jackknife over disorder samples, written as mean(error); "
        "none with one sample.\n"
        "m_floor: expected m of a random pattern; aligned: mean aligned examples per "
        "dataset; acc: swap acceptance with the next hotter rung.\n" + FLAG_LEGEND + "\n"
    )
    return sh.EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
