"""matrix.html: the comparison as one page that opens offline (no script, no font or file from
elsewhere): per board, grouped bars of flash, RAM and instructions per engine and model and a scatter
of latency against RAM with the board's RAM drawn (matplotlib, as inline SVG), then matrix.md's
tables (Python-Markdown)."""
from __future__ import annotations

import html
import io
from collections import defaultdict
from typing import Any

from .comparison_md import markdown as matrix_markdown

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1200px; color: #222; }
h1 { margin-bottom: 0.2em; } h2 { border-bottom: 1px solid #ccc; padding-bottom: 0.2em; margin-top: 1.6em; }
table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; } th { background: #f3f3f3; }
td:nth-child(n+4) { text-align: right; }
figure { margin: 0.8em 0; } figcaption { color: #555; font-size: 0.9em; }
.plots { display: flex; flex-wrap: wrap; gap: 1em; align-items: flex-start; }
.broke { background: #fff0f0; border: 1px solid #e99; padding: 0.5em 1em; }
code { background: #f5f5f5; padding: 0 0.2em; }
"""


def _engine(row: dict[str, Any]) -> str:
    return row["key"].split("/")[1]


def _svg(figure) -> str:
    import matplotlib.pyplot as plt

    out = io.StringIO()
    figure.savefig(out, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    text = out.getvalue()
    return text[text.index("<svg"):]


def _colours(engines: list[str]) -> dict[str, Any]:
    import matplotlib

    palette = matplotlib.colormaps["tab10"]
    return {engine: palette(i % 10) for i, engine in enumerate(engines)}


def _short(value: float) -> str:
    for unit, size in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if value >= size:
            return f"{value / size:.3g}{unit}"
    return f"{value:.3g}"


def _scale(axis, values: list, scale: float, bars: bool = True) -> None:
    """Linear, unless the values span more than 50x: then logarithmic, bars starting a decade below
    the smallest (a log axis has no zero), with plain numbers on the ticks."""
    import math

    from matplotlib.ticker import FuncFormatter

    found = [v / scale for v in values if v]
    if not found or max(found) / min(found) <= 50:
        return
    axis.set_yscale("log")
    if bars:
        axis.set_ylim(bottom=10 ** (math.floor(math.log10(min(found))) - 1))
    axis.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}" if v >= 1 else f"{v:g}"))


def _bars(board: str, rows: list[dict[str, Any]], colours: dict[str, Any]) -> str:
    import matplotlib.pyplot as plt

    models = sorted({r["model"] for r in rows})
    engines = sorted({_engine(r) for r in rows})
    panels = [("flash (KB)", "flash_bytes", "flash_capacity", 1024), ("RAM (KB)", "ram_bytes", "ram_capacity", 1024),
              ("instructions per inference", "instructions", None, 1)]
    figure, axes = plt.subplots(1, 3, figsize=(12, 3.4))
    width = 0.8 / max(len(engines), 1)
    by_key = {(r["model"], _engine(r)): r for r in rows}
    for axis, (title, field, capacity, scale) in zip(axes, panels, strict=True):
        tallest = 0.0
        for i, engine in enumerate(engines):
            heights = [(by_key.get((m, engine)) or {}).get(field) for m in models]
            xs = [j + (i - (len(engines) - 1) / 2) * width for j in range(len(models))]
            values = [0 if h is None else h / scale for h in heights]
            tallest = max([tallest, *values])
            drawn = axis.bar(xs, values, width, label=engine, color=colours[engine])
            axis.bar_label(drawn, labels=["" if h is None else _short(h / scale) for h in heights], fontsize=6)
        limit = rows[0].get(capacity) if capacity else None
        if limit and tallest and limit / scale <= 3 * tallest:
            axis.axhline(limit / scale, color="#c00", linestyle="--", linewidth=1)
            axis.annotate(f"{board}: {limit / scale:,.0f}", (0, limit / scale), color="#c00", fontsize=8,
                          xytext=(2, 2), textcoords="offset points")
        _scale(axis, [(by_key.get((m, e)) or {}).get(field) for m in models for e in engines], scale)
        axis.set_title(title, fontsize=10)
        axis.set_xticks(range(len(models)), models, rotation=20, fontsize=8)
        axis.tick_params(axis="y", labelsize=8)
    axes[0].legend(fontsize=8)
    figure.suptitle(f"{board}: per engine and model (bars missing where a target did not build)", fontsize=10)
    return _svg(figure)


def _scatter(board: str, rows: list[dict[str, Any]], colours: dict[str, Any]) -> str:
    import matplotlib.pyplot as plt

    points = [r for r in rows if r.get("latency_ms") and r.get("ram_bytes")]
    figure, axis = plt.subplots(figsize=(6, 3.8))
    for r in points:
        axis.scatter(r["ram_bytes"] / 1024, r["latency_ms"], color=colours[_engine(r)], s=36,
                     marker="o" if r["status"] == "ok" else "x")
        axis.annotate(f"{_engine(r)} {r['model']}", (r["ram_bytes"] / 1024, r["latency_ms"]), fontsize=7,
                      xytext=(4, 2), textcoords="offset points")
    capacity = rows[0].get("ram_capacity")
    if points and capacity and capacity <= 3 * max(r["ram_bytes"] for r in points):
        axis.axvline(capacity / 1024, color="#c00", linestyle="--", linewidth=1)
        axis.annotate(f"{board} RAM", (capacity / 1024, axis.get_ylim()[0]), color="#c00", fontsize=8,
                      rotation=90, xytext=(-10, 4), textcoords="offset points")
    if points:
        _scale(axis, [r["latency_ms"] for r in points], 1, bars=False)
        handles = {_engine(r): axis.scatter([], [], color=colours[_engine(r)]) for r in points}
        axis.legend(handles.values(), handles.keys(), fontsize=7)
    else:
        axis.text(0.5, 0.5, "no latency for these targets", ha="center", transform=axis.transAxes)
    axis.set_xlabel("RAM, static + runtime peak (KB)", fontsize=9)
    axis.set_ylabel("latency (ms, estimated; host measured)", fontsize=9)
    axis.tick_params(labelsize=8)
    axis.set_title(f"{board}: latency against RAM", fontsize=10)
    return _svg(figure)


def page(doc: dict[str, Any]) -> str:
    import markdown
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "edgebench"})
    by_board: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in doc["rows"]:
        if row.get("flash_bytes") is not None:
            by_board[row["board"]].append(row)
    colours = _colours(sorted({_engine(r) for r in doc["rows"]}))
    sections = []
    for board, rows in sorted(by_board.items()):
        sections.append(f"<section><h2>{html.escape(board)}</h2><div class='plots'>"
                        f"<figure>{_bars(board, rows, colours)}</figure>"
                        f"<figure>{_scatter(board, rows, colours)}<figcaption>latency is estimated from the "
                        f"instruction mix and the board's cycle model (host: measured)</figcaption></figure>"
                        f"</div></section>")
    broke = "".join(f"<li>{html.escape(line)}</li>" for line in doc["broke"])
    tables = markdown.markdown(matrix_markdown(doc, what_broke=False).split("\n", 1)[1], extensions=["tables"])
    return ("<!doctype html>\n<html lang='en'><head><meta charset='utf-8'><title>edgebench comparison</title>"
            f"<style>{STYLE}</style></head><body><h1>edgebench comparison</h1>"
            + (f"<details class='broke' {'open' if len(doc['broke']) <= 5 else ''}><summary><strong>What broke "
               f"({len(doc['broke'])})</strong></summary><ul>{broke}</ul></details>" if broke else "")
            + "".join(sections) + f"<h2>Tables</h2>{tables}</body></html>\n")
