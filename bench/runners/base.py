"""The interface every runtime adapter implements, and its error types."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from .kernels import Kernel

# A loaded benchmark: called with a work count n, returns the checksum.
Workload = Callable[[int], object]


def chained_add_calls(add: Callable[[int, int], Any]) -> Workload:
    """The export-call workload for a runtime whose exports are called as
    `add(a, b)`: `loop(n)` calls it n times, chained through acc."""

    def loop(n: int) -> int:
        acc = 0
        for _ in range(n):
            acc = add(acc, 1)
        return acc

    return loop


class Unavailable(Exception):
    """This runtime, tier or kernel cannot run here; the message says why.

    Shown as "n/a" in the tables, never as a number or a failure."""


class Runner(Protocol):
    """One runtime able to load the kernel modules and the call benchmarks.

    `slow` runtimes (interpreters written in Python) get longer samples and
    smaller work counts; the harness normalises everything per unit of work.
    """

    name: str
    version: str
    slow: bool

    def load_kernel(self, kernel: Kernel) -> Workload:
        """Instantiate the kernel's module; return `run(n) -> checksum`."""

    def load_export_calls(self) -> Workload:
        """Return `loop(n)`: n calls of the export add(acc, 1) from Python,
        chained through acc, so the result must be n."""

    def load_host_calls(self) -> Workload:
        """Return `loop(n)`: one call of call_host(n), which calls the Python
        import env.host_inc n times; the result must be n."""
