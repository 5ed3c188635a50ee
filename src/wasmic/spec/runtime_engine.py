"""The spec runner's execution tier backed by ``wasmic.runtime``.

Modules come from the runner already decoded and validated; they are
compiled for the tier that the engine's ``Config.strategy`` names ("python"
or "native") and instantiated in one store per script.  Values cross as
exact bit patterns: floats go through the bit-exact conversions of the
Python backend (the native boundary encodes f32 NaN payloads the same
way), so NaN payloads survive both ways, and calls use the functions'
internal convention (no public conversion in between).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..backend.native.compiler import UnsupportedByNative
from ..backend.python.numeric import f32_bits, f32_from_bits, f64_bits, f64_from_bits
from ..errors import WasmError
from ..runtime import (Config, Engine, Func, Global, Instance, Memory, Module, Store, Table, Trap,
                       TrapCode)
from ..runtime.func import enter_wasm
from ..runtime.native_externs import NativeGlobal
from ..runtime.native_func import NativeFunc
from ..runtime.tier import engine_tier
from ..runtime.types import FuncType as PublicFuncType
from ..runtime.types import GlobalType, MemoryType, TableType
from ..runtime.values import from_wasm
from ..syntax.script import Const
from ..syntax.types import EXTERNREF, F32, F64, FUNCREF, I32, I64, FuncType
from ..syntax.types import TableType as SyntaxTableType
from .engine import Exhausted, Trapped, Unlinkable, Unsupported
from .spectest import EXPORTS, HostGlobal

_SIMD_MESSAGE = "SIMD"
"""In the error of a tier that cannot compile SIMD modules."""


def to_internal(value: Const) -> Any:
    """A script constant as the runtime's internal value."""
    if value.type == F32:
        return f32_from_bits(value.value)
    if value.type == F64:
        return f64_from_bits(value.value)
    return value.value  # integers are bit patterns; externref N is the object N


_MASKS = {I32: 0xFFFFFFFF, I64: 0xFFFFFFFFFFFFFFFF}


def to_const(vtype, value: Any) -> Const:
    """An internal value (or a native one: integers signed) as a script constant."""
    if vtype == F32:
        return Const(F32, f32_bits(value))
    if vtype == F64:
        return Const(F64, f64_bits(value))
    if vtype == FUNCREF:
        return Const(FUNCREF, None if value is None else id(value))
    if vtype == EXTERNREF:
        return Const(EXTERNREF, value)
    return Const(vtype, value & _MASKS[vtype] if vtype in _MASKS else value)


class RuntimeEngine:
    """An ``Engine`` (see ``engine``) running code through the public runtime."""

    def __init__(self, strategy: str = "python", cache: str | None = None):
        config = Config()
        config.strategy = strategy
        if cache is not None:
            config.cache = cache  # the native tier's cache directory
        self.engine = Engine(config)
        engine_tier(self.engine)  # WasmError now if the tier cannot work here
        self.store = Store(self.engine)

    def spectest(self) -> Mapping[str, Any]:
        """A fresh store for the script, and the ``spectest`` externs in it."""
        self.store = Store(self.engine)
        exports: dict[str, Any] = {}
        for name, item in EXPORTS.items():
            exports[name] = self._host_extern(item)
        return exports

    def _host_extern(self, item: Any) -> Any:
        """A spectest extern of the store's tier (public constructors: the
        values are exact, no NaN among them)."""
        if isinstance(item, FuncType):
            return Func(self.store, PublicFuncType._from_syntax(item), lambda *args: None)
        if isinstance(item, HostGlobal):
            value = from_wasm(item.type.value)(to_internal(item.value))
            return Global(self.store, GlobalType._from_syntax(item.type), value)
        if isinstance(item, SyntaxTableType):
            return Table(self.store, TableType._from_syntax(item), None)
        return Memory(self.store, MemoryType._from_syntax(item))

    def instantiate(self, module: Any, info: Any, registry: Mapping[str, Any]) -> Any:
        try:
            compiled = Module._from_syntax(self.engine, module, info)
        except WasmError as error:
            if isinstance(error, UnsupportedByNative) or _SIMD_MESSAGE in str(error):
                raise Unsupported(str(error)) from None
            raise
        externs = []
        for imp in module.imports:
            provider = registry.get(imp.module)
            item = None if provider is None else _exports(provider, self.store).get(imp.name)
            if item is None:
                raise Unlinkable(f"unknown import `{imp.module}::{imp.name}`")
            externs.append(item)
        try:
            return Instance(self.store, compiled, externs)
        except Trap as trap:
            raise _failure(trap) from None
        except WasmError as error:
            raise Unlinkable(str(error)) from None

    def invoke(self, instance: Any, field: str, args: Sequence[Const]) -> list[Const]:
        func = _exports(instance, self.store)[field]
        params = tuple(to_internal(a) for a in args)
        try:
            if isinstance(func, NativeFunc):  # exact values both ways, as internal ones
                results = func._rt(*params)
            else:
                results = enter_wasm(func._store, func._call, params)
        except Trap as trap:
            raise _failure(trap) from None
        types = func._type.results
        if len(types) == 1:
            results = (results,)
        elif not types:
            results = ()
        return [to_const(t, v) for t, v in zip(types, results)]

    def get(self, instance: Any, field: str) -> Const:
        glob = _exports(instance, self.store)[field]
        value = glob._native.value if isinstance(glob, NativeGlobal) else glob._value
        return to_const(glob._type.value, value)


def _exports(provider: Any, store: Store) -> Mapping[str, Any]:
    return provider.exports(store) if isinstance(provider, Instance) else provider


def _failure(trap: Trap) -> Exception:
    if trap.trap_code == TrapCode.STACK_OVERFLOW:
        return Exhausted(str(trap))
    return Trapped(str(trap))
