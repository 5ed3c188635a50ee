"""``TagType`` and ``Tag``: exception tags of the exception-handling
proposal, with wasmtime-py's names.

wasmic runs WebAssembly 2.0, whose modules have no tags, so a ``Tag`` is a
host-made value only: it has a type and a store, and belongs to no module.
"""

from __future__ import annotations

from typing import Any

from .describe import describe
from .store import check_store, store_of
from .type_base import Structural
from .types import FuncType


class TagType(Structural):
    """The type of a tag: the function type of its payload (its params)."""

    __slots__ = ("_functype",)

    def __init__(self, functype: FuncType):
        if not isinstance(functype, FuncType):
            raise TypeError(f"expected FuncType, got {describe(functype)}")
        self._functype = functype

    @property
    def functype(self) -> FuncType:
        """The function type describing the tag's payload."""
        return self._functype

    def _key(self) -> Any:
        return self._functype

    def __repr__(self) -> str:
        return f"TagType({self._functype!r})"


class Tag:
    """``Tag(store, ty)``: a new tag of type ``ty`` in ``store``."""

    __slots__ = ("_store", "_type")

    def __init__(self, store: Any, ty: TagType):
        if not isinstance(ty, TagType):
            raise TypeError(f"expected TagType, got {describe(ty)}")
        self._store = store_of(store)
        self._type = ty

    def type(self, store: Any) -> TagType:
        """The type of this tag."""
        check_store(self._store, store)
        return self._type
