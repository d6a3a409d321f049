#!/usr/bin/python3
"""Draw replica-symmetric phase diagrams written by `statmem theory`.

    statmem_phase.py plot THEORY.h5 -o diagram.png [--runs RUN.h5 ...]
                     [--observable abs_q_teacher] [--start teacher]
    statmem_phase.py free-entropy THEORY.h5 -o free_entropy.png

`plot` colours the grid cells by phase label (hatched where the teacher is aligned
or the paramagnet's entropy is negative), draws the transition lines and,
given `statmem run` files, overlays their disorder-averaged Monte Carlo points
(coloured by the chosen observable). A run whose Hamiltonian form, order p,
load convention or Nishimori setting differs from the diagram's is rejected.
For a `rbm_critical_load` file it draws the map of alpha_c instead.

`free-entropy` plots the Monte Carlo free entropy (thermodynamic integration,
stored by `statmem theory` when `monte_carlo.run` is set) against the RS free
entropy of each branch at the same points.

Exit codes: 0 success, 2 invalid input (missing or foreign file, mismatch).
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import statmem_h5  # noqa: E402  (same folder; checks h5py and numpy)
from statmem_h5 import EXIT_INPUT, EXIT_OK, ResultFileError, decode  # noqa: E402

import h5py  # noqa: E402
import numpy as np  # noqa: E402

# Colours of the phase labels. Cells whose solver did not converge are drawn black.
LABEL_COLOURS = {
    "P": "#dfe7f2",
    "SG": "#b59ad6",
    "eR": "#f2b36b",
    "lR": "#a8dba0",
    "gR": "#3f9a4a",
    "F": "#3f9a4a",
}
UNDETERMINED_COLOUR = "#000000"
FLAG_TEACHER_ALIGNED = 2
FLAG_NEGATIVE_ENTROPY = 4


class TheoryFileError(Exception):
    """A file that is missing, not HDF5, or not a `statmem theory` result."""


def load_theory(path):
    """Return the open h5py file of a `statmem theory` result, or raise TheoryFileError."""
    if not os.path.exists(path):
        raise TheoryFileError(f"{path}: file not found")
    try:
        handle = h5py.File(path, "r")
    except OSError as error:
        raise TheoryFileError(f"{path}: not an HDF5 file ({error})") from error
    if decode(handle.attrs.get("command", b"")) != "theory":
        handle.close()
        raise TheoryFileError(
            f"{path}: not a `statmem theory` result (root attribute command is not 'theory')"
        )
    return handle


def axes_of(theory):
    """Return (x name, x values, y name, y values) of the diagram's grid."""
    grid = theory["grid"]
    x_name = decode(grid.attrs["x_axis"])
    y_name = decode(grid.attrs["y_axis"])
    return x_name, grid[x_name][()], y_name, grid[y_name][()]


def axis_label(name, load_convention):
    """Return the axis label of a grid parameter, naming the load convention for alpha."""
    if name == "alpha":
        return {
            "alpha": "load alpha = p! M / N^(p-1)",
            "alpha_pairwise": "load alpha = (p/2+1)! M / N^(p/2)",
            "alpha_rbm": "load alpha = M / N",
        }.get(load_convention, "alpha")
    return {"T": "temperature T", "T_star": "teacher temperature T*", "c": "correlation c"}.get(
        name, name
    )


def cell_edges(values):
    """Return the cell edges around grid values (midpoints, extended at both ends)."""
    values = np.asarray(values, dtype=float)
    if values.size == 1:
        return np.array([values[0] - 0.5, values[0] + 0.5])
    middle = 0.5 * (values[1:] + values[:-1])
    return np.concatenate(
        [[values[0] - (middle[0] - values[0])], middle, [values[-1] + (values[-1] - middle[-1])]]
    )


def check_run_matches(theory, run):
    """Raise ResultFileError when `run` cannot be drawn on the diagram `theory`."""
    model = theory["model"]
    regime = decode(model.attrs["regime"])
    if regime.startswith("rbm"):
        raise ResultFileError(
            f"{run.path}: Monte Carlo overlays are supported for the DAM regimes only, "
            f"not {regime}"
        )

    form = decode(model.attrs.get("form", b""))
    if run.form != form:
        raise ResultFileError(
            f"{run.path}: its Hamiltonian form is {run.form} but the diagram's is {form}"
        )

    p = int(model.attrs["p"])
    if np.any(run.order != p):
        raise ResultFileError(
            f"{run.path}: it has points with p = {sorted(set(run.order.tolist()))} but the "
            f"diagram's p is {p}"
        )

    convention = decode(model.attrs["load_convention"])
    run_pairwise = run.load_convention == "alpha_pairwise"
    if run_pairwise != (convention == "alpha_pairwise"):
        raise ResultFileError(
            f"{run.path}: its load convention is {run.load_convention} but the diagram's "
            f"is {convention}"
        )

    if run.nishimori != (regime == "nishimori"):
        raise ResultFileError(
            f"{run.path}: the run is {'' if run.nishimori else 'not '}a Nishimori-line scan "
            f"but the diagram's regime is {regime}"
        )

    if regime != "direct" and run.source != "teacher":
        raise ResultFileError(
            f"{run.path}: its examples come from '{run.source}', but the RS theory assumes "
            "examples drawn from the teacher"
        )


def run_points(theory, run, observable, start):
    """Return arrays (x, y, value) of a run's physical cells in the diagram's axes."""
    x_name, _, y_name, _ = axes_of(theory)
    convention = decode(theory["model"].attrs["load_convention"])
    start_index = run.start_index(start)
    if observable not in run.mean:
        raise ResultFileError(
            f"{run.path}: observable '{observable}' not found; choose one of "
            f"{', '.join(sorted(run.mean))}"
        )
    load = run.load if convention == "alpha_pairwise" else run.alpha
    columns = {"x": [], "y": [], "value": []}
    for point in range(run.points):
        for rung in statmem_h5.physical_cells(run, point):
            temperature = run.temperature[point, rung]
            if not np.isfinite(temperature) or temperature <= 0:
                continue
            parameters = {
                "alpha": load[point],
                "T": temperature,
                "T_star": run.teacher_temperature[point],
            }
            if x_name not in parameters or y_name not in parameters:
                raise ResultFileError(f"{run.path}: cannot place runs on a {x_name}-{y_name} grid")
            columns["x"].append(parameters[x_name])
            columns["y"].append(parameters[y_name])
            columns["value"].append(run.mean[observable][point, start_index, rung])
    return {key: np.array(values) for key, values in columns.items()}


BRANCH_NAMES = {"R": "teacher branch", "eR": "example branch", "SG": "glass branch"}


def readable_transition(name):
    """Turn a line's stored name into legend text.

    "appear:R" becomes "teacher branch appears", "label:lR|gR" becomes "lR | gR boundary",
    and other names are returned unchanged.
    """
    kind, _, rest = name.partition(":")
    if kind == "appear" and rest:
        return f"{BRANCH_NAMES.get(rest, rest + ' branch')} appears"
    if kind == "label" and "|" in rest:
        low, high = rest.split("|", 1)
        return f"{low} | {high} boundary"
    if name == "teacher_aligned":
        return "teacher's own transition"
    return name


def draw_phase_diagram(theory, axes, runs, observable, start):
    """Draw labels, transition lines and Monte Carlo points of `theory` on `axes`."""
    from matplotlib.colors import ListedColormap
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    x_name, x, y_name, y = axes_of(theory)
    convention = decode(theory["model"].attrs["load_convention"])
    phase = theory["phase"]
    names = decode(phase.attrs["label_names"]).split(",")
    label = phase["label"][()].astype(int)
    flags = phase["flags"][()].astype(int)

    # Codes -1 (undetermined) .. len(names)-1 map to colour indices 0 .. len(names).
    colours = [UNDETERMINED_COLOUR] + [LABEL_COLOURS.get(n, "#cccccc") for n in names]
    axes.pcolormesh(
        cell_edges(x), cell_edges(y), label + 1, cmap=ListedColormap(colours),
        vmin=-0.5, vmax=len(names) + 0.5, shading="flat",
    )
    aligned = np.ma.masked_where((flags & FLAG_TEACHER_ALIGNED) == 0, np.ones_like(label))
    if aligned.count() > 0:
        axes.pcolor(cell_edges(x), cell_edges(y), aligned, hatch="///", alpha=0.0)
    # The RS paramagnet with negative entropy is not a physical state: a frozen phase that
    # replica symmetry does not describe is expected there.
    frozen = np.ma.masked_where((flags & FLAG_NEGATIVE_ENTROPY) == 0, np.ones_like(label))
    if frozen.count() > 0:
        axes.pcolor(cell_edges(x), cell_edges(y), frozen, hatch="...", alpha=0.0)

    handles = [Patch(color=LABEL_COLOURS.get(n, "#cccccc"), label=n)
               for n in names if np.any(label == names.index(n))]
    if np.any(label == -1):
        handles.append(Patch(color=UNDETERMINED_COLOUR, label="not converged"))
    if aligned.count() > 0:
        handles.append(Patch(facecolor="white", hatch="///", label="teacher aligned (eR)"))
    if frozen.count() > 0:
        handles.append(Patch(facecolor="white", hatch="...", label="P with negative entropy"))

    line_styles = ["#c0392b", "#1f4e99", "#000000", "#7d3c98", "#b9770e", "#117a65"]
    for index, name in enumerate(sorted(theory["lines"])):
        group = theory["lines"][name]
        points = group["points"][()]
        colour = line_styles[index % len(line_styles)]
        axes.plot(points[:, 0], points[:, 1], linestyle="none", marker=".", markersize=1.5,
                  color=colour)
        handles.append(Line2D([], [], color=colour,
                              label=readable_transition(decode(group.attrs["transition"]))))

    for run in runs:
        columns = run_points(theory, run, observable, start)
        scatter = axes.scatter(columns["x"], columns["y"], c=columns["value"], cmap="viridis",
                               vmin=0.0, vmax=1.0, edgecolors="white", linewidths=0.6, s=28,
                               zorder=5)
    if runs:
        axes.figure.colorbar(scatter, ax=axes, label=f"Monte Carlo {observable}")

    axes.set_xlabel(axis_label(x_name, convention))
    axes.set_ylabel(axis_label(y_name, convention))
    axes.legend(handles=handles, loc="upper left", fontsize=7, framealpha=0.85)


def draw_critical_load(theory, axes):
    """Draw the alpha_c map of a `rbm_critical_load` file with labelled contours."""
    x_name, x, y_name, y = axes_of(theory)
    group = theory["critical_load"]
    alpha_c = group["alpha_c"][()]
    from matplotlib.colors import LogNorm

    # alpha_c grows like T^4, so a logarithmic colour scale keeps low temperatures readable.
    mesh = axes.pcolormesh(cell_edges(x), cell_edges(y), alpha_c, cmap="magma", shading="flat",
                           norm=LogNorm(vmin=np.nanmin(alpha_c), vmax=np.nanmax(alpha_c)))
    axes.figure.colorbar(mesh, ax=axes, label="critical load alpha_c = M / N")
    contours = axes.contour(x, y, alpha_c, levels=[0.1, 0.25, 0.5, 1, 2, 4, 8], colors="black",
                            linewidths=0.8)
    axes.clabel(contours, fontsize=7, fmt="%g")
    axes.set_xlabel(axis_label(x_name, "alpha_rbm"))
    axes.set_ylabel(axis_label(y_name, "alpha_rbm"))


def title_of(theory):
    """Return a one-line title naming the regime and the fixed parameters."""
    model = theory["model"]
    parts = [decode(model.attrs["regime"])]
    for key in ("p", "form", "alpha", "T", "T_star"):
        if key in model.attrs:
            value = model.attrs[key]
            parts.append(f"{key} = {decode(value) if isinstance(value, bytes) else value}")
    if "critical_load" in theory:
        parts.append(f"P = {int(theory['critical_load'].attrs['patterns'])}")
    return ", ".join(parts)


def command_plot(args):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with load_theory(args.theory) as theory:
        runs = statmem_h5.load_runs(args.runs) if args.runs else []
        for run in runs:
            check_run_matches(theory, run)
        figure, axes = plt.subplots(figsize=(6.4, 4.8), dpi=args.dpi)
        if "critical_load" in theory:
            if runs:
                raise ResultFileError("Monte Carlo overlays need a phase diagram, not a "
                                      "critical-load map")
            draw_critical_load(theory, axes)
        else:
            draw_phase_diagram(theory, axes, runs, args.observable, args.start)
        axes.set_title(title_of(theory), fontsize=9)
        figure.tight_layout()
        figure.savefig(args.output)
    print(f"wrote {args.output}")
    return EXIT_OK


def command_free_entropy(args):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with load_theory(args.theory) as theory:
        if "monte_carlo" not in theory:
            raise TheoryFileError(
                f"{args.theory}: no /monte_carlo group; run `statmem theory` with "
                "monte_carlo.run set to a `statmem run` file"
            )
        branches = decode(theory["branches"].attrs["branch_names"]).split(",")
        figure, axes = plt.subplots(figsize=(6.4, 4.8), dpi=args.dpi)
        for name in sorted(theory["monte_carlo"]):
            group = theory["monte_carlo"][name]
            physical = group["physical"][()].astype(bool)
            temperature = group["T"][()]
            phi_mc = group["free_entropy_mc"][()]
            phi_mc_error = group["free_entropy_mc_error"][()]
            phi_rs = group["free_entropy_rs"][()]
            order = np.argsort(temperature[physical])
            for start in range(phi_mc.shape[1]):
                axes.errorbar(temperature[physical][order], phi_mc[:, start, :][physical][order],
                              yerr=phi_mc_error[:, start, :][physical][order], fmt="o", ms=3,
                              capsize=2, label=f"Monte Carlo ({name}, start {start})")
            for index, branch in enumerate(branches):
                values = phi_rs[index][physical][order]
                if np.any(np.isfinite(values)):
                    axes.plot(temperature[physical][order], values, label=f"RS branch {branch}")
        axes.set_xlabel("temperature T")
        axes.set_ylabel("free entropy Phi = ln Z / N")
        axes.legend(fontsize=7)
        axes.set_title(title_of(theory), fontsize=9)
        figure.tight_layout()
        figure.savefig(args.output)
    print(f"wrote {args.output}")
    return EXIT_OK


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    plot = commands.add_parser("plot", help="draw a phase diagram or critical-load map as PNG")
    plot.add_argument("theory", help="`statmem theory` result file")
    plot.add_argument("-o", "--output", required=True, help="PNG file to write")
    plot.add_argument("--runs", nargs="*", default=[], help="`statmem run` files to overlay")
    plot.add_argument("--observable", default="abs_q_teacher",
                      help="run observable that colours the Monte Carlo points "
                           "(default: abs_q_teacher)")
    plot.add_argument("--start", default=None,
                      help="start whose averages are drawn (random, teacher or example; "
                           "default: the run's first)")
    plot.add_argument("--dpi", type=int, default=150, help="resolution in dots per inch")
    plot.set_defaults(handler=command_plot)

    free = commands.add_parser("free-entropy",
                               help="plot Monte Carlo against RS free entropies as PNG")
    free.add_argument("theory", help="`statmem theory` result file with /monte_carlo")
    free.add_argument("-o", "--output", required=True, help="PNG file to write")
    free.add_argument("--dpi", type=int, default=150, help="resolution in dots per inch")
    free.set_defaults(handler=command_free_entropy)
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_arguments(argv)
    try:
        return args.handler(args)
    except (TheoryFileError, ResultFileError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INPUT


if __name__ == "__main__":
    sys.exit(main())
