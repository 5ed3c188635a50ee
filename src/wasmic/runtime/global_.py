"""``Global``: a global variable, holding its value in internal form."""

from __future__ import annotations

from typing import Any

from ..errors import WasmError
from ..syntax import types as syn
from .describe import describe
from .store import Store, check_store, owned_value, store_of
from .tier import tier_class
from .types import GlobalType
from .values import from_wasm


class Global:
    """A global of type ``ty`` starting at ``val`` (a Python value)."""

    __slots__ = ("_store", "_type", "_value", "__weakref__")

    def __new__(cls, store: Any, ty: GlobalType, val: Any) -> Global:
        return object.__new__(tier_class(cls, store))

    def __init__(self, store: Any, ty: GlobalType, val: Any):
        if not isinstance(ty, GlobalType):
            raise TypeError(f"expected GlobalType, got {describe(ty)}")
        owner = store_of(store)
        syntax = ty._to_syntax()
        self._store = owner
        self._type = syntax
        self._value = owned_value(owner, syntax.value, val)

    @classmethod
    def _create(cls, store: Store, ty: syn.GlobalType, value: Any) -> Global:
        glob = object.__new__(cls)
        glob._store = store
        glob._type = ty
        glob._value = value
        return glob

    def type(self, store: Any) -> GlobalType:
        """The type of this global."""
        check_store(self._store, store)
        return GlobalType._from_syntax(self._type)

    def value(self, store: Any) -> Any:
        """The current value, as a Python value."""
        check_store(self._store, store)
        return from_wasm(self._type.value)(self._value)

    def set_value(self, store: Any, val: Any) -> None:
        """Change the value; WasmError if the global is immutable."""
        check_store(self._store, store)
        if not self._type.mutable:
            raise WasmError("cannot set the value of an immutable global")
        self._value = owned_value(self._store, self._type.value, val)
