#!/usr/bin/python3
"""Render the CSV files written by the figure programs and by offload-advisor --plots as PNG files.

Usage: /usr/bin/python3 examples/figures/plot.py FILE.csv|DIR [FILE.csv|DIR ...]
Each FILE.csv becomes FILE.png next to it; a DIR stands for every *.csv in it. A CSV starts with '# key: value' lines, then a header row and data:
  title, xlabel, ylabel          text
  xscale, yscale                 linear | log
  kind                           line (default: column 1 is x, every other column a curve) |
                                 bar (column 1 holds category labels, every other column a stacked segment) |
                                 table (the rows are drawn as a table) |
                                 gantt (columns machine, job, phase, start, end; phase 'processing' is a
                                 bar on the machine's row, phase 'upload' a thin bar in a lane of its own
                                 under that row, since uploads to one server overlap)
  crossovers                     x values marked by dotted vertical lines (line plots)
  crossover_labels               optional, one label per crossover separated by '|' (what crosses there, e.g.
                                 the device level or the server); labels that would overlap are stacked
  marker                         a matplotlib marker drawn at every data point of a line plot (e.g. o)
Values 'inf' (an unstable option: a queue on its path cannot keep up) are left out of the curve.
Needs matplotlib (Debian: python3-matplotlib); uses the Agg backend, so no display is required.
"""
import csv
import glob
import math
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter  # noqa: E402


def read(path):
    meta, rows = {}, []
    with open(path, newline="") as f:
        lines = f.readlines()
    body = []
    for line in lines:
        if line.startswith("#"):
            key, _, value = line[1:].partition(":")
            meta[key.strip()] = value.strip()
        elif line.strip():
            body.append(line)
    rows = list(csv.reader(body))
    return meta, rows[0], rows[1:]


def number(text):
    value = float(text)
    return value if math.isfinite(value) else float("nan")


def plot_line(ax, meta, header, rows):
    x = [number(r[0]) for r in rows]
    styles = ["-", "--", "-.", ":"]
    for c in range(1, len(header)):
        y = [number(r[c]) for r in rows]
        ax.plot(x, y, styles[(c - 1) % len(styles)], linewidth=1.8, label=header[c],
                marker=meta.get("marker") or None, markersize=4)
    mark_crossovers(ax, meta)
    ax.legend(fontsize=8)
    ax.grid(True, which="both", alpha=0.3)


def mark_crossovers(ax, meta):
    """Dotted vertical lines at the crossovers, each labelled with its value (and its crossover_labels entry)
    in a row near the top; a label that would overlap one already placed moves to the next row down."""
    values = [float(v) for v in meta.get("crossovers", "").split()]
    labels = [t.strip() for t in meta.get("crossover_labels", "").split("|")] if meta.get("crossover_labels") else []
    if labels and len(labels) != len(values):
        raise ValueError(f"crossover_labels has {len(labels)} labels for {len(values)} crossovers")
    renderer = ax.figure.canvas.get_renderer()
    placed = []  # window extents of the labels drawn so far
    for k, value in sorted(enumerate(values), key=lambda kv: kv[1]):
        ax.axvline(value, color="grey", linestyle=":", linewidth=1)
        text = f"{value:.3g}" + (f" {labels[k]}" if labels else "")
        for row in range(len(values) + 1):
            label = ax.annotate(text, (value, 0.97 - 0.06 * row), xycoords=("data", "axes fraction"),
                                xytext=(2, 0), textcoords="offset points", va="top", ha="left", fontsize=7,
                                color="dimgrey", bbox=dict(boxstyle="square,pad=0.1", fc="white", ec="none",
                                                          alpha=0.8))
            extent = label.get_window_extent(renderer).expanded(1.05, 1.1)
            if not any(extent.overlaps(other) for other in placed):
                placed.append(extent)
                break
            label.remove()


def readable_log_ticks(axis, low, high):
    """A log axis spanning under two decades gets 1-2-5 ticks with plain labels (matplotlib labels only the
    powers of ten, which leaves such an axis with one labelled tick or none)."""
    if low > 0 and high > 0 and math.log10(high / low) < 2:
        axis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        axis.set_minor_formatter(NullFormatter())


def plot_bar(ax, meta, header, rows):
    labels = [r[0] for r in rows]
    bottom = [0.0] * len(rows)
    for c in range(1, len(header)):
        values = [number(r[c]) for r in rows]
        ax.bar(labels, values, bottom=bottom, label=header[c])
        bottom = [b + (v if math.isfinite(v) else 0.0) for b, v in zip(bottom, values)]
    for i, total in enumerate(bottom):
        ax.annotate(f"{total:.1f}", (i, total), ha="center", va="bottom", fontsize=8)
    ax.legend(fontsize=8)
    ax.grid(True, axis="y", alpha=0.3)
    ax.tick_params(axis="x", labelrotation=20, labelsize=8)


def plot_table(fig, ax, meta, header, rows):
    ax.axis("off")
    fig.set_size_inches(max(7.0, 1.1 * len(header)), 0.9 + 0.3 * (len(rows) + 1))
    # bbox: the table fills the axes, so the title above it is not covered
    table = ax.table(cellText=rows, colLabels=header, cellLoc="center", bbox=[0.0, 0.0, 1.0, 1.0])
    table.auto_set_font_size(False)
    table.set_fontsize(8)


def plot_gantt(fig, ax, meta, header, rows):
    machines, uploads = [], {}
    for r in rows:
        if r[0] not in machines:
            machines.append(r[0])
        if r[2] == "upload":
            uploads.setdefault(r[0], []).append(r)
    jobs = sorted({r[1] for r in rows}, key=lambda j: int(j[1:]) if j[1:].isdigit() else j)
    colours = {job: plt.cm.tab10(k % 10) for k, job in enumerate(jobs)}
    y, ticks, labels = 0.0, [], []
    for machine in machines:
        for r in rows:
            if r[0] == machine and r[2] == "processing":
                start, end = number(r[3]), number(r[4])
                ax.barh(y, end - start, left=start, height=0.8, color=colours[r[1]], edgecolor="black", linewidth=0.6)
                ax.annotate(r[1], (start + (end - start) / 2, y), ha="center", va="center", fontsize=7)
        ticks.append(y)
        labels.append(machine)
        lanes = uploads.get(machine, [])
        if lanes:
            lane = 0.8 / len(lanes)
            for k, r in enumerate(lanes):
                start, end = number(r[3]), number(r[4])
                ax.barh(y + 0.6 + k * lane, end - start, left=start, height=0.7 * lane, color=colours[r[1]],
                        alpha=0.55, hatch="///", edgecolor="dimgrey", linewidth=0.3)
                ax.annotate(r[1], (end, y + 0.6 + k * lane), ha="left", va="center", fontsize=5, color="dimgrey")
            ticks.append(y + 0.6 + 0.4 - lane / 2)
            labels.append(f"uploads to {machine}")
            y += 1.0
        y += 1.0
    ax.set_yticks(ticks)
    ax.set_yticklabels(labels, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlim(left=0.0)
    ax.grid(True, axis="x", alpha=0.3)
    fig.set_size_inches(8.0, 1.2 + 0.32 * len(ticks) + 0.3 * len(uploads))


def render(path):
    meta, header, rows = read(path)
    kind = meta.get("kind", "line")
    fig, ax = plt.subplots(figsize=(7.0, 4.2))
    if kind == "table":
        plot_table(fig, ax, meta, header, rows)
    elif kind == "bar":
        plot_bar(ax, meta, header, rows)
    elif kind == "gantt":
        plot_gantt(fig, ax, meta, header, rows)
    else:
        ax.set_xscale(meta.get("xscale", "linear"))
        ax.set_yscale(meta.get("yscale", "linear"))
        plot_line(ax, meta, header, rows)
        if meta.get("yscale") == "log":
            readable_log_ticks(ax.yaxis, *ax.get_ylim())
        if meta.get("xscale") == "log":
            readable_log_ticks(ax.xaxis, *ax.get_xlim())
    if kind != "table":
        ax.set_xlabel(meta.get("xlabel", "time" if kind == "gantt" else header[0]))
        ax.set_ylabel(meta.get("ylabel", ""))
    ax.set_title(meta.get("title", ""), fontsize=10)
    fig.tight_layout()
    out = path[:-4] + ".png" if path.endswith(".csv") else path + ".png"
    fig.savefig(out, dpi=100, metadata={"Software": None})
    plt.close(fig)
    return out


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    paths = []
    for arg in argv[1:]:
        paths += sorted(glob.glob(os.path.join(arg, "*.csv"))) if os.path.isdir(arg) else [arg]
    if not paths:
        print("plot.py: no CSV files in", " ".join(argv[1:]), file=sys.stderr)
        return 1
    for path in paths:
        print("wrote", render(path))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
