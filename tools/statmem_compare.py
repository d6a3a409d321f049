#!/usr/bin/python3
"""Check that two statmem HDF5 files contain identical results, bit for bit.

Every group, dataset and attribute must match: the same object kind, dtype,
shape and value, with NaN equal to NaN. Only provenance that legitimately
differs between runs of the same seed is skipped: the root attributes ranks,
threads, host, start_time and end_time, and attributes that name a file path
(named `path` or ending in `_path` or `_file`), wherever they sit. The /config
text is a dataset and is compared like any other.

Exit status: 0 identical, 1 different (the first differences are printed),
2 invalid input (a missing or non-HDF5 file).
"""

import argparse
import os
import signal
import sys

# Find statmem_h5.py next to this script, or in share/statmem/tools of an install.
_TOOL_DIR = os.path.dirname(os.path.realpath(__file__))
for _folder in (_TOOL_DIR, os.path.join(_TOOL_DIR, os.pardir, "share", "statmem", "tools")):
    if _folder not in sys.path:
        sys.path.append(_folder)

import h5py  # noqa: E402
import numpy as np  # noqa: E402

import statmem_h5 as sh  # noqa: E402

# Root attributes that depend on how and where a run was executed, not on its result.
PROVENANCE_ATTRIBUTES = ("ranks", "threads", "host", "start_time", "end_time")


def is_path_attribute(name):
    return name == "path" or name.endswith("_path") or name.endswith("_file")


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        description=(
            "Compare two statmem HDF5 files bit for bit: every group, dataset and "
            "attribute, with dtypes and shapes, NaN counting as equal to NaN. The root "
            f"attributes {', '.join(PROVENANCE_ATTRIBUTES)} and attributes that name a "
            "file path (path, *_path, *_file) are ignored."
        ),
        epilog="Exit status: 0 identical, 1 different, 2 invalid input.",
    )
    parser.add_argument("first", metavar="A", help="first HDF5 file")
    parser.add_argument("second", metavar="B", help="second HDF5 file")
    parser.add_argument(
        "--max-differences",
        type=int,
        default=10,
        metavar="K",
        help="print at most K differences before stopping (default: 10)",
    )
    parser.add_argument(
        "--ignore-attribute",
        action="append",
        default=[],
        metavar="NAME",
        help="also ignore attributes called NAME on any object (repeatable)",
    )
    parser.add_argument(
        "--quiet", action="store_true", help="print nothing; report through the exit status only"
    )
    return parser.parse_args(argv)


def mismatch_mask(a, b):
    """Return a boolean array, True where two same-shape numpy values differ in their bits.

    Floating-point elements also match when both are NaN, whatever the NaN payload,
    so that a NaN error bar written by two runs always compares equal.
    """
    a = np.asarray(a)
    b = np.asarray(b)
    if a.dtype.kind == "O" or b.dtype.kind == "O":
        # Variable-length strings come back as Python objects: compare element by element.
        flat = [x != y for x, y in zip(a.ravel(), b.ravel())]
        return np.array(flat, dtype=bool).reshape(a.shape)
    if a.size == 0:
        # An empty array (e.g. tempering acceptance of a one-rung ladder) has no elements
        # to differ; reshaping its byte view would fail.
        return np.zeros(a.shape, dtype=bool)
    flat_a = np.ascontiguousarray(a).reshape(-1)
    flat_b = np.ascontiguousarray(b).reshape(-1)
    bits_a = flat_a.view(np.uint8).reshape(flat_a.size, -1)
    bits_b = flat_b.view(np.uint8).reshape(flat_b.size, -1)
    differ = (bits_a != bits_b).any(axis=1)
    if a.dtype.kind in "fc":
        differ &= ~(np.isnan(flat_a) & np.isnan(flat_b))
    return differ.reshape(a.shape)


def equal_values(a, b):
    """Return True when two numpy values of the same dtype and shape match bit for bit."""
    return not mismatch_mask(a, b).any()


def first_mismatch(a, b):
    """Return (index, a value, b value) of the first differing element, or None."""
    a = np.asarray(a)
    b = np.asarray(b)
    differ = mismatch_mask(a, b)
    if not differ.any():
        return None
    index = np.unravel_index(int(np.argmax(differ)), a.shape) if a.shape else ()
    return index, a[index], b[index]


def describe_type(dtype):
    """Return a description of a numpy dtype that distinguishes fixed from variable-length strings."""
    string_info = h5py.check_string_dtype(dtype)
    if string_info is not None:
        length = "variable" if string_info.length is None else string_info.length
        return f"string({string_info.encoding}, length {length})"
    return str(dtype)


class Comparison:
    """Differences found so far between two files, up to a limit."""

    def __init__(self, limit, ignored_attributes):
        self.limit = limit
        self.ignored = set(ignored_attributes)
        self.differences = []

    def full(self):
        return len(self.differences) >= self.limit

    def report(self, where, message):
        if not self.full():
            self.differences.append(f"{where}: {message}")

    def skip_attribute(self, object_name, name):
        if name in self.ignored or is_path_attribute(name):
            return True
        return object_name == "/" and name in PROVENANCE_ATTRIBUTES

    def compare_attributes(self, a, b):
        where = a.name
        names_a = {name for name in a.attrs if not self.skip_attribute(where, name)}
        names_b = {name for name in b.attrs if not self.skip_attribute(where, name)}
        for name in sorted(names_a - names_b):
            self.report(f"{where}@{name}", "attribute only in A")
        for name in sorted(names_b - names_a):
            self.report(f"{where}@{name}", "attribute only in B")
        for name in sorted(names_a & names_b):
            type_a = a.attrs.get_id(name).dtype
            type_b = b.attrs.get_id(name).dtype
            value_a = a.attrs[name]
            value_b = b.attrs[name]
            if type_a != type_b:
                self.report(
                    f"{where}@{name}",
                    f"attribute types differ: {describe_type(type_a)} vs {describe_type(type_b)}",
                )
            elif np.shape(value_a) != np.shape(value_b):
                self.report(
                    f"{where}@{name}",
                    f"attribute shapes differ: {np.shape(value_a)} vs {np.shape(value_b)}",
                )
            elif not equal_values(value_a, value_b):
                self.report(f"{where}@{name}", f"attribute values differ: {value_a!r} vs {value_b!r}")

    def compare_datasets(self, a, b):
        where = a.name
        if a.dtype != b.dtype:
            message = f"dtypes differ: {describe_type(a.dtype)} vs {describe_type(b.dtype)}"
            both_text = h5py.check_string_dtype(a.dtype) and h5py.check_string_dtype(b.dtype)
            if both_text and a.shape == () and b.shape == ():
                # Fixed-length texts of different lengths: also show the first differing line.
                message += "; text differs:\n" + describe_text_difference(a[()], b[()])
            self.report(where, message)
            return
        if a.shape != b.shape:
            self.report(where, f"shapes differ: {a.shape} vs {b.shape}")
            return
        data_a = a[()]
        data_b = b[()]
        mismatch = first_mismatch(data_a, data_b)
        if mismatch is None:
            return
        index, x, y = mismatch
        count = int(mismatch_mask(data_a, data_b).sum())
        if h5py.check_string_dtype(a.dtype) is not None and a.shape == ():
            self.report(where, "text differs:\n" + describe_text_difference(x, y))
        else:
            self.report(
                where, f"{count} of {data_a.size} values differ, first at index {index}: {x!r} vs {y!r}"
            )

    def compare_objects(self, a, b):
        """Compare two objects with the same path, then their attributes and members."""
        if self.full():
            return
        where = a.name
        if isinstance(a, h5py.Group) != isinstance(b, h5py.Group):
            kind_a = "group" if isinstance(a, h5py.Group) else "dataset"
            kind_b = "group" if isinstance(b, h5py.Group) else "dataset"
            self.report(where, f"object kinds differ: {kind_a} vs {kind_b}")
            return
        self.compare_attributes(a, b)
        if isinstance(a, h5py.Dataset):
            self.compare_datasets(a, b)
            return
        members_a = set(a.keys())
        members_b = set(b.keys())
        for name in sorted(members_a - members_b):
            self.report(f"{where.rstrip('/')}/{name}", "only in A")
        for name in sorted(members_b - members_a):
            self.report(f"{where.rstrip('/')}/{name}", "only in B")
        for name in sorted(members_a & members_b):
            self.compare_objects(a[name], b[name])


def describe_text_difference(a, b):
    """Return the first differing line of two texts (the resolved config, for instance)."""
    text_a = sh.decode(a) if isinstance(a, (bytes, np.ndarray)) else str(a)
    text_b = sh.decode(b) if isinstance(b, (bytes, np.ndarray)) else str(b)
    lines_a = text_a.splitlines()
    lines_b = text_b.splitlines()
    for number, (line_a, line_b) in enumerate(zip(lines_a, lines_b), start=1):
        if line_a != line_b:
            return f"    line {number}: A {line_a!r}\n    line {number}: B {line_b!r}"
    return f"    A has {len(lines_a)} lines, B has {len(lines_b)} lines"


def main(argv=None):
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    arguments = parse_arguments(argv)
    if arguments.max_differences < 1:
        print("statmem_compare: error: --max-differences must be at least 1", file=sys.stderr)
        return sh.EXIT_INPUT

    try:
        file_a = sh.open_hdf5(arguments.first)
        file_b = sh.open_hdf5(arguments.second)
    except sh.ResultFileError as error:
        print(f"statmem_compare: error: {error}", file=sys.stderr)
        return sh.EXIT_INPUT

    with file_a, file_b:
        comparison = Comparison(arguments.max_differences, arguments.ignore_attribute)
        comparison.compare_objects(file_a, file_b)

    if not comparison.differences:
        if not arguments.quiet:
            print(f"identical: {arguments.first} and {arguments.second}")
        return sh.EXIT_OK
    if not arguments.quiet:
        limit_note = " (stopped at --max-differences)" if comparison.full() else ""
        print(f"different: {arguments.first} (A) and {arguments.second} (B){limit_note}")
        for line in comparison.differences:
            print(f"  {line}")
    return sh.EXIT_DIFFERENT


if __name__ == "__main__":
    sys.exit(main())
