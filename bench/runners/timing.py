"""Calibrated, checked timing of one workload.

A workload is called as `run(n)` with n units of work.  `calibrate` grows n
until one call lasts at least the target time, so per-call overhead (a ctypes
or wasmtime-py boundary costs 1-30 µs) vanishes into a long sample; then
`measure` times several samples at that n and every result is checked
against the reference checksum before its time counts.

The default clock is this process's CPU time: the workloads are
single-threaded, and unlike wall time it is not inflated when other processes
share the cores (wall time doubled or tripled on a busy 2-core machine while
CPU time moved by a few percent).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from .base import Workload

MAX_UNITS = 2**31 - 1  # the work count is an i32 argument
MAX_GROWTH = 100  # never grow n by more than this per calibration step


class ChecksumMismatch(Exception):
    """A runtime returned a different result than the reference."""


# check(n, result) raises ChecksumMismatch when result is wrong for n.
Check = Callable[[int, object], None]
Clock = Callable[[], float]

CLOCKS: dict[str, Clock] = {"cpu": time.process_time, "wall": time.perf_counter}


@dataclass(frozen=True)
class Measurement:
    """Median time per unit of work over `samples` calls of run(units)."""

    seconds_per_unit: float
    units: int
    samples: int


def timed_call(run: Workload, units: int, check: Check, clock: Clock) -> float:
    """Seconds taken by one checked call run(units)."""
    start = clock()
    result = run(units)
    elapsed = clock() - start
    check(units, result)
    return elapsed


def calibrate(run: Workload, target_seconds: float, check: Check, clock: Clock) -> int:
    """The smallest work count (roughly) whose call lasts target_seconds."""
    units = 1
    while units < MAX_UNITS:
        elapsed = timed_call(run, units, check, clock)
        if elapsed >= target_seconds:
            break
        growth = target_seconds / max(elapsed, 1e-9) * 1.1
        units = min(MAX_UNITS, max(units * 2, int(units * min(growth, MAX_GROWTH))))
    return units


def measure(
    run: Workload, target_seconds: float, samples: int, check: Check, clock: Clock = time.process_time
) -> Measurement:
    """Calibrate, then take `samples` checked samples; report the median."""
    units = calibrate(run, target_seconds, check, clock)
    times = [timed_call(run, units, check, clock) for _ in range(samples)]
    return Measurement(statistics.median(times) / units, units, samples)
