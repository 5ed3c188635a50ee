"""The public types of what has a size: ``Limits``, and the ``MemoryType``
and ``TableType`` they bound (see ``types`` for the conventions all public
types follow)."""

from __future__ import annotations

import operator
from typing import Any

from ..errors import WasmError
from ..syntax import types as syn
from .describe import describe
from .type_base import Structural, SyntaxFace
from .value_types import VALTYPES, ValType, check_valtype

_U32_MAX = 2**32 - 1


def _limit(value: Any, what: str) -> int:
    try:
        number = operator.index(value)
    except TypeError:
        raise TypeError(f"Limits {what} must be an int, got {describe(value)}") from None
    if number < 0:
        raise WasmError(f"Limits {what} must not be negative, got {number}")
    return number


class Limits(Structural):
    """Size bounds of a memory (in pages) or a table (in elements); ``max``
    is None when unbounded."""

    __slots__ = ("_min", "_max")

    def __init__(self, min: int, max: int | None = None):
        self._min = _limit(min, "min")
        self._max = None if max is None else _limit(max, "max")

    @property
    def min(self) -> int:
        """The initial (minimum) size."""
        return self._min

    @property
    def max(self) -> int | None:
        """The maximum size, or None if there is none."""
        return self._max

    @classmethod
    def _from_syntax(cls, limits: syn.Limits) -> Limits:
        return cls(limits.min, limits.max)

    def _to_syntax(self) -> syn.Limits:
        return syn.Limits(self._min, self._max)

    def _check(self, largest: int, what: str) -> None:
        """Raise if these limits cannot bound a ``what`` of at most ``largest``."""
        if self._min > largest:
            raise WasmError(f"minimum size is too large for this {what} type's index type")
        if self._max is not None:
            if self._max > largest:
                raise WasmError(f"maximum size is too large for this {what} type's index type")
            if self._max < self._min:
                raise WasmError(f"maximum {what} size cannot be smaller than the minimum {what} size")

    def _key(self) -> tuple:
        return (self._min, self._max)

    def __repr__(self) -> str:
        return f"Limits({self._min}, {self._max})"


def _check_limits(limits: Any) -> Limits:
    if not isinstance(limits, Limits):
        raise TypeError(f"expected Limits, got {describe(limits)}")
    return limits


class MemoryType(Structural):
    """The type of a linear memory: size limits in pages, and whether it is
    64-bit, shared, or uses a custom page size (1 byte instead of 64 KiB).

    Only 32-bit memories with 64 KiB pages are part of WebAssembly 2.0;
    the other kinds can be described but not created (``_to_syntax``
    rejects them)."""

    __slots__ = ("_limits", "_is_64", "_shared", "_page_size_log2")

    def __init__(self, limits: Limits, is_64: bool = False, shared: bool = False,
                 page_size_log2: int = 16):
        _check_limits(limits)
        if type(page_size_log2) is not int:
            raise TypeError(f"page_size_log2 must be an int, got {describe(page_size_log2)}")
        if page_size_log2 not in (0, 16):
            raise WasmError(f"page size must be 2**16 or 2**0, but was given 2**{page_size_log2}")
        address_bits = 64 if is_64 else 32
        limits._check(2 ** (address_bits - page_size_log2), "memory")
        if shared and limits.max is None:
            raise WasmError("shared memories must have a maximum size")
        self._limits = limits
        self._is_64 = bool(is_64)
        self._shared = bool(shared)
        self._page_size_log2 = page_size_log2

    @property
    def limits(self) -> Limits:
        """The size bounds, in pages."""
        return self._limits

    @property
    def minimum(self) -> int:
        """The initial size, in pages."""
        return self._limits.min

    @property
    def maximum(self) -> int | None:
        """The maximum size in pages, or None if unbounded."""
        return self._limits.max

    @property
    def is_64(self) -> bool:
        """Whether addresses are 64-bit (the memory64 proposal)."""
        return self._is_64

    @property
    def is_shared(self) -> bool:
        """Whether the memory may be shared between threads."""
        return self._shared

    @property
    def page_size(self) -> int:
        """Bytes per page: 65536, or 1 with the custom-page-sizes proposal."""
        return 1 << self._page_size_log2

    @property
    def page_size_log2(self) -> int:
        """The base-2 logarithm of ``page_size``."""
        return self._page_size_log2

    @classmethod
    def _from_syntax(cls, ty: syn.MemoryType) -> MemoryType:
        return cls(Limits._from_syntax(ty.limits), shared=ty.shared)

    def _to_syntax(self) -> syn.MemoryType:
        if self._is_64:
            raise WasmError("64-bit memories (the memory64 proposal) are not supported")
        if self._page_size_log2 != 16:
            raise WasmError("custom page sizes are not supported")
        return syn.MemoryType(self._limits._to_syntax(), self._shared)

    def _key(self) -> tuple:
        return (self._limits, self._is_64, self._shared, self._page_size_log2)

    def __repr__(self) -> str:
        extras = "".join(f", {name}=True" for name, on in
                         (("is_64", self._is_64), ("shared", self._shared)) if on)
        if self._page_size_log2 != 16:
            extras += f", page_size_log2={self._page_size_log2}"
        return f"MemoryType({self._limits!r}{extras})"


class TableType(SyntaxFace):
    """The type of a table: its element (reference) type and size limits."""

    __slots__ = ()
    _ty: syn.TableType

    def __init__(self, valtype: ValType, limits: Limits):
        kind = check_valtype(valtype)._kind
        _check_limits(limits)._check(_U32_MAX, "table")
        if not kind.is_ref:
            raise WasmError(f"table elements must be a reference type (funcref or externref), "
                            f"not {kind}")
        self._ty = syn.TableType(limits._to_syntax(), kind)

    @property
    def element(self) -> ValType:
        """The type of the table's elements."""
        return VALTYPES[self._ty.elem]

    @property
    def limits(self) -> Limits:
        """The size bounds, in elements."""
        return Limits._from_syntax(self._ty.limits)

    def __repr__(self) -> str:
        return f"TableType({self.element}, {self.limits!r})"
