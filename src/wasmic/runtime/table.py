"""``Table``: a growable vector of references (funcref: ``Func`` or None;
externref: any object or None), a Python list grown in place."""

from __future__ import annotations

from typing import Any

from ..errors import WasmError
from ..syntax import types as syn
from .describe import describe
from .store import Store, check_store, owned_value, store_of
from .tier import tier_class
from .types import TableType

MAX_ELEMENTS = 10_000_000
"""Largest table this runtime builds (the spec lets growth fail at some
implementation limit; a list of 2**32 entries would exhaust memory)."""

_GROW_FAILED = 0xFFFFFFFF


class Table:
    """A table of type ``ty`` whose elements all start as ``init``."""

    __slots__ = ("_store", "_type", "_elements", "_max", "__weakref__")

    def __new__(cls, store: Any, ty: TableType, init: Any) -> Table:
        return object.__new__(tier_class(cls, store))

    def __init__(self, store: Any, ty: TableType, init: Any):
        if not isinstance(ty, TableType):
            raise TypeError(f"expected TableType, got {describe(ty)}")
        owner = store_of(store)
        syntax = ty._to_syntax()
        self._init(owner, syntax, owned_value(owner, syntax.elem, init))

    def _init(self, store: Store, ty: syn.TableType, init: Any) -> None:
        limits = ty.limits
        self._max = min(MAX_ELEMENTS, limits.max if limits.max is not None else MAX_ELEMENTS)
        store_limit = store._table_limit()
        if store_limit is not None:
            self._max = min(self._max, store_limit)
        if limits.min > self._max:
            raise WasmError(f"table minimum size of {limits.min} elements exceeds table limits")
        store._count("tables")
        self._store = store
        self._type = ty
        self._elements = [init] * limits.min

    @classmethod
    def _create(cls, store: Store, ty: syn.TableType, init: Any = None) -> Table:
        table = object.__new__(cls)
        table._init(store, ty, init)
        return table

    def _grow(self, delta: int, init: Any) -> int:
        """``table.grow``: the old size, or 0xFFFFFFFF if it cannot grow."""
        old = len(self._elements)
        if delta > self._max - old:
            return _GROW_FAILED
        self._elements.extend([init] * delta)
        return old

    def _current_type(self) -> syn.TableType:
        """The type with the current size as minimum (for import matching)."""
        return syn.TableType(syn.Limits(len(self._elements), self._type.limits.max), self._type.elem)

    # -- public API -----------------------------------------------------------------

    def type(self, store: Any) -> TableType:
        """The type of this table (its minimum is the declared one)."""
        check_store(self._store, store)
        return TableType._from_syntax(self._type)

    def size(self, store: Any) -> int:
        """The current number of elements."""
        check_store(self._store, store)
        return len(self._elements)

    def get(self, store: Any, idx: int) -> Any:
        """Element ``idx`` (a ``Func``, an object, or None); None past the end."""
        check_store(self._store, store)
        if not isinstance(idx, int):
            raise TypeError(f"expected an int index, got {describe(idx)}")
        if 0 <= idx < len(self._elements):
            return self._elements[idx]
        return None

    def set(self, store: Any, idx: int, val: Any) -> None:
        """Set element ``idx``; WasmError past the end or for a wrong value."""
        check_store(self._store, store)
        if not isinstance(idx, int):
            raise TypeError(f"expected an int index, got {describe(idx)}")
        value = owned_value(self._store, self._type.elem, val)
        if not 0 <= idx < len(self._elements):
            raise WasmError(f"table index {idx} out of bounds of a table of {len(self._elements)}")
        self._elements[idx] = value

    def grow(self, store: Any, amt: int, init: Any) -> int:
        """Add ``amt`` elements set to ``init``; the previous size.  WasmError if it cannot."""
        check_store(self._store, store)
        if not isinstance(amt, int) or amt < 0:
            raise WasmError(f"cannot grow a table by {describe(amt)}")
        old = self._grow(amt, owned_value(self._store, self._type.elem, init))
        if old == _GROW_FAILED:
            raise WasmError(f"failed to grow table by {amt} elements")
        return old
