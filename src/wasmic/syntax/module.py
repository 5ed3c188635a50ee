"""The module: the abstract syntax every phase shares.

Plain dataclasses, as in the spec's "Modules" chapter, with every index space
kept in its binary order.  Function bodies and constant expressions are flat
lists of instruction tuples (see ``opcodes``) ending with ``end``.  Decoding
and text parsing both produce this; encoding and validation consume it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence, Union

from .types import ExternKind, FuncType, GlobalType, MemoryType, TableType, ValueType

Instr = tuple
"""``(op, *immediates)``; see ``opcodes`` for the layouts."""

Expr = list
"""A list of instructions ending with ``end``."""

ImportDesc = Union[int, TableType, MemoryType, GlobalType]
"""Type index for functions, else the table, memory or global type."""


@dataclass
class Import:
    module: str
    name: str
    kind: ExternKind
    desc: ImportDesc


@dataclass
class Export:
    name: str
    kind: ExternKind
    index: int


@dataclass
class Func:
    """A function defined in the module (imports are not in this list)."""

    type_index: int
    locals: tuple[ValueType, ...]  # declared locals, not parameters, one entry each
    body: Expr
    # Byte offset of each instruction of ``body`` in the module binary, for
    # errors and backtraces; None when the module came from text.  The
    # decoder stores a ``binary.offsets.BodyOffsets``, computed on first use:
    # index or iterate it, don't compare it with a list.
    offsets: Sequence[int] | None = field(default=None, compare=False, repr=False)
    # Byte offset where the function's code (its locals declarations) starts
    # in the binary: what a backtrace's ``func_offset`` counts from, as in
    # wasmtime.  None when the module came from text.
    code_start: int | None = field(default=None, compare=False, repr=False)


@dataclass
class Table:
    type: TableType


@dataclass
class Memory:
    type: MemoryType


@dataclass
class Global:
    type: GlobalType
    init: Expr


@dataclass
class ElemMode:
    """How an element segment is used: ``passive``, ``active`` or ``declarative``."""

    kind: str
    table: int = 0  # active only
    offset: Expr | None = None  # active only


@dataclass
class Elem:
    type: ValueType  # FUNCREF or EXTERNREF
    init: list[Expr]  # one constant expression per element
    mode: ElemMode


@dataclass
class DataMode:
    """How a data segment is used: ``passive`` or ``active``."""

    kind: str
    memory: int = 0  # active only
    offset: Expr | None = None  # active only


@dataclass
class Data:
    init: bytes
    mode: DataMode


@dataclass
class CustomSection:
    """A custom section, kept verbatim with where it sat.

    ``after`` is the id of the last non-custom section before it (0 when it
    precedes them all), so encoding puts it back in the same place.
    """

    name: str
    data: bytes
    after: int = 0


@dataclass
class Names:
    """Contents of the ``name`` custom section (debug names)."""

    module: str | None = None
    funcs: dict[int, str] = field(default_factory=dict)
    locals: dict[int, dict[int, str]] = field(default_factory=dict)


@dataclass
class Module:
    types: list[FuncType] = field(default_factory=list)
    imports: list[Import] = field(default_factory=list)
    funcs: list[Func] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    mems: list[Memory] = field(default_factory=list)
    globals: list[Global] = field(default_factory=list)
    exports: list[Export] = field(default_factory=list)
    start: int | None = None
    elems: list[Elem] = field(default_factory=list)
    datas: list[Data] = field(default_factory=list)
    # The data count section's value when present (required by memory.init
    # and data.drop); None when absent.
    data_count: int | None = None
    customs: list[CustomSection] = field(default_factory=list)
    # Parsed from the "name" custom section when it is well formed, or from
    # text identifiers; not part of equality (the custom section is).
    names: Names = field(default_factory=Names, compare=False)

    def imported(self, kind: ExternKind) -> list[Import]:
        """The imports of one kind, in index-space order."""
        return [imp for imp in self.imports if imp.kind == kind]

    def func_type(self, func_index: int) -> FuncType:
        """The type of a function in the function index space (imports first)."""
        imported = self.imported(ExternKind.FUNC)
        if func_index < len(imported):
            return self.types[imported[func_index].desc]
        return self.types[self.funcs[func_index - len(imported)].type_index]
