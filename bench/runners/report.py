"""Formats the results as Markdown tables: kernel times, ratios to native C
and to pywasm with their geometric means, call costs, and the goals of the
wasmic tiers.  Markdown so the output can go into bench/RESULTS.md as is."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .kernels import Kernel
from .suite import EXPORT_CALL, HOST_CALL, PLAIN_CALL, Cell, Results

NATIVE = "native-c"
PYWASM = "pywasm"
WASMTIME = "wasmtime"


def format_time(seconds: float) -> str:
    """A duration with a unit that keeps three significant figures."""
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def format_ratio(ratio: float) -> str:
    return f"{ratio:.2f}x" if ratio < 10 else f"{ratio:,.0f}x"


def geomean(values: list[float]) -> float:
    return math.exp(sum(math.log(v) for v in values) / len(values))


def markdown_table(headers: list[str], rows: list[list[str]]) -> str:
    """A Markdown table padded so it also reads well as plain text."""
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(cell.ljust(width) for cell, width in zip(cells, widths)) + " |"

    rule = "| " + " | ".join("-" * width for width in widths) + " |"
    return "\n".join([line(headers), rule, *(line(row) for row in rows)])


class Footnotes:
    """Numbered reasons for the n/a and error cells, each reason once."""

    def __init__(self) -> None:
        self.notes: list[str] = []

    def mark(self, runtime: str, cell: Cell) -> str:
        note = f"{runtime}: {cell.reason}"
        if note not in self.notes:
            self.notes.append(note)
        label = "n/a" if cell.status == "n/a" else "ERROR"
        return f"{label} [{self.notes.index(note) + 1}]"

    def render(self) -> str:
        return "\n".join(f"[{i}] {note}" for i, note in enumerate(self.notes, 1))


@dataclass
class Report:
    """Builds every table from one set of results."""

    results: Results
    kernels: list[Kernel]
    runtimes: list[str]
    call_runtimes: list[str]

    def __post_init__(self) -> None:
        self.footnotes = Footnotes()

    def _seconds(self, row: str, runtime: str) -> float | None:
        cell = self.results.get(row, runtime)
        return cell.seconds if cell else None

    def _cell_text(self, row: str, runtime: str) -> str:
        cell = self.results.get(row, runtime)
        if cell is None:
            return "-"
        if cell.seconds is None:
            return self.footnotes.mark(runtime, cell)
        return format_time(cell.seconds)

    def ratios(self, runtime: str, baseline: str, invert: bool) -> dict[str, float]:
        """Per kernel, runtime time / baseline time (or its inverse)."""
        found = {}
        for kernel in self.kernels:
            mine, base = self._seconds(kernel.name, runtime), self._seconds(kernel.name, baseline)
            if mine and base:
                found[kernel.name] = base / mine if invert else mine / base
        return found

    def kernel_geomean(self, runtime: str, baseline: str, invert: bool) -> float | None:
        """Geometric mean over all kernels, or None if any is missing."""
        ratios = self.ratios(runtime, baseline, invert)
        return geomean(list(ratios.values())) if len(ratios) == len(self.kernels) else None

    def times_table(self) -> str:
        headers = ["kernel", "unit of work", *self.runtimes]
        rows = [[k.name, k.unit, *(self._cell_text(k.name, r) for r in self.runtimes)] for k in self.kernels]
        return markdown_table(headers, rows)

    def ratio_table(self, baseline: str, invert: bool) -> str:
        others = [r for r in self.runtimes if r != baseline]
        rows = []
        per_runtime = {r: self.ratios(r, baseline, invert) for r in others}
        for kernel in self.kernels:
            rows.append([kernel.name, *(
                format_ratio(per_runtime[r][kernel.name]) if kernel.name in per_runtime[r] else "-"
                for r in others
            )])
        means = []
        for r in others:
            values = list(per_runtime[r].values())
            partial = f" ({len(values)}/{len(self.kernels)})" if 0 < len(values) < len(self.kernels) else ""
            means.append(format_ratio(geomean(values)) + partial if values else "-")
        rows.append(["**geomean**", *means])
        return markdown_table(["kernel", *others], rows)

    def calls_table(self) -> str:
        rows = [[r, self._cell_text(EXPORT_CALL, r), self._cell_text(PLAIN_CALL, r),
                 self._cell_text(HOST_CALL, r)] for r in self.call_runtimes]
        return markdown_table(["runtime", "Python -> wasm add(store, i32, i32)",
                               "same, store-free (wasmic.instantiate)", "wasm -> Python import"],
                              rows)

    def goals(self) -> list[str]:
        """Each wasmic tier's goals from the issue, as met / not met / n/a."""
        lines = []
        export = {r: self._seconds(EXPORT_CALL, r) for r in self.runtimes}
        host = {r: self._seconds(HOST_CALL, r) for r in self.runtimes}
        if "wasmic-python" in self.runtimes:
            speedup = self.kernel_geomean("wasmic-python", PYWASM, invert=True)
            lines += [
                _goal("wasmic-python: kernel geomean speed-up over pywasm >= 100x", speedup, 100, at_least=True),
                _goal("wasmic-python: export call <= 1 µs", export["wasmic-python"], 1e-6, show=format_time),
                _goal("wasmic-python: host call <= 2 µs", host["wasmic-python"], 2e-6, show=format_time),
            ]
        if "wasmic-native" in self.runtimes:
            ratio = self.kernel_geomean("wasmic-native", NATIVE, invert=False)
            wasmtime = self.kernel_geomean(WASMTIME, NATIVE, invert=False) if WASMTIME in self.runtimes else None
            lines += [
                _goal("wasmic-native: kernel geomean <= 1.25x native C", ratio, 1.25),
                _goal("wasmic-native: kernel geomean not slower than wasmtime", ratio, wasmtime),
                _goal("wasmic-native: export call <= 150 ns", export["wasmic-native"], 150e-9, show=format_time),
                _goal("wasmic-native: host call <= 200 ns", host["wasmic-native"], 200e-9, show=format_time),
            ]
        return lines

    def render(self) -> str:
        sections = ["### Kernels: median time per unit of work", self.times_table()]
        if NATIVE in self.runtimes:
            sections += ["### Kernels: time relative to native C (lower is better)",
                         self.ratio_table(NATIVE, invert=False)]
        if PYWASM in self.runtimes:
            sections += ["### Kernels: speed-up over pywasm (higher is better)",
                         self.ratio_table(PYWASM, invert=True)]
        sections += ["### Calls: median time per call", self.calls_table()]
        goals = self.goals()
        if goals:
            sections += ["### Goals", "\n".join(f"- {line}" for line in goals)]
        if self.footnotes.notes:
            sections += ["### Notes", self.footnotes.render()]
        return "\n\n".join(sections)


def _goal(
    text: str, value: float | None, limit: float | None, at_least: bool = False, show=format_ratio
) -> str:
    """One goal line; `value` must be <= `limit` (>= when at_least)."""
    if value is None or limit is None:
        return f"{text}: n/a (not measured)"
    met = value >= limit if at_least else value <= limit
    return f"{text}: {'met' if met else 'NOT met'} ({show(value)})"
