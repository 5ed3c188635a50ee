"""Values at the boundary between Python and wasm: the public ``Val`` and
the converters the runtime and the backends call on every crossing.

Two representations meet here:

* **public** (what users pass and get back): i32/i64 are Python ints,
  returned signed and accepted signed or unsigned (i32 in -2**31..2**32-1,
  i64 likewise, ``WasmError`` outside); f32/f64 are floats (ints and other
  ``__float__`` objects accepted), f32 rounded to single precision; v128 is
  an int, returned in 0..2**128-1; funcref is a ``Func`` or None; externref
  any Python object or None.  A ``Val`` of the right type is accepted too.
* **internal** (what backends compute with): i32/i64/v128 are unsigned bit
  patterns, f32/f64 Python floats (f32 already rounded), references the
  object itself or None (funcrefs as the runtime chooses, see
  ``register_funcref``).

A wrong Python type raises ``TypeError`` (as wasmtime-py does), a value out
of range ``WasmError``.  Converters for a whole signature are generated
Python code, built once per signature and cached, with the common case (an
exact ``int``/``float`` in range) inlined.
"""

from __future__ import annotations

import math
import operator
import struct
from collections.abc import Callable, Sequence
from typing import Any

from ..errors import WasmError
from ..syntax.types import EXTERNREF, F32, F64, FUNCREF, I32, I64, V128, ValueType
from .describe import describe
from .types import ValType

Converter = Callable[[Any], Any]

_BITS = {I32: 32, I64: 64, V128: 128}
_F32 = struct.Struct("<f")


# --- funcref hook ------------------------------------------------------------

_func_class: type | None = None


def _identity(value: Any) -> Any:
    return value


_funcref_to_wasm: Converter = _identity
_funcref_from_wasm: Converter = _identity


def register_funcref(func_class: type, to_wasm: Converter = _identity,
                     from_wasm: Converter = _identity) -> None:
    """Tell the converters what a funcref is: instances of ``func_class``
    (the runtime's ``Func``), mapped to and from the internal form a backend
    keeps in tables and passes around (by default the ``Func`` itself)."""
    global _func_class, _funcref_to_wasm, _funcref_from_wasm
    _func_class, _funcref_to_wasm, _funcref_from_wasm = func_class, to_wasm, from_wasm


# --- one value: public -> internal ---------------------------------------------

def _unwrap(val: Val, kind: ValueType) -> Any:
    if val._type._kind is not kind:
        raise TypeError(f"wrong type of `Val` provided: expected {kind}, got {val._type}")
    return val._val


def _out_of_range(value: int, kind: ValueType) -> WasmError:
    bits = _BITS[kind]
    low = -(1 << (bits - 1))
    return WasmError(f"{describe(value)} is out of range for {kind} "
                     f"(expected {low}..{(1 << bits) - 1})")


def _integer(value: Any, kind: ValueType) -> int:
    if isinstance(value, Val):
        return _unwrap(value, kind)
    if isinstance(value, float) or not hasattr(type(value), "__index__"):
        raise TypeError(f"expected an int for {kind}, got {describe(value)}")
    return operator.index(value)


def _wrapping(kind: ValueType) -> Converter:
    bits = _BITS[kind]
    low, high, mask = -(1 << (bits - 1)), (1 << bits) - 1, (1 << bits) - 1

    def to_wasm(value: Any) -> int:
        if type(value) is not int:
            value = _integer(value, kind)
        if low <= value <= high:
            return value & mask
        raise _out_of_range(value, kind)

    to_wasm.__name__ = f"{kind}_to_wasm"
    to_wasm.__doc__ = f"A public {kind} value as its unsigned bit pattern."
    return to_wasm


i32_to_wasm = _wrapping(I32)
i64_to_wasm = _wrapping(I64)
v128_to_wasm = _wrapping(V128)


def _floating(value: Any, kind: ValueType) -> float:
    if isinstance(value, Val):
        return _unwrap(value, kind)
    if isinstance(value, (str, bytes)) or not hasattr(type(value), "__float__"):
        raise TypeError(f"expected a float for {kind}, got {describe(value)}")
    try:
        return float(value)
    except OverflowError:
        raise WasmError(f"{describe(value)} is out of range for {kind}") from None
    except (TypeError, ValueError) as error:
        raise TypeError(f"expected a float for {kind}, got {describe(value)}: {error}") from None


def round_f32(value: float) -> float:
    """``value`` rounded to the nearest single-precision float (to infinity
    when beyond the largest one, as the hardware does)."""
    try:
        return _F32.unpack(_F32.pack(value))[0]
    except OverflowError:
        return math.copysign(math.inf, value)


def f32_to_wasm(value: Any) -> float:
    """A public f32 value as a float rounded to single precision."""
    return round_f32(value if type(value) is float else _floating(value, F32))


def f64_to_wasm(value: Any) -> float:
    """A public f64 value as a float."""
    return value if type(value) is float else _floating(value, F64)


def funcref_to_wasm(value: Any) -> Any:
    """A ``Func`` (or None) as the runtime's internal funcref."""
    if isinstance(value, Val):
        value = _unwrap(value, FUNCREF)
    if value is None:
        return None
    if _func_class is not None and isinstance(value, _func_class):
        return _funcref_to_wasm(value)
    raise TypeError(f"expected a Func or None for funcref, got {describe(value)}")


def externref_to_wasm(value: Any) -> Any:
    """Any object (or None for null) as an externref; a ``Val`` is unwrapped."""
    return _unwrap(value, EXTERNREF) if isinstance(value, Val) else value


# --- one value: internal -> public ---------------------------------------------

def _signing(kind: ValueType) -> Converter:
    bits = _BITS[kind]
    sign, modulus = 1 << (bits - 1), 1 << bits

    def from_wasm(value: int) -> int:
        return value - modulus if value >= sign else value

    from_wasm.__name__ = f"{kind}_from_wasm"
    from_wasm.__doc__ = f"An internal {kind} bit pattern as a signed int."
    return from_wasm


i32_from_wasm = _signing(I32)
i64_from_wasm = _signing(I64)


def funcref_from_wasm(value: Any) -> Any:
    """An internal funcref as a ``Func`` (or None)."""
    return None if value is None else _funcref_from_wasm(value)


_TO_WASM: dict[ValueType, Converter] = {
    I32: i32_to_wasm, I64: i64_to_wasm, F32: f32_to_wasm, F64: f64_to_wasm,
    V128: v128_to_wasm, FUNCREF: funcref_to_wasm, EXTERNREF: externref_to_wasm,
}
_FROM_WASM: dict[ValueType, Converter] = {
    I32: i32_from_wasm, I64: i64_from_wasm, F32: _identity, F64: _identity,
    V128: _identity, FUNCREF: funcref_from_wasm, EXTERNREF: _identity,
}


def _kind(ty: ValueType | ValType) -> ValueType:
    if isinstance(ty, ValType):
        return ty._kind
    if isinstance(ty, ValueType):
        return ty
    raise TypeError(f"expected a value type, got {describe(ty)}")


def to_wasm(ty: ValueType | ValType) -> Converter:
    """The converter of one public value of type ``ty`` to its internal form."""
    return _TO_WASM[_kind(ty)]


def from_wasm(ty: ValueType | ValType) -> Converter:
    """The converter of one internal value of type ``ty`` to its public form."""
    return _FROM_WASM[_kind(ty)]


# --- whole signatures: generated code ------------------------------------------

# Inline expressions for the common case; ``{v}`` is a plain local name.
_INLINE_TO = {
    I32: "({v} & 0xFFFFFFFF if type({v}) is int and -0x80000000 <= {v} <= 0xFFFFFFFF"
         " else i32_to_wasm({v}))",
    I64: "({v} & 0xFFFFFFFFFFFFFFFF if type({v}) is int and"
         " -0x8000000000000000 <= {v} <= 0xFFFFFFFFFFFFFFFF else i64_to_wasm({v}))",
    F32: "f32_to_wasm({v})",
    F64: "({v} if type({v}) is float else f64_to_wasm({v}))",
    V128: "v128_to_wasm({v})",
    FUNCREF: "({v} if {v} is None else funcref_to_wasm({v}))",
    EXTERNREF: "(externref_to_wasm({v}) if isinstance({v}, Val) else {v})",
}
INLINE_FROM_WASM = {  # the other types are the same in both forms
    I32: "({v} - 0x100000000 if {v} > 0x7FFFFFFF else {v})",
    I64: "({v} - 0x10000000000000000 if {v} > 0x7FFFFFFFFFFFFFFF else {v})",
    FUNCREF: "(None if {v} is None else funcref_from_wasm({v}))",
}


def _explain(values: Sequence[Any], kinds: tuple[ValueType, ...], role: str) -> None:
    """Re-run the conversions one by one and raise the first error, naming the position."""
    for index, (value, kind) in enumerate(zip(values, kinds, strict=True)):
        try:
            _TO_WASM[kind](value)
        except (TypeError, WasmError) as error:
            raise type(error)(f"{role} {index}: {error}") from None


def _count_error(given: int, expected: int) -> WasmError:
    amount = "many" if given > expected else "few"
    return WasmError(f"too {amount} parameters provided: given {given}, expected {expected}")


def _result_count_error(results: Any, expected: int) -> WasmError:
    try:
        got = f"{len(results)} values"
    except TypeError:
        got = describe(results)
    return WasmError(f"callback produced wrong number of results: expected {expected}, got {got}")


def _no_results_expected(results: Any) -> None:
    if results is not None:
        raise WasmError("callback produced results when it shouldn't: "
                        f"expected None, got {describe(results)}")


# The names generated code may call (also the host trampolines' code).
CONVERTER_NAMESPACE = {f.__name__: f for f in (
    i32_to_wasm, i64_to_wasm, f32_to_wasm, f64_to_wasm, v128_to_wasm, funcref_to_wasm,
    externref_to_wasm, funcref_from_wasm)}


def _compile(source: str, name: str, **extra: Any) -> Converter:
    namespace = dict(CONVERTER_NAMESPACE, Val=Val, WasmError=WasmError, **extra)
    exec(compile(source, f"<wasmic converter {name}>", "exec"), namespace)
    return namespace[name]


def _convert_all(kinds: tuple[ValueType, ...], table: dict, default: str) -> str:
    return ", ".join(table.get(k, default).format(v=f"a{i}") for i, k in enumerate(kinds)) + ","


_cache: dict[tuple, Converter] = {}


def _cached(build: Callable[[tuple[ValueType, ...]], Converter]) -> Callable:
    def builder(types: Sequence[ValueType | ValType]) -> Converter:
        key = (build, tuple(_kind(t) for t in types))
        converter = _cache.get(key)
        if converter is None:
            converter = _cache[key] = build(key[1])
        return converter

    builder.__name__, builder.__doc__ = build.__name__, build.__doc__
    return builder


@_cached
def args_to_wasm(kinds: tuple[ValueType, ...]) -> Converter:
    """For a call from Python: the converter of the tuple of public arguments
    to a tuple of internal values, checking their number and types."""
    n = len(kinds)
    if n == 0:
        return _compile("def convert(args):\n    if args:\n"
                        "        raise _count_error(len(args), 0)\n    return ()\n",
                        "convert", _count_error=_count_error)
    names = ", ".join(f"a{i}" for i in range(n)) + ","
    source = (f"def convert(args):\n"
              f"    if len(args) != {n}:\n"
              f"        raise _count_error(len(args), {n})\n"
              f"    {names} = args\n"
              f"    try:\n"
              f"        return ({_convert_all(kinds, _INLINE_TO, '')})\n"
              f"    except (TypeError, WasmError):\n"
              f"        _explain(({names}), KINDS, 'parameter')\n"
              f"        raise\n")
    return _compile(source, "convert", _count_error=_count_error, _explain=_explain, KINDS=kinds)


@_cached
def results_from_wasm(kinds: tuple[ValueType, ...]) -> Converter:
    """For a call from Python: the converter of what a wasm function returned
    (None, the value, or a sequence of values, by the number of results) to
    what the caller gets: None, the value, or a list of values."""
    if len(kinds) == 0:
        return _compile("def convert(results):\n    return None\n", "convert")
    if len(kinds) == 1:
        return _FROM_WASM[kinds[0]]
    names = ", ".join(f"a{i}" for i in range(len(kinds))) + ","
    source = (f"def convert(results):\n"
              f"    {names} = results\n"
              f"    return [{_convert_all(kinds, INLINE_FROM_WASM, '{v}')}]\n")
    return _compile(source, "convert")


@_cached
def args_from_wasm(kinds: tuple[ValueType, ...]) -> Converter:
    """For a call of a host function: the converter of the tuple of internal
    arguments to the tuple of public values the Python function receives."""
    if all(k not in INLINE_FROM_WASM for k in kinds):
        return _identity
    names = ", ".join(f"a{i}" for i in range(len(kinds))) + ","
    source = (f"def convert(args):\n"
              f"    {names} = args\n"
              f"    return ({_convert_all(kinds, INLINE_FROM_WASM, '{v}')})\n")
    return _compile(source, "convert")


@_cached
def results_to_wasm(kinds: tuple[ValueType, ...]) -> Converter:
    """For a call of a host function: the converter of what the Python function
    returned (None, a value, or a sequence of values, by the number of
    results) to the internal form: None, the value, or a tuple of values."""
    n = len(kinds)
    if n == 0:
        return _no_results_expected
    if n == 1:
        source = f"def convert(a0):\n    return {_INLINE_TO[kinds[0]].format(v='a0')}\n"
        return _compile(source, "convert")
    names = ", ".join(f"a{i}" for i in range(n)) + ","
    source = (f"def convert(results):\n"
              f"    try:\n"
              f"        {names} = results\n"
              f"    except (TypeError, ValueError):\n"
              f"        raise _result_count_error(results, {n}) from None\n"
              f"    try:\n"
              f"        return ({_convert_all(kinds, _INLINE_TO, '')})\n"
              f"    except (TypeError, WasmError):\n"
              f"        _explain(({names}), KINDS, 'result')\n"
              f"        raise\n")
    return _compile(source, "convert", _result_count_error=_result_count_error,
                    _explain=_explain, KINDS=kinds)


# --- Val -----------------------------------------------------------------------

class Val:
    """A WebAssembly value together with its type, for code that wants to be
    explicit; calls accept and return plain Python values as well."""

    __slots__ = ("_type", "_val")
    __hash__ = None  # type: ignore[assignment]  # equal to plain values, like wasmtime-py

    def __init__(self, kind: ValType, val: Any):
        if not isinstance(kind, ValType):
            raise TypeError(f"expected ValType, got {describe(kind)}")
        self._type = kind
        self._val = _FROM_WASM[kind._kind](_TO_WASM[kind._kind](val))

    def _unwrap_as(self, kind: str) -> Any:
        """The wrapped value as a ``kind`` value ("i32", ...); TypeError for a
        Val of another type.  How native trampolines accept a Val result."""
        return _unwrap(self, ValueType(kind))

    @classmethod
    def i32(cls, val: int) -> Val:
        """A 32-bit integer (stored signed)."""
        return cls(ValType.i32(), val)

    @classmethod
    def i64(cls, val: int) -> Val:
        """A 64-bit integer (stored signed)."""
        return cls(ValType.i64(), val)

    @classmethod
    def f32(cls, val: float) -> Val:
        """A 32-bit float (rounded to single precision)."""
        return cls(ValType.f32(), val)

    @classmethod
    def f64(cls, val: float) -> Val:
        """A 64-bit float."""
        return cls(ValType.f64(), val)

    @classmethod
    def v128(cls, val: int) -> Val:
        """A 128-bit vector, as an int (stored in 0..2**128-1)."""
        return cls(ValType.v128(), val)

    @classmethod
    def externref(cls, extern: Any) -> Val:
        """A reference to any Python object; None is the null reference."""
        return cls(ValType.externref(), extern)

    @classmethod
    def funcref(cls, f: Any) -> Val:
        """A reference to a ``Func``; None is the null reference."""
        return cls(ValType.funcref(), f)

    @classmethod
    def ref_null(cls, ty: ValType) -> Val:
        """The null reference of a reference type; ``WasmError`` for other types."""
        if not isinstance(ty, ValType) or not ty._kind.is_ref:
            raise WasmError(f"Invalid reference type for `ref_null`: {ty}")
        return cls(ty, None)

    @property
    def type(self) -> ValType:
        """The type of this value."""
        return self._type

    @property
    def value(self) -> Any:
        """The plain Python value."""
        return self._val

    def _as(self, kind: ValueType) -> Any:
        return self._val if self._type._kind is kind else None

    def as_i32(self) -> int | None:
        """The value if this is an i32, else None."""
        return self._as(I32)

    def as_i64(self) -> int | None:
        """The value if this is an i64, else None."""
        return self._as(I64)

    def as_f32(self) -> float | None:
        """The value if this is an f32, else None."""
        return self._as(F32)

    def as_f64(self) -> float | None:
        """The value if this is an f64, else None."""
        return self._as(F64)

    def as_v128(self) -> int | None:
        """The value if this is a v128, else None."""
        return self._as(V128)

    def as_funcref(self) -> Any:
        """The ``Func`` if this is a non-null funcref, else None."""
        return self._as(FUNCREF)

    def as_externref(self) -> Any:
        """The referenced object if this is an externref, else None."""
        return self._as(EXTERNREF)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Val):
            return self._type == other._type and self._val == other._val
        return self._val == other

    def __repr__(self) -> str:
        return f"Val.{self._type}({self._val!r})"
