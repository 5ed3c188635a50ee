"""The ``spectest`` host module that spec scripts import from, as data.

The spec's reference interpreter provides it (``host/spectest.ml``); each
execution tier builds a live instance from this description.  The print
functions do nothing observable (printing is not checked by the scripts).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Union

from ..syntax.script import Const
from ..syntax.types import (F32, F64, FUNCREF, I32, I64, FuncType, GlobalType, Limits,
                            MemoryType, TableType, ValueType)

MODULE_NAME = "spectest"


def _f32_bits(value: float) -> int:
    return struct.unpack("<I", struct.pack("<f", value))[0]


def _f64_bits(value: float) -> int:
    return struct.unpack("<Q", struct.pack("<d", value))[0]


@dataclass(frozen=True)
class HostGlobal:
    """An immutable global with its initial value."""

    type: GlobalType
    value: Const


HostExtern = Union[FuncType, HostGlobal, TableType, MemoryType]


def _print(*params: ValueType) -> FuncType:
    return FuncType(params, ())


EXPORTS: dict[str, HostExtern] = {
    "print": _print(),
    "print_i32": _print(I32),
    "print_i64": _print(I64),
    "print_f32": _print(F32),
    "print_f64": _print(F64),
    "print_i32_f32": _print(I32, F32),
    "print_f64_f64": _print(F64, F64),
    "global_i32": HostGlobal(GlobalType(I32), Const(I32, 666)),
    "global_i64": HostGlobal(GlobalType(I64), Const(I64, 666)),
    "global_f32": HostGlobal(GlobalType(F32), Const(F32, _f32_bits(666.6))),
    "global_f64": HostGlobal(GlobalType(F64), Const(F64, _f64_bits(666.6))),
    "table": TableType(Limits(10, 20), FUNCREF),
    "memory": MemoryType(Limits(1, 2)),
}
"""Export name -> what it is: a function's type, a global, a table's or memory's type."""
