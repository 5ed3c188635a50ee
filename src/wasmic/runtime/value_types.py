"""The public value, function and global types: ``ValType``, ``FuncType``
and ``GlobalType`` (see ``types`` for the conventions all public types
follow)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..errors import WasmError
from ..syntax import types as syn
from .describe import describe
from .type_base import SyntaxFace


class ValType:
    """The type of a WebAssembly value: i32, i64, f32, f64, v128, funcref or
    externref.  Made by the class methods (never directly); each kind is one
    shared instance, compared and hashed by kind."""

    __slots__ = ("_kind",)
    _kind: syn.ValueType

    def __init__(self) -> None:
        raise WasmError("cannot construct directly: use ValType.i32(), ValType.f64(), ...")

    @classmethod
    def i32(cls) -> ValType:
        """The 32-bit integer type."""
        return VALTYPES[syn.I32]

    @classmethod
    def i64(cls) -> ValType:
        """The 64-bit integer type."""
        return VALTYPES[syn.I64]

    @classmethod
    def f32(cls) -> ValType:
        """The 32-bit float type."""
        return VALTYPES[syn.F32]

    @classmethod
    def f64(cls) -> ValType:
        """The 64-bit float type."""
        return VALTYPES[syn.F64]

    @classmethod
    def v128(cls) -> ValType:
        """The 128-bit SIMD vector type (values are ints in 0..2**128-1)."""
        return VALTYPES[syn.V128]

    @classmethod
    def externref(cls) -> ValType:
        """A reference to any host (Python) object, or null."""
        return VALTYPES[syn.EXTERNREF]

    @classmethod
    def funcref(cls) -> ValType:
        """A reference to a function, or null."""
        return VALTYPES[syn.FUNCREF]

    @classmethod
    def _from_syntax(cls, kind: syn.ValueType) -> ValType:
        """The public face of an internal value type."""
        try:
            return VALTYPES[kind]
        except (KeyError, TypeError):
            raise TypeError(f"expected a wasmic.syntax ValueType, got {describe(kind)}") from None

    def _to_syntax(self) -> syn.ValueType:
        return self._kind

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ValType) and other._kind is self._kind

    def __hash__(self) -> int:
        return hash(self._kind)

    def __str__(self) -> str:
        return self._kind.value

    __repr__ = __str__

    def __reduce__(self) -> tuple:
        return (ValType._from_syntax, (self._kind,))


def _make_valtype(kind: syn.ValueType) -> ValType:
    valtype = object.__new__(ValType)
    valtype._kind = kind
    return valtype


VALTYPES: dict[syn.ValueType, ValType] = {kind: _make_valtype(kind) for kind in syn.ValueType}
"""The one ``ValType`` of each internal value type."""


def check_valtype(value: Any, what: str = "valtype") -> ValType:
    """``value``, which must be a ``ValType`` (``TypeError`` naming ``what`` if not)."""
    if not isinstance(value, ValType):
        raise TypeError(f"expected {what}, got {describe(value)}")
    return value


def _valtype_list(values: Any, role: str) -> tuple[syn.ValueType, ...]:
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise TypeError(f"FuncType {role} must be a list of ValType, got {describe(values)}")
    return tuple(check_valtype(v, "ValType")._kind for v in values)


class FuncType(SyntaxFace):
    """A function signature: the types of its parameters and results."""

    __slots__ = ()
    _ty: syn.FuncType

    def __init__(self, params: Iterable[ValType], results: Iterable[ValType]):
        self._ty = syn.FuncType(_valtype_list(params, "params"), _valtype_list(results, "results"))

    @property
    def params(self) -> list[ValType]:
        """The parameter types, in order."""
        return [VALTYPES[k] for k in self._ty.params]

    @property
    def results(self) -> list[ValType]:
        """The result types, in order."""
        return [VALTYPES[k] for k in self._ty.results]

    def __repr__(self) -> str:
        return f"FuncType({self.params}, {self.results})"


class GlobalType(SyntaxFace):
    """The type of a global: its value type and whether it may be set."""

    __slots__ = ()
    _ty: syn.GlobalType

    def __init__(self, valtype: ValType, mutable: bool):
        self._ty = syn.GlobalType(check_valtype(valtype)._kind, bool(mutable))

    @property
    def content(self) -> ValType:
        """The type of the value the global holds."""
        return VALTYPES[self._ty.value]

    @property
    def mutable(self) -> bool:
        """Whether the global may be set after creation."""
        return self._ty.mutable

    def __repr__(self) -> str:
        return f"GlobalType({self.content}, mutable={self.mutable})"
