"""Runs every benchmark row on every runtime and collects the cells.

Rows are the kernels plus the two call costs; each cell is a median time
per unit of work, or "n/a" (the runtime cannot run it: missing, or raised
NotImplementedError / a WasmError) or an error (a wrong checksum or a crash,
which fails the run).  Kernels are checked against a reference runtime
(native C when it builds), call loops against their own count.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from .base import Runner, Unavailable, Workload
from .kernels import Kernel, canonical
from .timing import CLOCKS, Check, ChecksumMismatch, Measurement, measure

EXPORT_CALL = "export call"
PLAIN_CALL = "export call, no store"
HOST_CALL = "host call"
CALL_ROWS = ((EXPORT_CALL, "load_export_calls"), (PLAIN_CALL, "load_plain_export_calls"),
             (HOST_CALL, "load_host_calls"))
"""The call rows and the Runner method loading each (a runner without the
method has no such call path: n/a)."""


@dataclass(frozen=True)
class Settings:
    """How long each sample lasts and how many are taken, for fast runtimes
    (compiled or C-interpreted) and slow ones (interpreters in Python)."""

    fast_target: float
    fast_samples: int
    slow_target: float
    slow_samples: int
    clock: str = "cpu"  # a key of timing.CLOCKS

    def for_runner(self, runner: Runner) -> tuple[float, int]:
        if runner.slow:
            return self.slow_target, self.slow_samples
        return self.fast_target, self.fast_samples


FULL = Settings(fast_target=0.2, fast_samples=7, slow_target=0.5, slow_samples=5)
QUICK = Settings(fast_target=0.05, fast_samples=3, slow_target=0.2, slow_samples=3)


@dataclass(frozen=True)
class Cell:
    """One runtime's result on one row."""

    status: str  # "ok", "n/a" or "error"
    measurement: Measurement | None = None
    reason: str = ""

    @property
    def seconds(self) -> float | None:
        return self.measurement.seconds_per_unit if self.measurement else None


@dataclass
class Results:
    """Cells by row name, then by runtime name."""

    rows: dict[str, dict[str, Cell]] = field(default_factory=dict)

    def put(self, row: str, runtime: str, cell: Cell) -> None:
        self.rows.setdefault(row, {})[runtime] = cell

    def get(self, row: str, runtime: str) -> Cell | None:
        return self.rows.get(row, {}).get(runtime)

    @property
    def failed(self) -> bool:
        return any(cell.status == "error" for cells in self.rows.values() for cell in cells.values())


class KernelReference:
    """Expected kernel checksums, computed by the reference runtime."""

    def __init__(self, runner: Runner) -> None:
        self.runner = runner
        self._workloads: dict[str, Workload] = {}
        self._expected: dict[tuple[str, int], object] = {}

    def check_for(self, kernel: Kernel) -> Check:
        def check(units: int, result: object) -> None:
            key = (kernel.name, units)
            if key not in self._expected:
                if kernel.name not in self._workloads:
                    self._workloads[kernel.name] = self.runner.load_kernel(kernel)
                self._expected[key] = canonical(self._workloads[kernel.name](units), kernel.result)
            if canonical(result, kernel.result) != self._expected[key]:
                raise ChecksumMismatch(
                    f"{kernel.name}({units}) returned {result!r}, "
                    f"{self.runner.name} says {self._expected[key]!r} (canonical form)"
                )
        return check


def check_count(units: int, result: object) -> None:
    """Call loops return their own iteration count."""
    if result != units:
        raise ChecksumMismatch(f"call loop of {units} returned {result!r}")


def _is_unsupported(error: BaseException) -> bool:
    """NotImplementedError or any WasmError: the runtime cannot do this yet."""
    names = {cls.__name__ for cls in type(error).__mro__}
    return isinstance(error, (NotImplementedError, Unavailable)) or "WasmError" in names


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}".strip()


def run_cell(runner: Runner, load: Callable[[], Workload], check: Check, settings: Settings) -> Cell:
    """Load and measure one row on one runtime, turning failures into cells."""
    try:
        workload = load()
    except Unavailable as error:
        return Cell("n/a", reason=str(error))
    except Exception as error:  # noqa: BLE001 - a runtime that cannot load a module cannot run it
        return Cell("n/a", reason=f"load failed: {_describe(error)}")
    target, samples = settings.for_runner(runner)
    try:
        return Cell("ok", measure(workload, target, samples, check, CLOCKS[settings.clock]))
    except ChecksumMismatch as error:
        return Cell("error", reason=f"checksum mismatch: {error}")
    except Exception as error:  # noqa: BLE001 - any crash becomes an error cell, not a dead run
        return Cell("n/a" if _is_unsupported(error) else "error", reason=_describe(error))


def run_all(
    runners: list[Runner], kernels: list[Kernel], reference: KernelReference, settings: Settings,
    progress: Callable[[str], None], call_baselines: tuple[Runner, ...] = (),
) -> Results:
    """Every kernel, then both call costs, on every runner, side by side;
    `call_baselines` run only the call rows."""
    results = Results()
    for kernel in kernels:
        for runner in runners:
            progress(f"{kernel.name} on {runner.name}")
            load = functools.partial(runner.load_kernel, kernel)
            cell = run_cell(runner, load, reference.check_for(kernel), settings)
            results.put(kernel.name, runner.name, cell)
    for row, loader in CALL_ROWS:
        for runner in (*runners, *call_baselines):
            progress(f"{row} on {runner.name}")
            load = getattr(runner, loader, None)
            cell = (Cell("n/a", reason=f"no {row} path") if load is None
                    else run_cell(runner, load, check_count, settings))
            results.put(row, runner.name, cell)
    return results
