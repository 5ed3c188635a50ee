"""A spec-runner ``Engine`` running modules on the native tier directly
(without the runtime objects), for testing the backend on the official
suite.  Values cross as exact bit patterns: f32 NaN payloads are moved
into and out of Python floats by hand, as the native boundary does."""

from __future__ import annotations

import math
import struct
from collections.abc import Mapping, Sequence
from typing import Any

from wasmic.backend.native import compile_module, runtime_types
from wasmic.errors import WasmError
from wasmic.runtime.trap import Trap, TrapCode
from wasmic.spec.engine import Exhausted, Trapped, Unlinkable, Unsupported
from wasmic.spec.spectest import EXPORTS, HostGlobal
from wasmic.syntax.script import Const
from wasmic.syntax.types import (
    F32,
    F64,
    FUNCREF,
    I32,
    I64,
    ExternKind,
    FuncType,
    ValueType,
)


def f32_to_float(bits: int) -> float:
    if (bits & 0x7F800000) == 0x7F800000 and bits & 0x7FFFFF:
        double = ((bits >> 31) << 63) | (0x7FF << 52) | ((bits & 0x7FFFFF) << 29)
        return struct.unpack("<d", struct.pack("<Q", double))[0]
    return struct.unpack("<f", struct.pack("<I", bits))[0]


def float_to_f32(value: float) -> int:
    bits = struct.unpack("<Q", struct.pack("<d", value))[0]
    if math.isnan(value):
        return ((bits >> 63) << 31) | 0x7F800000 | ((bits >> 29) & 0x7FFFFF)
    return struct.unpack("<I", struct.pack("<f", value))[0]


def to_python(const: Const) -> Any:
    if const.type == F32:
        return f32_to_float(const.value)
    if const.type == F64:
        return struct.unpack("<d", struct.pack("<Q", const.value))[0]
    return const.value


def to_const(vtype: ValueType, value: Any) -> Const:
    if vtype in (I32, I64):
        return Const(vtype, value % (1 << (32 if vtype == I32 else 64)))
    if vtype == F32:
        return Const(vtype, float_to_f32(value))
    if vtype == F64:
        return Const(vtype, struct.unpack("<Q", struct.pack("<d", value))[0])
    if vtype == FUNCREF:
        return Const(vtype, None if value is None else id(value))
    return Const(vtype, value)


class NativeInstance:
    """A native instance with the result types of its exported functions."""

    def __init__(self, instance: Any, types: dict[str, FuncType]):
        self.exports = instance.exports
        self.types = types


def _failure(trap: Trap) -> Exception:
    return (Exhausted if trap.trap_code == TrapCode.STACK_OVERFLOW else Trapped)(str(trap))


class NativeSpecEngine:
    """The ``Engine`` protocol of ``wasmic.spec.engine`` on the native tier."""

    def __init__(self, cache_dir: str):
        self.cache_dir = cache_dir

    def spectest(self) -> Mapping[str, Any]:
        types = runtime_types()
        exports: dict[str, Any] = {}
        for name, item in EXPORTS.items():
            if isinstance(item, FuncType):
                exports[name] = lambda *args: None
            elif isinstance(item, HostGlobal):
                exports[name] = types["Global"](str(item.type.value), item.type.mutable, to_python(item.value))
            elif hasattr(item, "elem"):
                exports[name] = types["Table"](str(item.elem), item.limits.min, item.limits.max)
            else:
                exports[name] = types["Memory"](item.limits.min, item.limits.max)
        return exports

    def instantiate(self, module: Any, info: Any, registry: Mapping[str, Any]) -> NativeInstance:
        try:
            compiled = compile_module(module, cache_dir=self.cache_dir)
        except WasmError as error:
            if "SIMD" in str(error):
                raise Unsupported(str(error)) from None
            raise
        imports = []
        for imp in module.imports:
            provider = registry.get(imp.module)
            exports = provider if isinstance(provider, dict) else getattr(provider, "exports", {})
            if imp.name not in exports:
                raise Unlinkable(f"unknown import {imp.module}.{imp.name}")
            imports.append(exports[imp.name])
        try:
            instance = compiled.instantiate(imports)
        except Trap as trap:
            raise _failure(trap) from None
        except WasmError as error:
            raise Unlinkable(str(error)) from None
        types = {e.name: module.func_type(e.index) for e in module.exports if e.kind == ExternKind.FUNC}
        return NativeInstance(instance, types)

    def invoke(self, instance: NativeInstance, field: str, args: Sequence[Const]) -> list[Const]:
        try:
            results = instance.exports[field](*(to_python(a) for a in args))
        except Trap as trap:
            raise _failure(trap) from None
        types = instance.types[field].results
        if len(types) == 1:
            results = (results,)
        return [to_const(t, v) for t, v in zip(types, results or ())]

    def get(self, instance: NativeInstance, field: str) -> Const:
        glob = instance.exports[field]
        return to_const(ValueType(glob.type), glob.value)
