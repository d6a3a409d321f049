#!/usr/bin/python3
"""Plot order parameters and overlap histograms of `statmem run` result files as PNGs.

Files that share N, the form, the example source and the load convention form a
group. For every group and student order p, three plots against T show the
teacher overlap, the replica overlap and the example overlap m, one curve per
load, with the random-pattern floor of m dashed. For even p the posterior is
symmetric under xi -> -xi, so <q*> = <q> = 0 and |q*|, |q| are plotted instead.
Error bars are the jackknife errors over disorder samples from /summary. Points
flagged by the equilibration checks are circled in red. One more PNG per curve
shows P(q) and P(q*) for each temperature.

On a Nishimori-line scan a curve follows the Nishimori points (T = T*); the other
parallel-tempering rungs are left out. Rungs at T = inf cannot sit on a linear T
axis and are left out of the curves, but they appear in the histograms.

Exit status: 0 on success, 2 on invalid input (the message names the file).
"""

import argparse
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

try:
    import matplotlib

    matplotlib.use("Agg")  # files only, no display needed
    import matplotlib.pyplot as plt
except ImportError as error:  # pragma: no cover - depends on the installation
    sys.exit(f"error: {error}; statmem_plot.py needs matplotlib (on Debian: python3-matplotlib)")

import numpy as np  # noqa: E402

FLAG_COLOR = "tab:red"


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        description=(
            "Write PNG plots of q*, q and m against T (one curve per load, jackknife "
            "error bars, flagged points circled) and of P(q), P(q*) per load, from one "
            "or more 'statmem run' result files."
        ),
        epilog="Exit status: 0 success, 2 invalid input (the message names the file).",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="result file written by 'statmem run'")
    parser.add_argument(
        "--out",
        default=".",
        metavar="DIR",
        help="folder for the PNG files, created if missing (default: the current folder)",
    )
    parser.add_argument(
        "--start",
        choices=sh.START_NAMES,
        help="chains to plot: started from a random pattern, the teacher or an example "
        "(default: the first start listed in each file)",
    )
    parser.add_argument(
        "--dpi", type=int, default=120, help="resolution of the PNGs in dots per inch (default: 120)"
    )
    return parser.parse_args(argv)


def observables_for(order):
    """Return (name, axis label) of the three plotted observables for student order p."""
    if order % 2 == 0:
        return [("abs_q_teacher", "|q*|"), ("abs_q", "|q|"), ("m", "m")]
    return [("q_teacher", "q*"), ("q", "q"), ("m", "m")]


def has_teacher_temperature(curve):
    # Nishimori curves vary T* along the curve (NaN key); noisy and IDX examples have none.
    return curve.run.source == "teacher" and not math.isnan(curve.teacher_temperature)


def curve_label(curve, with_file):
    run = curve.run
    parts = [f"{run.load_convention} = {sh.format_number(curve.load)}"]
    if has_teacher_temperature(curve):
        parts.append(f"T* = {sh.format_number(curve.teacher_temperature)}")
    if run.source == "noisy":
        parts.append(f"r = {sh.format_number(curve.quality)}")
    if with_file:
        parts.append(f"[{run.label}]")
    return ", ".join(parts)


def curve_slug(curve, with_file):
    """Return a file-name fragment that identifies a curve within its group."""
    run = curve.run
    slug = f"{run.load_convention}{sh.format_number(curve.load)}"
    if has_teacher_temperature(curve):
        slug += f"_Tteacher{sh.format_number(curve.teacher_temperature)}"
    if run.source == "noisy":
        slug += f"_r{sh.format_number(curve.quality)}"
    if with_file:
        slug += f"_{os.path.basename(run.label)}"
    return slug


def is_flagged(run, start, point, rung):
    disagree = run.disagree_samples[point, rung] > 0
    short_run = run.short_run_samples[point, start, rung] > 0
    return bool(disagree or short_run)


def finite_cells(curve):
    return [(p, r) for p, r in curve.cells if math.isfinite(curve.run.temperature[p, r])]


def plot_observable(axes, curves, starts, name, with_file):
    """Draw one observable against T for every curve; return True if a point is flagged."""
    any_flagged = False
    for index, curve in enumerate(curves):
        run = curve.run
        start = starts[id(run)]
        cells = finite_cells(curve)
        if not cells:
            continue
        color = f"C{index % 10}"
        temperature = np.array([run.temperature[cell] for cell in cells])
        mean = np.array([run.mean[name][p, start, r] for p, r in cells])
        error = np.array([run.error[name][p, start, r] for p, r in cells])
        error = np.where(np.isfinite(error), error, 0.0)  # one sample: no error bar
        axes.errorbar(
            temperature,
            mean,
            yerr=error,
            color=color,
            marker="o",
            markersize=4,
            capsize=3,
            label=curve_label(curve, with_file),
        )
        flagged = [j for j, (p, r) in enumerate(cells) if is_flagged(run, start, p, r)]
        if flagged:
            any_flagged = True
            axes.plot(
                temperature[flagged],
                mean[flagged],
                linestyle="none",
                marker="o",
                markersize=11,
                markerfacecolor="none",
                markeredgecolor=FLAG_COLOR,
            )
        if name == "m":
            floor = np.array([run.m_floor[p] for p, _ in cells])
            axes.plot(temperature, floor, color=color, linestyle="--", linewidth=1)
    return any_flagged


def add_legend_notes(axes, name, any_flagged):
    """Add legend entries for the flag circles and the m floor, which have no curve label."""
    handles, labels = axes.get_legend_handles_labels()
    if any_flagged:
        handles.append(
            plt.Line2D(
                [], [], linestyle="none", marker="o", markersize=9,
                markerfacecolor="none", markeredgecolor=FLAG_COLOR,
            )
        )
        labels.append("flagged (starts disagree or run too short)")
    if name == "m":
        handles.append(plt.Line2D([], [], color="gray", linestyle="--", linewidth=1))
        labels.append("m of a random pattern (floor)")
    axes.legend(handles, labels, fontsize="small")


def title_of(group, order, start_text):
    first = group[0]
    scan = {run.nishimori for run in group}
    scan_text = "mixed scans"
    if scan == {True}:
        scan_text = "Nishimori line"
    elif scan == {False}:
        scan_text = "fixed T*"
    return (
        f"N = {first.sites}, p = {order}, {first.form}, source {first.source}, "
        f"{scan_text}, {start_text} start"
    )


def wide_temperature_range(curves):
    """Return True when the finite positive temperatures span more than a factor of 20."""
    temperatures = [
        curve.run.temperature[cell]
        for curve in curves
        for cell in finite_cells(curve)
        if curve.run.temperature[cell] > 0
    ]
    return bool(temperatures) and max(temperatures) > 20 * min(temperatures)


def plot_group(group, order, starts, start_text, out_dir, dpi, with_file):
    """Write the three order-parameter PNGs of one group and order; return their paths."""
    curves = [curve for run in group for curve in sh.curves_of(run) if curve.order == order]
    stem = f"N{group[0].sites}_{group[0].form}_{group[0].source}_p{order}_{start_text}"
    written = []
    for name, label in observables_for(order):
        figure, axes = plt.subplots(figsize=(6.4, 4.4))
        any_flagged = plot_observable(axes, curves, starts, name, with_file)
        axes.set_xlabel("T")
        if wide_temperature_range(curves):
            axes.set_xscale("log")
        axes.set_ylabel(label)
        axes.set_title(title_of(group, order, start_text), fontsize="medium")
        axes.grid(alpha=0.3)
        add_legend_notes(axes, name, any_flagged)
        figure.tight_layout()
        path = os.path.join(out_dir, f"{stem}_{name}.png")
        figure.savefig(path, dpi=dpi)
        plt.close(figure)
        written.append(path)
    return written


def plot_histograms(curve, start, start_text, out_dir, dpi, with_file):
    """Write P(q) and P(q*) over the temperatures of one curve; return the PNG path."""
    run = curve.run
    figure, (left, right) = plt.subplots(1, 2, figsize=(10, 4.2))
    colors = plt.get_cmap("viridis")(np.linspace(0.0, 0.9, max(len(curve.cells), 1)))

    for color, (point, rung) in zip(colors, curve.cells):
        temperature = sh.format_number(float(run.temperature[point, rung]))
        flagged = is_flagged(run, start, point, rung)
        label = f"T = {temperature}" + (" (flagged)" if flagged else "")
        style = "--" if flagged else "-"
        for axes, histogram in ((left, run.hist_q), (right, run.hist_q_teacher)):
            axes.plot(
                run.overlap,
                histogram[point, start, rung],
                drawstyle="steps-mid",
                color=color,
                linestyle=style,
                label=label,
            )

    left.set_xlabel("q (replica overlap)")
    left.set_ylabel("P(q), fraction of measurements")
    right.set_xlabel("q* (teacher overlap)")
    right.set_ylabel("P(q*), fraction of measurements")
    for axes in (left, right):
        axes.set_xlim(-1.0, 1.0)
        axes.grid(alpha=0.3)
    right.legend(fontsize="small")

    figure.suptitle(
        f"N = {run.sites}, p = {curve.order}, {run.form}, {curve_label(curve, with_file)}, "
        f"{start_text} start",
        fontsize="medium",
    )
    figure.tight_layout()
    stem = f"N{run.sites}_{run.form}_{run.source}_p{curve.order}_{start_text}"
    path = os.path.join(out_dir, f"{stem}_hist_{curve_slug(curve, with_file)}.png")
    figure.savefig(path, dpi=dpi)
    plt.close(figure)
    return path


def main(argv=None):
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    arguments = parse_arguments(argv)
    try:
        runs = sh.load_runs(arguments.files)
        starts = {id(run): run.start_index(arguments.start) for run in runs}
    except sh.ResultFileError as error:
        print(f"statmem_plot: error: {error}", file=sys.stderr)
        return sh.EXIT_INPUT
    try:
        os.makedirs(arguments.out, exist_ok=True)
    except OSError as error:
        print(f"statmem_plot: error: cannot create output folder {arguments.out}: {error}",
              file=sys.stderr)
        return sh.EXIT_INPUT

    written = []
    for group in sh.group_runs(runs).values():
        with_file = len(group) > 1
        start_names = {run.starts[starts[id(run)]] for run in group}
        start_text = start_names.pop() if len(start_names) == 1 else "mixed"
        orders = sorted({int(p) for run in group for p in run.order})
        for order in orders:
            written += plot_group(group, order, starts, start_text, arguments.out,
                                  arguments.dpi, with_file)
            for run in group:
                for curve in sh.curves_of(run):
                    if curve.order == order:
                        written.append(plot_histograms(curve, starts[id(run)], start_text,
                                                       arguments.out, arguments.dpi, with_file))
    for path in written:
        print(path)
    if any(np.isinf(run.temperature).any() for run in runs):
        print("note: rungs at T = inf are left out of the curves against T; "
              "the histogram plots include them", file=sys.stderr)
    return sh.EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
