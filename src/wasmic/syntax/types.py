"""WebAssembly types: value types, function types, limits, and the types of
tables, memories and globals.  Plain immutable data, no behaviour."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class ValueType(str, enum.Enum):
    """A value type; the string value is its text-format name."""

    I32 = "i32"
    I64 = "i64"
    F32 = "f32"
    F64 = "f64"
    V128 = "v128"
    FUNCREF = "funcref"
    EXTERNREF = "externref"

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return self.value

    @property
    def is_num(self) -> bool:
        return self in NUM_TYPES

    @property
    def is_ref(self) -> bool:
        return self is ValueType.FUNCREF or self is ValueType.EXTERNREF


I32, I64, F32, F64, V128 = ValueType.I32, ValueType.I64, ValueType.F32, ValueType.F64, ValueType.V128
FUNCREF, EXTERNREF = ValueType.FUNCREF, ValueType.EXTERNREF
NUM_TYPES = frozenset({I32, I64, F32, F64})

# Binary encodings of value types (and, for reference types, of the heap type).
VALUE_TYPE_CODES: dict[ValueType, int] = {
    I32: 0x7F, I64: 0x7E, F32: 0x7D, F64: 0x7C, V128: 0x7B, FUNCREF: 0x70, EXTERNREF: 0x6F,
}
VALUE_TYPE_BY_CODE: dict[int, ValueType] = {code: t for t, code in VALUE_TYPE_CODES.items()}


@dataclass(frozen=True)
class FuncType:
    """The signature of a function: parameter and result types."""

    params: tuple[ValueType, ...] = ()
    results: tuple[ValueType, ...] = ()

    def __str__(self) -> str:
        return f"[{' '.join(map(str, self.params))}] -> [{' '.join(map(str, self.results))}]"


@dataclass(frozen=True)
class Limits:
    """Size bounds of a memory (in pages) or a table (in elements)."""

    min: int
    max: int | None = None


@dataclass(frozen=True)
class TableType:
    limits: Limits
    elem: ValueType  # FUNCREF or EXTERNREF


@dataclass(frozen=True)
class MemoryType:
    limits: Limits
    shared: bool = False  # threads proposal; always False in Wasm 2.0


@dataclass(frozen=True)
class GlobalType:
    value: ValueType
    mutable: bool = False


class ExternKind(enum.IntEnum):
    """What an import or export refers to; the values are the binary codes."""

    FUNC = 0
    TABLE = 1
    MEMORY = 2
    GLOBAL = 3

    def __str__(self) -> str:
        return self.name.lower()


PAGE_SIZE = 65536
MAX_PAGES = 65536  # 4 GiB of 32-bit linear memory
