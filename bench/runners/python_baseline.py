"""The same call loops with no wasm at all: a Python function calling a
Python function.  It is the floor under any Python -> wasm or wasm -> Python
call, shown beside the runtimes' call costs for scale."""

from __future__ import annotations

import platform

from .base import Unavailable, Workload, chained_add_calls
from .kernels import Kernel
from .wasm_api import host_inc


def add(a: int, b: int) -> int:
    """What the wasm export `add` computes, without its 32-bit wrap."""
    return a + b


def call_host(n: int) -> int:
    """What the wasm export `call_host` does, in Python."""
    acc = 0
    for _ in range(n):
        acc = host_inc(acc)
    return acc


class PythonBaseline:
    """Plain Python functions in place of wasm exports."""

    name = "python (no wasm)"
    slow = False

    def __init__(self) -> None:
        self.version = f"{platform.python_implementation()} {platform.python_version()}"

    def load_kernel(self, kernel: Kernel) -> Workload:
        raise Unavailable("the Python baseline measures calls only")

    def load_export_calls(self) -> Workload:
        return chained_add_calls(add)

    def load_host_calls(self) -> Workload:
        return call_host
