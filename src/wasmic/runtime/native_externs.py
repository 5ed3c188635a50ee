"""Memories, tables and globals of the native tier: the public ``Memory``,
``Table`` and ``Global`` over the native runtime's objects (``_native``),
which compiled code addresses directly.

Each class overrides only what reads the state: the public methods keep
their checks and messages.  A native memory is shared zero-copy through
the buffer protocol; its storage never moves when it grows (see
``backend.native``), so views stay valid.  These objects can be imported
by native instances only: the Python tier's code works on a bytearray, a
list and a Python attribute, and instantiating it with a native one raises
a ``WasmError`` saying so (``check_same_tier``).
"""

from __future__ import annotations

from typing import Any

from ..errors import WasmError
from ..syntax import types as syn
from .describe import describe
from .global_ import Global
from .memory import Memory
from .store import Store, check_store, owned_value, store_of
from .table import Table
from .types import GlobalType, MemoryType, TableType
from .values import from_wasm

_GROW_FAILED = 0xFFFFFFFF


def _rt(name: str) -> type:
    from ..backend.native import runtime_types

    return runtime_types()[name]


class _NativeBacked:
    """What the three share: the store, the declared type, the native object."""

    __slots__ = ()

    def _adopt(self, store: Store, ty: Any, native: Any) -> None:
        self._store, self._type, self._native = store, ty, native

    @classmethod
    def _wrap(cls, store: Store, ty: Any, native: Any) -> Any:
        """The public object over an existing native one (an instance's export)."""
        extern = object.__new__(cls)
        extern._adopt(store, ty, native)
        return extern


class NativeMemory(_NativeBacked, Memory):
    """A linear memory of the native tier."""

    __slots__ = ("_native",)

    def __init__(self, store: Any, ty: MemoryType):
        if not isinstance(ty, MemoryType):
            raise TypeError(f"expected MemoryType, got {describe(ty)}")
        owner = store_of(store)
        syntax = ty._to_syntax()
        if syntax.limits.min > syn.MAX_PAGES:
            raise WasmError(f"memory minimum size of {syntax.limits.min} pages exceeds memory limits")
        native = _rt("Memory")(syntax.limits.min, syntax.limits.max, owner._cells)
        owner._count("memories")
        self._adopt(owner, syntax, native)

    def _pages(self) -> int:
        return self._native.pages

    def _buffer(self) -> memoryview:
        return memoryview(self._native)

    def _grow_pages(self, delta: int) -> int:
        old = self._native.grow(delta)
        return _GROW_FAILED if old < 0 else old

    def _current_type(self) -> syn.MemoryType:
        return syn.MemoryType(syn.Limits(self._native.pages, self._type.limits.max), self._type.shared)


class NativeTable(_NativeBacked, Table):
    """A table of the native tier; function references cross through the
    store's ``NativeFuncs``."""

    __slots__ = ("_native",)

    def __init__(self, store: Any, ty: TableType, init: Any):
        if not isinstance(ty, TableType):
            raise TypeError(f"expected TableType, got {describe(ty)}")
        owner = store_of(store)
        syntax = ty._to_syntax()
        value = _owned_native(owner, syntax.elem, init)
        limits = syntax.limits
        if limits.min > _U32_MAX:
            raise WasmError(f"table minimum size of {limits.min} elements exceeds table limits")
        native = _rt("Table")(str(syntax.elem), limits.min, limits.max, value, owner._cells)
        owner._count("tables")
        self._adopt(owner, syntax, native)

    def _current_type(self) -> syn.TableType:
        return syn.TableType(syn.Limits(self._native.size, self._type.limits.max), self._type.elem)

    def size(self, store: Any) -> int:
        """The current number of elements."""
        check_store(self._store, store)
        return self._native.size

    def get(self, store: Any, idx: int) -> Any:
        """Element ``idx`` (a ``Func``, an object, or None); None past the end."""
        check_store(self._store, store)
        if not isinstance(idx, int):
            raise TypeError(f"expected an int index, got {describe(idx)}")
        if not 0 <= idx < self._native.size:
            return None
        return _from_native(self._store, self._type.elem, self._native.get(idx))

    def set(self, store: Any, idx: int, val: Any) -> None:
        """Set element ``idx``; WasmError past the end or for a wrong value."""
        check_store(self._store, store)
        if not isinstance(idx, int):
            raise TypeError(f"expected an int index, got {describe(idx)}")
        value = _owned_native(self._store, self._type.elem, val)
        size = self._native.size
        if not 0 <= idx < size:
            raise WasmError(f"table index {idx} out of bounds of a table of {size}")
        self._native.set(idx, value)

    def grow(self, store: Any, amt: int, init: Any) -> int:
        """Add ``amt`` elements set to ``init``; the previous size.  WasmError if it cannot."""
        check_store(self._store, store)
        if not isinstance(amt, int) or amt < 0:
            raise WasmError(f"cannot grow a table by {describe(amt)}")
        value = _owned_native(self._store, self._type.elem, init)
        old = self._native.grow(amt, value)
        if old < 0:
            raise WasmError(f"failed to grow table by {amt} elements")
        return old


class NativeGlobal(_NativeBacked, Global):
    """A global of the native tier: one cell shared by every instance using it."""

    __slots__ = ("_native",)

    def __init__(self, store: Any, ty: GlobalType, val: Any):
        if not isinstance(ty, GlobalType):
            raise TypeError(f"expected GlobalType, got {describe(ty)}")
        owner = store_of(store)
        syntax = ty._to_syntax()
        value = _owned_native(owner, syntax.value, val)
        self._adopt(owner, syntax, _rt("Global")(str(syntax.value), syntax.mutable, value))

    def value(self, store: Any) -> Any:
        """The current value, as a Python value."""
        check_store(self._store, store)
        return _from_native(self._store, self._type.value, self._native.value)

    def set_value(self, store: Any, val: Any) -> None:
        """Change the value; WasmError if the global is immutable."""
        check_store(self._store, store)
        if not self._type.mutable:
            raise WasmError("cannot set the value of an immutable global")
        kind = self._type.value
        self._native.value = _owned_native(self._store, kind, val)


_U32_MAX = 2**32 - 1

NATIVE_VARIANTS: dict[type, type] = {Memory: NativeMemory, Table: NativeTable, Global: NativeGlobal}
"""Public class -> its native variant (``tier.tier_class``)."""


def _owned_native(store: Store, kind: syn.ValueType, value: Any) -> Any:
    """A public value of type ``kind``, to be kept by a native object of
    ``store``, as native code takes it (a funcref as its native reference)."""
    value = owned_value(store, kind, value)
    if kind == syn.FUNCREF:
        return store._native_funcs.native(value)
    return value


def _from_native(store: Store, kind: syn.ValueType, value: Any) -> Any:
    """A value native code gave as a public value."""
    if kind == syn.FUNCREF:
        return store._native_funcs.public(value)
    return from_wasm(kind)(value)


def check_same_tier(value: Any, native: bool, where: str) -> None:
    """Memories, tables and globals cannot cross tiers: raise WasmError naming
    the import ``where`` when ``value`` is of the other tier than the instance."""
    for public, variant in NATIVE_VARIANTS.items():
        if isinstance(value, public) and isinstance(value, variant) != native:
            mine, theirs = ("native", "Python") if native else ("Python", "native")
            raise WasmError(f"import {where}: a {public.__name__.lower()} of the {theirs} tier "
                            f"cannot be used by a module running on the {mine} tier (memories, "
                            "tables and globals do not cross tiers; compile both modules with "
                            "the same Config.strategy)")
