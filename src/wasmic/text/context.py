"""Symbolic index spaces: the identifier context of the text format.

Every index space (types, functions, tables, memories, globals, element and
data segments, and per function the locals and labels) maps ``$names`` to
indices.  A reference is either a number, kept as is even when out of range
(validation reports that), or an identifier, which must be bound
("unknown function $f" is malformed text, not an invalid module).
"""

from __future__ import annotations

from ..syntax.types import FuncType
from .cursor import Cursor


class IndexSpace:
    """One index space: its size so far and the identifiers bound in it."""

    __slots__ = ("kind", "what", "count", "names")

    def __init__(self, kind: str, what: str | None = None):
        self.kind = kind  # the spec's words in messages: "duplicate func $f" ...
        self.what = what or kind  # ... and "unknown function $f"
        self.count = 0
        self.names: dict[str, int] = {}

    def declare(self, name: str | None, c: Cursor, offset: int | None = None) -> int:
        """Add an entry, binding ``name`` if given; returns its index."""
        if name is not None:
            if name in self.names:
                raise c.error(f"duplicate {self.kind} {name}", offset)
            self.names[name] = self.count
        self.count += 1
        return self.count - 1

    def resolve(self, c: Cursor) -> int:
        """Read a reference (``$name`` or a u32) to this space."""
        item = c.peek()
        if type(item) is str and item[0] == "$":
            index = self.names.get(item)
            if index is None:
                raise c.error(f"unknown {self.what} {item}")
            c.i += 1
            return index
        if type(item) is str and "0" <= item[0] <= "9":
            return c.nat()
        raise c.unexpected()


class ModuleContext:
    """The index spaces of a module and its list of function types.

    Explicit type definitions are all known before anything refers to them;
    a type use without ``(type x)`` reuses the first equal type or appends an
    implicit definition, in the order the uses appear.
    """

    def __init__(self) -> None:
        self.types_space = IndexSpace("type")
        self.funcs = IndexSpace("func", "function")
        self.tables = IndexSpace("table")
        self.mems = IndexSpace("memory")
        self.globals = IndexSpace("global")
        self.elems = IndexSpace("elem", "elem segment")
        self.datas = IndexSpace("data", "data segment")
        self.types: list[FuncType] = []
        self._type_index: dict[FuncType, int] = {}
        self.uses_data_count = False  # memory.init or data.drop seen

    def define_type(self, name: str | None, func_type: FuncType, c: Cursor, offset: int) -> None:
        """An explicit ``(type $t (func ...))`` definition."""
        self.types_space.declare(name, c, offset)
        self._type_index.setdefault(func_type, len(self.types))
        self.types.append(func_type)

    def implicit_type(self, func_type: FuncType) -> int:
        """The index of the first type equal to ``func_type``, appending it if new."""
        index = self._type_index.get(func_type)
        if index is None:
            index = len(self.types)
            self._type_index[func_type] = index
            self.types.append(func_type)
        return index


class FuncContext:
    """Per-function identifiers: locals (parameters first) and the label stack."""

    def __init__(self, module: ModuleContext):
        self.module = module
        self.locals = IndexSpace("local")
        self.labels: list[str | None] = []  # innermost last

    def resolve_label(self, c: Cursor) -> int:
        """A branch target: a relative depth, or ``$l`` of an enclosing block."""
        item = c.peek()
        if type(item) is str and item[0] == "$":
            for depth, name in enumerate(reversed(self.labels)):
                if name == item:
                    c.i += 1
                    return depth
            raise c.error(f"unknown label {item}")
        return c.nat()
