"""The catalogue of benchmark kernels: where their code is, their wasm
signature, and what one unit of work is.

Each kernel's export is called as `name(n, *extra_args)` and does `n` equal
units of work, returning a checksum that every runtime must reproduce
exactly (compared by `canonical`).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

KERNEL_DIR = Path(__file__).resolve().parent.parent / "kernels"
CALLS_WASM = KERNEL_DIR / "calls.wasm"


@dataclass(frozen=True)
class Kernel:
    """One benchmark kernel, built from `kernels/<name>.c`."""

    name: str
    exercises: str
    unit: str
    params: tuple[str, ...]
    result: str
    extra_args: tuple[int | float, ...] = ()

    @property
    def wasm_path(self) -> Path:
        return KERNEL_DIR / f"{self.name}.wasm"

    @property
    def c_path(self) -> Path:
        return KERNEL_DIR / f"{self.name}.c"

    @property
    def c_symbol(self) -> str:
        """The C function name; the wasm export is `name`."""
        return f"{self.name}_run"


KERNELS: tuple[Kernel, ...] = (
    Kernel("fib", "recursive calls", "fib(15) or fib(16)", ("i32",), "i32"),
    Kernel("collatz", "i64 integer loop", "16 Collatz trajectories",
           ("i32", "i64"), "i64", (1_000_001,)),
    Kernel("matmul", "memory loads/stores", "16x16 i32 matrix multiply", ("i32",), "i32"),
    Kernel("nbody", "f64 math", "8 steps of 5 bodies", ("i32", "f64"), "f64", (0.01,)),
    Kernel("sort", "sorting", "quicksort 256 i32", ("i32",), "i32"),
    Kernel("hash", "hashing", "CRC-32 + FNV-1a of 1 KiB", ("i32",), "i64"),
)

KERNELS_BY_NAME = {kernel.name: kernel for kernel in KERNELS}


def canonical(value: Any, result: str) -> int:
    """A checksum in one comparable form: integers as unsigned bit patterns
    (runtimes differ in returning them signed or unsigned), floats as their
    IEEE-754 bits (so equality is exact, -0.0 and all)."""
    if result == "i32":
        return int(value) & 0xFFFF_FFFF
    if result == "i64":
        return int(value) & 0xFFFF_FFFF_FFFF_FFFF
    if result == "f64":
        return struct.unpack("<Q", struct.pack("<d", float(value)))[0]
    raise ValueError(f"unsupported result type {result!r}")
