"""Read `statmem run` result files (HDF5) for the post-processing tools.

The layout is documented in docs/hdf5.md. This module checks that a file is a
statmem `run` result, loads /grid and /summary into numpy arrays and selects the
(point, rung) cells that make up a curve against temperature. It needs h5py and
numpy only, so that scripts which do not plot can skip matplotlib.
"""

import math
import os
import sys
from dataclasses import dataclass, field

try:
    import h5py
    import numpy as np
except ImportError as error:  # pragma: no cover - depends on the installation
    sys.exit(
        f"error: {error}; the statmem tools need h5py and numpy "
        "(on Debian: apt-get install python3-h5py python3-numpy)"
    )

# Schema versions this module can read (root attribute `schema_version`).
SUPPORTED_SCHEMA_VERSIONS = (1,)

# Exit codes shared by the tools: 0 success, 1 a difference (statmem_compare.py),
# 2 invalid input such as a missing or foreign file.
EXIT_OK = 0
EXIT_DIFFERENT = 1
EXIT_INPUT = 2

START_NAMES = ("random", "teacher", "example")


class ResultFileError(Exception):
    """An input file that is missing, not HDF5, or not a statmem `run` result."""


def decode(value):
    """Return an HDF5 string attribute or dataset value as `str` (h5py gives bytes)."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.ndarray) and value.shape == () and value.dtype.kind == "S":
        return value.item().decode("utf-8")
    return value


def open_hdf5(path):
    """Open `path` read-only as HDF5, or raise ResultFileError naming the path."""
    if not os.path.exists(path):
        raise ResultFileError(f"{path}: file not found")
    if os.path.isdir(path):
        raise ResultFileError(f"{path}: is a folder, not an HDF5 file")
    try:
        if not h5py.is_hdf5(path):
            raise ResultFileError(f"{path}: not an HDF5 file")
        return h5py.File(path, "r")
    except OSError as error:
        raise ResultFileError(f"{path}: cannot be read as HDF5 ({error})") from error


def open_run_file(path):
    """Open a statmem `run` result file, or raise ResultFileError saying what is wrong."""
    handle = open_hdf5(path)
    try:
        program = decode(handle.attrs.get("program"))
        command = decode(handle.attrs.get("command"))
        if program != "statmem":
            raise ResultFileError(
                f"{path}: not a statmem result (root attribute 'program' is "
                f"{program!r}, expected 'statmem')"
            )
        if command != "run":
            raise ResultFileError(
                f"{path}: not a 'statmem run' result (root attribute 'command' is "
                f"{command!r}, expected 'run'); these tools read run output only"
            )
        schema = handle.attrs.get("schema_version")
        if schema is None or int(schema) not in SUPPORTED_SCHEMA_VERSIONS:
            raise ResultFileError(
                f"{path}: schema_version {schema!r} is not supported by this tool "
                f"(supported: {', '.join(map(str, SUPPORTED_SCHEMA_VERSIONS))}); "
                "use the tools installed with the statmem that wrote the file"
            )
        for required in ("config", "grid", "summary"):
            if required not in handle:
                raise ResultFileError(
                    f"{path}: '/{required}' is missing; the file is incomplete or damaged"
                )
    except ResultFileError:
        handle.close()
        raise
    return handle


@dataclass
class RunResult:
    """Scan parameters and disorder averages of one `statmem run` file.

    Arrays keep the file's axis order: [point], [point, rung],
    [point, start, rung] and [point, start, rung, overlap].
    """

    path: str
    label: str
    sites: int
    form: str
    source: str
    load_convention: str
    nishimori: bool
    samples: int
    seed: int
    starts: list
    order: np.ndarray
    teacher_order: np.ndarray
    load: np.ndarray
    examples: np.ndarray
    alpha: np.ndarray
    teacher_temperature: np.ndarray
    quality: np.ndarray
    nishimori_rung: np.ndarray
    temperature: np.ndarray
    overlap: np.ndarray
    mean: dict = field(default_factory=dict)
    error: dict = field(default_factory=dict)
    hist_q: np.ndarray = None
    hist_q_teacher: np.ndarray = None
    pt_acceptance: np.ndarray = None
    round_trips: np.ndarray = None
    disagree_samples: np.ndarray = None
    short_run_samples: np.ndarray = None
    aligned_examples: np.ndarray = None
    m_floor: np.ndarray = None

    @property
    def points(self):
        return self.temperature.shape[0]

    @property
    def rungs(self):
        return self.temperature.shape[1]

    def start_index(self, start):
        """Return the index of start `start` on the start axis, or raise ResultFileError."""
        if start is None:
            return 0
        if start not in self.starts:
            raise ResultFileError(
                f"{self.path}: has no chains from the '{start}' start (it has: "
                f"{', '.join(self.starts)}); choose one of those with --start"
            )
        return self.starts.index(start)

    def group_key(self):
        """Return what files must share to be merged into one table or plot."""
        return (self.sites, self.form, self.load_convention, self.source)


def _read(group, name, path):
    if name not in group:
        raise ResultFileError(
            f"{path}: dataset '{group.name}/{name}' is missing; the file is incomplete "
            "or was written by another statmem version"
        )
    return group[name][()]


def load_run(path):
    """Load /grid and /summary of a `statmem run` file into a RunResult."""
    with open_run_file(path) as handle:
        attrs = handle.attrs
        grid = handle["grid"]
        summary = handle["summary"]
        try:
            starts = decode(attrs["starts"]).split(",")
            observables = decode(attrs["observables"]).split(",") + ["binder"]
            run = RunResult(
                path=path,
                label=os.path.splitext(os.path.basename(path))[0],
                sites=int(attrs["N"]),
                form=decode(attrs["form"]),
                source=decode(attrs["source"]),
                load_convention=decode(grid.attrs["load_convention"]),
                nishimori=bool(int(attrs["nishimori"])),
                samples=int(attrs["samples"]),
                seed=int(attrs["seed"]),
                starts=starts,
                order=_read(grid, "p", path),
                teacher_order=_read(grid, "p_teacher", path),
                load=_read(grid, "load", path),
                examples=_read(grid, "M", path),
                alpha=_read(grid, "alpha", path),
                teacher_temperature=_read(grid, "T_teacher", path),
                quality=_read(grid, "r", path),
                nishimori_rung=_read(grid, "nishimori_rung", path),
                temperature=_read(grid, "T", path),
                overlap=_read(grid, "overlap", path),
            )
        except KeyError as error:
            raise ResultFileError(
                f"{path}: attribute {error} is missing; the file is incomplete or was "
                "written by another statmem version"
            ) from error
        for name in observables:
            run.mean[name] = _read(summary["mean"], name, path)
            run.error[name] = _read(summary["error"], name, path)
        run.hist_q = _read(summary, "hist_q", path)
        run.hist_q_teacher = _read(summary, "hist_q_teacher", path)
        run.pt_acceptance = _read(summary, "pt_acceptance", path)
        run.round_trips = _read(summary, "round_trips", path)
        run.disagree_samples = _read(summary, "disagree_samples", path)
        run.short_run_samples = _read(summary, "short_run_samples", path)
        run.aligned_examples = _read(summary, "aligned_examples", path)
        run.m_floor = _read(summary, "m_floor", path)
    return run


def load_runs(paths):
    """Load every path; raise ResultFileError at the first file that fails."""
    runs = [load_run(path) for path in paths]
    labels = [run.label for run in runs]
    if len(set(labels)) != len(labels):
        # Files with the same base name in different folders: use the full paths.
        for run in runs:
            run.label = run.path
    return runs


def group_runs(runs):
    """Group runs by RunResult.group_key(), keeping the order of first appearance."""
    groups = {}
    for run in runs:
        groups.setdefault(run.group_key(), []).append(run)
    return groups


def physical_cells(run, point):
    """Return the rungs of `point` that belong on a curve against T.

    On a Nishimori-line scan only the rung with T = T* is a Nishimori point; the
    other rungs are parallel-tempering helpers at T != T* on the same dataset. In
    a fixed-T* scan every rung is physical.
    """
    if run.nishimori:
        rung = int(run.nishimori_rung[point])
        return [rung] if rung >= 0 else list(range(run.rungs))
    return list(range(run.rungs))


@dataclass
class Curve:
    """Cells (point, rung) of one file that share every parameter but T, sorted by T."""

    run: RunResult
    order: int
    load: float
    teacher_temperature: float
    quality: float
    cells: list

    def temperatures(self):
        return np.array([self.run.temperature[p, r] for p, r in self.cells])


def curves_of(run):
    """Split a run into curves against T, one per (p, load, T*, r).

    A Nishimori-line curve takes the T = T* rung of each point, so T* varies along
    it and the key uses T* = NaN.
    """
    curves = {}
    for point in range(run.points):
        teacher_t = math.nan if run.nishimori else float(run.teacher_temperature[point])
        key = (
            int(run.order[point]),
            float(run.load[point]),
            teacher_t,
            float(run.quality[point]),
        )
        if key not in curves:
            curves[key] = Curve(run, key[0], key[1], key[2], key[3], [])
        curves[key].cells.extend((point, rung) for rung in physical_cells(run, point))
    for curve in curves.values():
        curve.cells.sort(key=lambda cell: run.temperature[cell])
    return list(curves.values())


def format_estimate(mean, error):
    """Format mean and error in the concise notation 0.123(45), meaning 0.123 +- 0.045.

    The error keeps two significant digits, or all its integer digits when it is
    100 or more. A NaN error (one disorder sample) prints the mean alone.
    """
    if math.isnan(mean):
        return "nan"
    if math.isinf(mean):
        return "inf" if mean > 0 else "-inf"
    if not math.isfinite(error):
        return f"{mean:.4f}"
    if error == 0.0:
        return f"{mean:.4f}(0)"
    decimals = min(max(0, 1 - int(math.floor(math.log10(error)))), 8)
    digits = round(error * 10**decimals)
    if digits >= 100 and decimals > 0:
        # 0.0996 rounds to 0.100: keep two significant digits, 0.10.
        decimals -= 1
        digits = round(error * 10**decimals)
    return f"{mean:.{decimals}f}({digits})"


def format_number(value, width=0):
    """Format a scan parameter compactly (inf and integers stay readable)."""
    if isinstance(value, (int, np.integer)):
        text = str(int(value))
    elif math.isinf(value):
        text = "inf" if value > 0 else "-inf"
    elif math.isnan(value):
        text = "-"
    else:
        text = f"{value:.6g}"
    return text.rjust(width)

