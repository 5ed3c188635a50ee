"""Compile-time rows: how long a module takes to compile and to load from a
cache, and what a real multi-megabyte module costs, for wasmic's native tier
and wasmtime side by side.

Every number comes from a fresh Python process (``compile_probe.py``), so
that peak memory covers that one compile, the C compiler processes included.
Cold compiles of the small module get a distinct custom section each (the
same code under a new cache key), after one warm-up compile that builds
wasmic's runtime library into the cache; loads then read the last one back.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from wasmic.binary.leb128 import write_unsigned

from .base import Unavailable
from .kernels import KERNEL_DIR
from .report import format_time, markdown_table

PROBE = Path(__file__).with_name("compile_probe.py")
COMPILING_RUNTIMES = ("wasmic-native", "wasmtime")
SMALL_MODULE = KERNEL_DIR / "nbody.wasm"
"""The largest kernel module (one function, 2 KB)."""
COLD_COMPILE_GOAL = 0.3
CACHE_LOAD_GOAL = 0.02


@dataclass(frozen=True)
class CompileCost:
    """One measured compile or load: wall and CPU seconds (compiler
    processes included), peak resident bytes of the largest process."""

    seconds: float
    cpu_seconds: float
    peak_bytes: int


def probe(runtime: str, mode: str, wasm: Path, cache_dir: Path) -> CompileCost:
    """Run one measurement in a fresh process (see compile_probe.py)."""
    # Imports read .pyc files, as from an installed package (the first run writes them).
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    run = subprocess.run([sys.executable, str(PROBE), runtime, mode, str(wasm), str(cache_dir)],
                         capture_output=True, text=True, env=env, check=False)
    if run.returncode != 0:
        lines = run.stderr.strip().splitlines()
        raise Unavailable(f"{runtime} {mode} failed: {lines[-1] if lines else f'exit {run.returncode}'}")
    return CompileCost(**json.loads(run.stdout.splitlines()[-1]))


def median_cost(costs: list[CompileCost]) -> CompileCost:
    """The median of each measure separately."""
    return CompileCost(statistics.median(c.seconds for c in costs),
                       statistics.median(c.cpu_seconds for c in costs),
                       int(statistics.median(c.peak_bytes for c in costs)))


def with_nonce(wasm: bytes, nonce: str) -> bytes:
    """``wasm`` plus a custom section holding ``nonce``: the same code under
    another cache key."""
    name = b"wasmic-bench-nonce"
    payload = write_unsigned(len(name)) + name + nonce.encode()
    return wasm + b"\x00" + write_unsigned(len(payload)) + payload


@dataclass
class CompileBench:
    """Measures the compile rows of one runtime in ``workdir``."""

    runtime: str
    workdir: Path
    samples: int

    def __post_init__(self) -> None:
        self.cache = self.workdir / f"cache-{self.runtime}"
        self.cache.mkdir(parents=True, exist_ok=True)

    def _variant(self, wasm: Path, nonce: str) -> Path:
        path = self.workdir / f"{self.runtime}-{wasm.stem}-{nonce}.wasm"
        path.write_bytes(with_nonce(wasm.read_bytes(), nonce))
        return path

    def small_module(self) -> tuple[CompileCost, CompileCost]:
        """Median cold compile and median load from the cache of SMALL_MODULE."""
        probe(self.runtime, "compile", self._variant(SMALL_MODULE, "warm-up"), self.cache)
        variants = [self._variant(SMALL_MODULE, f"cold-{i}") for i in range(self.samples)]
        cold = [probe(self.runtime, "compile", path, self.cache) for path in variants]
        loads = [probe(self.runtime, "load", variants[-1], self.cache) for _ in range(self.samples)]
        return median_cost(cold), median_cost(loads)

    def big_module(self, wasm: Path) -> CompileCost:
        """One cold compile of ``wasm`` (after small_module: the runtime
        library is already in the cache)."""
        return probe(self.runtime, "compile", self._variant(wasm, "big"), self.cache)


def measure_all(runtimes: list[str], workdir: Path, samples: int, big_module: Path | None,
                progress) -> tuple[dict, dict]:
    """The small-module costs and the big module's cost of each runtime in
    COMPILING_RUNTIMES that ``runtimes`` names (a string saying why when
    it cannot compile), as ``render`` takes them."""
    small: dict[str, tuple[CompileCost, CompileCost] | str] = {}
    big: dict[str, CompileCost | str] = {}
    for runtime in (r for r in COMPILING_RUNTIMES if r in runtimes):
        bench = CompileBench(runtime, workdir, samples)
        try:
            progress(f"compile rows on {runtime}")
            small[runtime] = bench.small_module()
            if big_module is not None:
                progress(f"compile of {big_module.name} on {runtime}")
                big[runtime] = bench.big_module(big_module)
        except Unavailable as error:
            small.setdefault(runtime, str(error))
            big[runtime] = str(error)
    return small, big


def _duration(seconds: float) -> str:
    return f"{seconds:,.0f} s" if seconds >= 100 else format_time(seconds)


def _megabytes(count: float) -> str:
    return f"{count / 1e6:.1f} MB"


def render(small: dict[str, tuple[CompileCost, CompileCost] | str], big: dict[str, CompileCost | str],
           big_module: Path | None) -> str:
    """The compile table and the compile goals, as Markdown.  Values are a
    runtime's measurements or the reason it has none."""
    runtimes = list(small)
    size = SMALL_MODULE.stat().st_size

    def cells(source: dict, show) -> list[str]:
        return [show(source[r]) if not isinstance(source[r], str) else f"n/a ({source[r]})" for r in runtimes]

    rows = [
        [f"cold compile of {SMALL_MODULE.name} ({size:,} bytes), wall", *cells(small, lambda c: format_time(c[0].seconds))],
        ["same, CPU (compiler processes included)", *cells(small, lambda c: format_time(c[0].cpu_seconds))],
        ["load from the cache (first module of a fresh process), wall",
         *cells(small, lambda c: format_time(c[1].seconds))],
        ["same, CPU", *cells(small, lambda c: format_time(c[1].cpu_seconds))],
    ]
    if big_module is not None:
        mb = big_module.stat().st_size / 1e6
        rows += [
            [f"cold compile of {big_module.name} ({mb:.1f} MB), wall", *cells(big, lambda c: _duration(c.seconds))],
            ["same, CPU (compiler processes included)", *cells(big, lambda c: _duration(c.cpu_seconds))],
            ["same, MB of wasm per second (wall)", *cells(big, lambda c: f"{mb / c.seconds:.3g} MB/s")],
            ["same, peak memory (largest process's RSS)", *cells(big, lambda c: _megabytes(c.peak_bytes))],
        ]
    table = markdown_table(["compile", *runtimes], rows)
    native = small.get("wasmic-native")
    goals = []
    for text, limit, pick in (("cold compile of a small module <= 300 ms", COLD_COMPILE_GOAL, 0),
                              ("load from the cache <= 20 ms", CACHE_LOAD_GOAL, 1)):
        if native is None or isinstance(native, str):
            goals.append(f"- wasmic-native: {text}: n/a (not measured)")
        else:
            value = native[pick].seconds
            goals.append(f"- wasmic-native: {text}: {'met' if value <= limit else 'NOT met'} ({format_time(value)})")
    return "\n\n".join(["### Compile: median of fresh processes", table, "### Compile goals", "\n".join(goals)])
