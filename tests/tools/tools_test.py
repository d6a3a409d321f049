#!/usr/bin/python3
"""End-to-end checks of the Python tools on result files written by the real statmem.

Each CTest test runs one case of this script. The run_tiny case calls statmem on
the tiny configs next to this file and is the CTest fixture of the others. All files
go to --work, a folder in the build tree.
"""

import argparse
import csv
import io
import math
import os
import shutil
import subprocess
import sys

import h5py
import numpy as np

PYTHON = sys.executable
TOOLS = ("statmem_summary.py", "statmem_plot.py", "statmem_compare.py", "statmem_ti.py")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# Rows of tiny_run.toml: (load alpha, M) x T, with M = round(alpha 16^2 / 3!).
TINY_LOADS = ((0.5, 21), (1.0, 43))
TINY_TEMPERATURES = ("1", "1.6", "2.5", "inf")


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def run(command, env=None):
    """Run a command and return (exit status, stdout, stderr)."""
    completed = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    return completed.returncode, completed.stdout, completed.stderr


def run_tool(context, tool, *arguments):
    return run([PYTHON, os.path.join(context.tools, tool), *map(str, arguments)])


def work_file(context, name):
    return os.path.join(context.work, name)


def run_statmem(context, config, output, *sets):
    command = [context.statmem, "run", os.path.join(context.source, config)]
    for assignment in sets:
        command += ["--set", assignment]
    command += ["--output", work_file(context, output), "--force"]
    status, stdout, stderr = run(command)
    check(status == 0, f"statmem run {config} exited {status}:\n{stdout}\n{stderr}")
    check(os.path.getsize(work_file(context, output)) > 0, f"{output} is empty")


# --- fixtures: result files -------------------------------------------------------------


def case_run_tiny(context):
    os.makedirs(context.work, exist_ok=True)
    run_statmem(context, "tiny_run.toml", "tiny_a.h5")
    run_statmem(context, "tiny_run.toml", "tiny_b.h5")
    run_statmem(context, "tiny_run.toml", "tiny_seed8.h5", "seed=8")
    run_statmem(context, "tiny_nishimori.toml", "tiny_even.h5")
    run_statmem(context, "tiny_run.toml", "tiny_one_rung.h5", "scan.T=[1.0]")


# --- statmem_summary.py -----------------------------------------------------------------


def table_rows(stdout):
    """Return the data rows of a summary table: lines that start with the order p."""
    rows = []
    for line in stdout.splitlines():
        fields = line.split()
        if fields and fields[0].isdigit():
            rows.append(fields)
    return rows


def case_summary_rows(context):
    status, stdout, stderr = run_tool(context, "statmem_summary.py", work_file(context, "tiny_a.h5"))
    check(status == 0, f"summary exited {status}: {stderr}")
    check("N = 16, form = gardner, source = teacher, load = alpha" in stdout, f"group header missing:\n{stdout}")
    check("chains from the 'random' start" in stdout, f"default start is not the first one:\n{stdout}")

    rows = table_rows(stdout)
    check(len(rows) == 8, f"expected 8 rows (2 loads x 4 temperatures), got {len(rows)}:\n{stdout}")
    expected = [(load, m, t) for load, m in TINY_LOADS for t in TINY_TEMPERATURES]
    for fields, (load, examples, temperature) in zip(rows, expected):
        check(fields[0] == "3", f"p column is not 3: {fields}")
        check(float(fields[1]) == load, f"load column is not {load}: {fields}")
        check(fields[2] == str(examples), f"M column is not {examples}: {fields}")
        check(fields[3] == "1.6", f"T* column is not 1.6: {fields}")
        check(fields[4] == temperature, f"T column is not {temperature}: {fields}")
    # The top rung has no hotter neighbour, so its acceptance column is "-".
    check(rows[3][13] == "-", f"acceptance of the T = inf rung is not '-': {rows[3]}")
    check(rows[0][13] != "-", f"acceptance of the T = 1 rung is missing: {rows[0]}")


def case_summary_values(context):
    """Check the CSV output against /summary, read directly with h5py."""
    path = work_file(context, "tiny_a.h5")
    status, stdout, stderr = run_tool(context, "statmem_summary.py", "--csv", "--start", "teacher", path)
    check(status == 0, f"summary --csv exited {status}: {stderr}")
    records = list(csv.DictReader(io.StringIO(stdout)))
    check(len(records) == 8, f"expected 8 CSV records, got {len(records)}")

    with h5py.File(path, "r") as handle:
        starts = handle.attrs["starts"].decode().split(",")
        start = starts.index("teacher")
        mean = handle["summary/mean"]
        error = handle["summary/error"]
        for record in records:
            point, rung = int(record["point"]), int(record["rung"])
            check(record["start"] == "teacher", f"start column is not teacher: {record['start']}")
            for name in ("q_teacher", "abs_q_teacher", "q", "abs_q", "m", "binder"):
                expected_mean = float(mean[name][point, start, rung])
                expected_error = float(error[name][point, start, rung])
                check(
                    float(record[name]) == expected_mean,
                    f"{name} at point {point}, rung {rung}: CSV {record[name]} != file {expected_mean}",
                )
                check(
                    float(record[name + "_error"]) == expected_error,
                    f"{name}_error at point {point}, rung {rung}: CSV {record[name + '_error']} "
                    f"!= file {expected_error}",
                )
            floor = float(handle["summary/m_floor"][point])
            check(float(record["m_floor"]) == floor, f"m_floor {record['m_floor']} != file {floor}")
            disagree = int(handle["summary/disagree_samples"][point, rung])
            check(int(record["disagree_samples"]) == disagree, "disagree_samples differs from the file")
            if rung + 1 < handle["grid/T"].shape[1]:
                acceptance = float(handle["summary/pt_acceptance"][point, start, rung])
                check(float(record["pt_acceptance"]) == acceptance, "pt_acceptance differs from the file")
            else:
                check(math.isnan(float(record["pt_acceptance"])), "top rung acceptance is not NaN")


def case_summary_merge(context):
    """Two files of one N, form and convention share a table with a file column."""
    status, stdout, stderr = run_tool(
        context,
        "statmem_summary.py",
        work_file(context, "tiny_a.h5"),
        work_file(context, "tiny_b.h5"),
        work_file(context, "tiny_even.h5"),
    )
    check(status == 0, f"summary exited {status}: {stderr}")
    check(stdout.count("N = 16, form = gardner") == 1, f"the two N = 16 files are not merged:\n{stdout}")
    check("N = 12, form = krotov" in stdout, f"the N = 12 file has no table:\n{stdout}")
    merged = [line.split() for line in stdout.splitlines() if line.startswith(("tiny_a ", "tiny_b "))]
    check(len(merged) == 16, f"expected 16 merged rows (8 per file), got {len(merged)}")
    # The Nishimori file: the T = T* rungs carry the N flag, the 1.3 T rungs do not.
    even = [fields for fields in table_rows(stdout) if fields[0] == "4"]
    check(len(even) == 4, f"expected 4 rows for the p = 4 file, got {len(even)}")
    check(sum(fields[-1] == "N" for fields in even) == 2, f"Nishimori rows not flagged N: {even}")


def foreign_hdf5(context, name, attributes):
    path = work_file(context, name)
    with h5py.File(path, "w") as handle:
        for key, value in attributes.items():
            handle.attrs[key] = value
        handle["data"] = np.arange(3.0)
    return path


def check_input_error(context, tool, path, expected_text, *options):
    status, stdout, stderr = run_tool(context, tool, *options, path)
    check(status == 2, f"{tool} on {path}: exit status {status}, expected 2")
    check(path in stderr, f"{tool}: the message does not name {path}: {stderr!r}")
    check(expected_text in stderr, f"{tool}: the message lacks {expected_text!r}: {stderr!r}")


def error_inputs(context):
    """Return (path, expected message part) of inputs every run-reading tool must reject."""
    return [
        (work_file(context, "no_such_file.h5"), "not found"),
        (os.path.join(context.source, "tiny_run.toml"), "not an HDF5 file"),
        (foreign_hdf5(context, "foreign.h5", {}), "'program'"),
        (foreign_hdf5(context, "theory.h5", {"program": b"statmem", "command": b"theory"}), "'command'"),
    ]


def case_summary_errors(context):
    for path, text in error_inputs(context):
        check_input_error(context, "statmem_summary.py", path, text)
    check_input_error(
        context, "statmem_summary.py", work_file(context, "tiny_a.h5"), "'example' start", "--start", "example"
    )


# --- statmem_plot.py --------------------------------------------------------------------


def check_pngs(folder, names):
    for name in names:
        path = os.path.join(folder, name)
        check(os.path.isfile(path), f"{path} was not written")
        check(os.path.getsize(path) > 1000, f"{path} is too small to hold a plot")
        with open(path, "rb") as handle:
            check(handle.read(8) == PNG_SIGNATURE, f"{path} is not a PNG file")


def case_plot_pngs(context):
    folder = work_file(context, "plots")
    shutil.rmtree(folder, ignore_errors=True)
    status, stdout, stderr = run_tool(
        context, "statmem_plot.py", work_file(context, "tiny_a.h5"), work_file(context, "tiny_even.h5"),
        "--out", folder,
    )
    check(status == 0, f"plot exited {status}: {stderr}")
    odd = "N16_gardner_teacher_p3_random"
    even = "N12_krotov_teacher_p4_teacher"
    expected = [
        f"{odd}_q_teacher.png",
        f"{odd}_q.png",
        f"{odd}_m.png",
        f"{odd}_hist_alpha0.5_Tteacher1.6.png",
        f"{odd}_hist_alpha1_Tteacher1.6.png",
        # Even p: |q*| and |q|, since <q*> = <q> = 0 by symmetry.
        f"{even}_abs_q_teacher.png",
        f"{even}_abs_q.png",
        f"{even}_m.png",
        f"{even}_hist_alpha0.5.png",
    ]
    check_pngs(folder, expected)
    check(sorted(os.listdir(folder)) == sorted(expected), f"unexpected files: {sorted(os.listdir(folder))}")
    check(len(stdout.split()) == len(expected), f"plot did not print every path:\n{stdout}")
    check("T = inf" in stderr, f"no note about the T = inf rung: {stderr!r}")


def case_plot_merge(context):
    folder = work_file(context, "plots_merged")
    shutil.rmtree(folder, ignore_errors=True)
    status, _, stderr = run_tool(
        context, "statmem_plot.py", work_file(context, "tiny_a.h5"), work_file(context, "tiny_seed8.h5"),
        "--out", folder, "--start", "teacher",
    )
    check(status == 0, f"plot exited {status}: {stderr}")
    stem = "N16_gardner_teacher_p3_teacher"
    check_pngs(folder, [f"{stem}_q.png", f"{stem}_hist_alpha1_Tteacher1.6_tiny_seed8.png"])


def case_plot_errors(context):
    folder = work_file(context, "plots_error")
    for path, text in error_inputs(context):
        check_input_error(context, "statmem_plot.py", path, text, "--out", folder)


# --- statmem_compare.py -----------------------------------------------------------------


def compare(context, first, second, *options):
    return run_tool(context, "statmem_compare.py", *options, work_file(context, first), work_file(context, second))


def case_compare_same_file(context):
    status, stdout, stderr = compare(context, "tiny_a.h5", "tiny_a.h5")
    check(status == 0, f"a file differs from itself (exit {status}):\n{stdout}{stderr}")


def case_compare_same_seed(context):
    status, stdout, stderr = compare(context, "tiny_a.h5", "tiny_b.h5")
    check(status == 0, f"two runs of one seed differ (exit {status}):\n{stdout}{stderr}")


def case_compare_one_rung(context):
    # A one-rung ladder has empty tempering arrays (no neighbouring pairs).
    copy = work_file(context, "tiny_one_rung_copy.h5")
    shutil.copyfile(work_file(context, "tiny_one_rung.h5"), copy)
    status, stdout, stderr = compare(context, "tiny_one_rung.h5", "tiny_one_rung_copy.h5")
    check(status == 0, f"a copy of a one-rung file differs (exit {status}):\n{stdout}{stderr}")


def case_compare_other_seed(context):
    status, stdout, stderr = compare(context, "tiny_a.h5", "tiny_seed8.h5")
    check(status == 1, f"runs with seeds 7 and 8 compare equal (exit {status}):\n{stdout}{stderr}")
    check("/@seed" in stdout, f"the seed attribute is not reported:\n{stdout}")
    check("/config" in stdout, f"the config text is not reported:\n{stdout}")


def copy_with_change(context, name, change):
    """Copy tiny_a.h5 to `name` and apply change(handle) to the copy."""
    path = work_file(context, name)
    shutil.copyfile(work_file(context, "tiny_a.h5"), path)
    with h5py.File(path, "r+") as handle:
        change(handle)
    return name


def set_nan(handle):
    data = handle["summary/mean/m"]
    values = data[()]
    values[0, 0, 0] = np.nan
    data[...] = values


def set_other_nan(handle):
    data = handle["summary/mean/m"]
    values = data[()]
    # A NaN with another payload still counts as equal to the NaN of set_nan.
    values[0, 0, 0] = np.frombuffer(np.uint64(0x7FF8000000000123).tobytes(), dtype=np.float64)[0]
    data[...] = values


def retype_dataset(handle):
    values = handle["grid/M"][()]
    del handle["grid/M"]
    handle["grid/M"] = values.astype(np.int32)


def case_compare_strict(context):
    """Check that provenance is ignored and that dtype, value, NaN and attribute changes are caught."""
    def provenance(handle):
        handle.attrs["ranks"] = np.int64(3)
        handle.attrs["threads"] = np.int64(8)
        handle.attrs["host"] = b"elsewhere"
        handle.attrs["start_time"] = b"2000-01-01T00:00:00Z"
        handle.attrs["end_time"] = b"2000-01-01T00:00:01Z"
        handle.attrs["output_path"] = b"/elsewhere/result.h5"

    name = copy_with_change(context, "cmp_provenance.h5", provenance)
    status, stdout, _ = compare(context, "tiny_a.h5", name)
    check(status == 0, f"provenance changes are not ignored:\n{stdout}")

    nan_a = copy_with_change(context, "cmp_nan_a.h5", set_nan)
    nan_b = copy_with_change(context, "cmp_nan_b.h5", set_other_nan)
    status, stdout, _ = compare(context, nan_a, nan_b)
    check(status == 0, f"NaN does not compare equal to NaN:\n{stdout}")

    cases = [
        ("cmp_value.h5", lambda h: h["summary/mean/q"].__setitem__((0, 0, 0), 0.5), "/summary/mean/q"),
        ("cmp_dtype.h5", retype_dataset, "/grid/M: dtypes differ"),
        ("cmp_attribute.h5", lambda h: h["grid"].attrs.__setitem__("extra", 1), "only in B"),
        ("cmp_dims.h5", lambda h: h["grid/T"].attrs.__setitem__("dims", ["point", "x"]), "/grid/T@dims"),
        ("cmp_missing.h5", lambda h: h.__delitem__("summary/m_floor"), "/summary/m_floor: only in A"),
        ("cmp_seed.h5", lambda h: h.attrs.__setitem__("seed", np.uint64(8)), "/@seed"),
        ("cmp_nan.h5", set_nan, "/summary/mean/m"),
    ]
    for file_name, change, expected in cases:
        name = copy_with_change(context, file_name, change)
        status, stdout, _ = compare(context, "tiny_a.h5", name)
        check(status == 1, f"{file_name}: exit {status}, expected 1:\n{stdout}")
        check(expected in stdout, f"{file_name}: output lacks {expected!r}:\n{stdout}")


def case_compare_errors(context):
    good = work_file(context, "tiny_a.h5")
    for path, text in error_inputs(context)[:2]:
        status, _, stderr = run_tool(context, "statmem_compare.py", good, path)
        check(status == 2, f"compare with {path}: exit {status}, expected 2")
        check(path in stderr, f"compare: the message does not name {path}: {stderr!r}")
        check(text in stderr, f"compare: the message lacks {text!r}: {stderr!r}")


# --- statmem_ti.py ----------------------------------------------------------------------


def case_ti_values(context):
    """Check phi against a trapezoid integral of the per-sample energies done here."""
    path = work_file(context, "tiny_a.h5")
    status, stdout, stderr = run_tool(context, "statmem_ti.py", "--csv", path)
    check(status == 0, f"ti --csv exited {status}: {stderr}")
    records = list(csv.DictReader(io.StringIO(stdout)))
    check(len(records) == 16, f"expected 16 records (2 points x 2 starts x 4 rungs), got {len(records)}")

    with h5py.File(path, "r") as handle:
        energies = np.stack([group["mean/energy"][()] for group in handle["samples"].values()])
        temperature = handle["grid/T"][()]
        starts = handle.attrs["starts"].decode().split(",")
    for record in records:
        point, rung = int(record["point"]), int(record["rung"])
        start = starts.index(record["start"])
        # Hottest rung first: T = inf, so beta = 0 and phi = ln 2.
        beta = 1.0 / temperature[point, ::-1]
        energy = energies[:, point, start, ::-1]
        last = list(range(temperature.shape[1]))[::-1].index(rung)
        integral = sum(
            0.5 * (beta[j + 1] - beta[j]) * (energy[:, j + 1] + energy[:, j]) for j in range(last)
        )
        expected = float(np.mean(math.log(2.0) - integral))
        check(
            math.isclose(float(record["phi"]), expected, rel_tol=1e-12, abs_tol=1e-12),
            f"phi at point {point}, rung {rung}, start {record['start']}: {record['phi']} != {expected}",
        )
        if math.isinf(temperature[point, rung]):
            check(float(record["phi"]) == math.log(2.0), f"phi at T = inf is not ln 2: {record['phi']}")
            check(float(record["phi_error"]) == 0.0, f"phi at T = inf has an error: {record['phi_error']}")


def case_ti_errors(context):
    # A Nishimori-line ladder is T* times factors, so it never reaches T = inf.
    check_input_error(context, "statmem_ti.py", work_file(context, "tiny_even.h5"), "T = inf")
    for path, text in error_inputs(context):
        check_input_error(context, "statmem_ti.py", path, text)


# --- installation -----------------------------------------------------------------------


def case_help(context):
    for tool in TOOLS:
        status, stdout, stderr = run_tool(context, tool, "--help")
        check(status == 0, f"{tool} --help exited {status}: {stderr}")
        check(stdout.startswith("usage:"), f"{tool} --help printed no usage:\n{stdout}")


def case_installed_layout(context):
    """The tools work from an install tree: bin/ for the scripts, share/statmem/tools/ for all."""
    prefix = work_file(context, "install")
    shutil.rmtree(prefix, ignore_errors=True)
    bin_dir = os.path.join(prefix, "bin")
    share_dir = os.path.join(prefix, "share", "statmem", "tools")
    os.makedirs(bin_dir)
    os.makedirs(share_dir)
    for name in os.listdir(context.tools):
        if name.endswith(".py"):
            shutil.copy(os.path.join(context.tools, name), share_dir)
    for tool in TOOLS:
        shutil.copy(os.path.join(context.tools, tool), bin_dir)

    result = work_file(context, "tiny_a.h5")
    for folder in (bin_dir, share_dir):
        status, stdout, stderr = run([PYTHON, os.path.join(folder, "statmem_summary.py"), result])
        check(status == 0, f"summary from {folder} exited {status}: {stderr}")
        check(len(table_rows(stdout)) == 8, f"summary from {folder} printed no table:\n{stdout}")
        status, _, stderr = run([PYTHON, os.path.join(folder, "statmem_compare.py"), result, result])
        check(status == 0, f"compare from {folder} exited {status}: {stderr}")


CASES = {name[len("case_"):]: function for name, function in globals().items() if name.startswith("case_")}


def main():
    parser = argparse.ArgumentParser(description="Run one end-to-end check of the statmem tools.")
    parser.add_argument("case", choices=sorted(CASES))
    parser.add_argument("--statmem", required=True, help="path of the statmem program")
    parser.add_argument("--tools", required=True, help="folder of the tools under test")
    parser.add_argument("--source", required=True, help="folder of this script and its configs")
    parser.add_argument("--work", required=True, help="build-tree folder for result files")
    context = parser.parse_args()
    try:
        CASES[context.case](context)
    except CheckFailed as failure:
        print(f"FAILED {context.case}: {failure}", file=sys.stderr)
        return 1
    print(f"passed {context.case}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
