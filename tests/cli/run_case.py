#!/usr/bin/env python3
"""Run the statmem program once in a fresh folder and check its exit code, messages and files.

Every case gets an empty work folder, and the script records the SHA-256 of every file in it
before the run (including the --existing files it creates). After the run it checks the exit
code and that stderr and stdout match every --stderr and --stdout pattern. On an error it also
checks that no crash, HDF5 error stack or sampling progress appears. Finally it checks that no
file was created, removed or changed, except those named by --created or --replaced.

Exit codes: 0 pass, 1 fail, 77 skip (CTest's SKIP_RETURN_CODE).
"""

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys

SKIP = 77

# Text that must never appear on a rejected input: crashes, library dumps, started sampling.
FORBIDDEN_ON_ERROR = [
    (r"HDF5-DIAG|#\d+ H5", "an HDF5 error stack"),
    (r"terminate called|Segmentation fault|core dumped|Aborted", "a crash"),
    (r"internal check failed", "an internal check instead of an input error"),
    (r"Traceback", "a Python traceback"),
    (r"tasks done|\d+ tasks \(\d+ points", "sampling progress (the check ran too late)"),
]

HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"


def checksums(folder):
    """Map each file path under `folder` (relative) to the SHA-256 of its content."""
    result = {}
    for root, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            with open(path, "rb") as handle:
                digest = hashlib.sha256(handle.read()).hexdigest()
            result[os.path.relpath(path, folder)] = digest
    return result


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statmem", required=True, help="path of the statmem program")
    parser.add_argument("--workdir", required=True, help="folder for this case; emptied first")
    parser.add_argument("--code", type=int, default=2, help="expected exit code")
    parser.add_argument("--stderr", action="append", default=[], metavar="REGEX",
                        help="pattern that stderr must match (repeatable)")
    parser.add_argument("--stdout", action="append", default=[], metavar="REGEX",
                        help="pattern that stdout must match (repeatable)")
    parser.add_argument("--once", action="append", default=[], metavar="REGEX",
                        help="pattern that must occur exactly once in stderr (one rank reports)")
    parser.add_argument("--existing", action="append", default=[], metavar="NAME",
                        help="create this file in the work folder before the run")
    parser.add_argument("--read-only-folder", metavar="NAME",
                        help="create this folder without write permission before the run")
    parser.add_argument("--truncated-copy", nargs=3, metavar=("SOURCE", "BYTES", "NAME"),
                        help="copy the first BYTES bytes of SOURCE to NAME before the run")
    parser.add_argument("--created", action="append", default=[], metavar="NAME",
                        help="file the run must create as an HDF5 file")
    parser.add_argument("--replaced", action="append", default=[], metavar="NAME",
                        help="--existing file the run must replace by an HDF5 file")
    parser.add_argument("--mpi", type=int, default=0, metavar="RANKS",
                        help="run under mpirun with this many ranks")
    parser.add_argument("--skip-if-root", metavar="REASON",
                        help="skip with this reason when running as root")
    parser.add_argument("--need-meminfo", action="store_true",
                        help="skip when /proc/meminfo has no MemAvailable line")
    parser.add_argument("--timeout", type=float, default=50.0, help="seconds")
    parser.add_argument("args", nargs=argparse.REMAINDER, help="-- then the statmem arguments")
    options = parser.parse_args()
    if options.args and options.args[0] == "--":
        options.args = options.args[1:]
    # CMake drops empty list elements, so an empty argument is spelled EMPTY.
    options.args = ["" if arg == "EMPTY" else arg for arg in options.args]
    return options


def skip_reason(options):
    if options.skip_if_root and os.geteuid() == 0:
        return options.skip_if_root
    if options.need_meminfo:
        try:
            with open("/proc/meminfo") as handle:
                if not any(line.startswith("MemAvailable:") for line in handle):
                    return "/proc/meminfo has no MemAvailable line, so statmem cannot check memory"
        except OSError:
            return "/proc/meminfo is not readable, so statmem cannot check memory"
    return None


def prepare_workdir(options):
    if os.path.isdir(options.workdir):
        for root, folders, _ in os.walk(options.workdir):
            for name in folders:
                os.chmod(os.path.join(root, name), 0o755)
        shutil.rmtree(options.workdir)
    os.makedirs(options.workdir)
    if options.read_only_folder:
        folder = os.path.join(options.workdir, options.read_only_folder)
        os.makedirs(folder)
        os.chmod(folder, 0o555)
    for name in options.existing:
        path = os.path.join(options.workdir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as handle:
            handle.write("existing content that statmem must not touch\n")
    if options.truncated_copy:
        source, size, name = options.truncated_copy
        with open(source, "rb") as handle:
            content = handle.read(int(size))
        with open(os.path.join(options.workdir, name), "wb") as handle:
            handle.write(content)


def build_command(options):
    command = [options.statmem] + options.args
    if options.mpi > 0:
        command = ["mpirun", "-n", str(options.mpi), "--oversubscribe"] + command
    return command


def run(options):
    environment = dict(os.environ)
    environment.setdefault("OMP_NUM_THREADS", "1")
    if options.mpi > 0:
        environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
        environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
    return subprocess.run(build_command(options), cwd=options.workdir, env=environment,
                          capture_output=True, text=True, timeout=options.timeout)


def check(options, before, result):
    """Return a list of failure messages; empty means the case passed."""
    failures = []
    if result.returncode != options.code:
        failures.append(f"exit code {result.returncode}, expected {options.code}")
    for pattern in options.stderr:
        if not re.search(pattern, result.stderr):
            failures.append(f"stderr does not match {pattern!r}")
    for pattern in options.stdout:
        if not re.search(pattern, result.stdout):
            failures.append(f"stdout does not match {pattern!r}")
    for pattern in options.once:
        count = len(re.findall(pattern, result.stderr))
        if count != 1:
            failures.append(f"stderr matches {pattern!r} {count} times, expected once")
    if options.code != 0:
        if not re.search(r"statmem: error: |^Run with --help", result.stderr, re.MULTILINE):
            failures.append("stderr has no 'statmem: error:' line")
        for pattern, what in FORBIDDEN_ON_ERROR:
            if re.search(pattern, result.stderr + result.stdout):
                failures.append(f"output shows {what} (matches {pattern!r})")

    after = checksums(options.workdir)
    expected_new = set(options.created)
    for name in sorted(set(after) - set(before) - expected_new):
        failures.append(f"the run created '{name}'")
    for name in sorted(set(before) - set(after)):
        failures.append(f"the run removed '{name}'")
    for name in sorted(set(before) & set(after)):
        if before[name] != after[name] and name not in options.replaced:
            failures.append(f"the run changed '{name}'")
    for name in options.created + options.replaced:
        path = os.path.join(options.workdir, name)
        if not os.path.isfile(path):
            failures.append(f"the run did not write '{name}'")
            continue
        with open(path, "rb") as handle:
            if handle.read(len(HDF5_SIGNATURE)) != HDF5_SIGNATURE:
                failures.append(f"'{name}' is not an HDF5 file")
    return failures


def main():
    options = parse_arguments()
    reason = skip_reason(options)
    if reason:
        print(f"SKIP: {reason}")
        return SKIP
    prepare_workdir(options)
    before = checksums(options.workdir)
    try:
        result = run(options)
    except subprocess.TimeoutExpired:
        print(f"FAIL: no exit within {options.timeout} s: {' '.join(build_command(options))}")
        return 1
    failures = check(options, before, result)

    print("command:", " ".join(build_command(options)))
    print(f"exit code: {result.returncode}")
    print("--- stdout\n" + result.stdout + "--- stderr\n" + result.stderr + "---")
    for failure in failures:
        print("FAIL:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
