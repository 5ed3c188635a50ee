"""``wasmic.instantiate``: one call from a module to callable exports, for
Python code that needs no more of the embedding API.

    calc = wasmic.instantiate("calc.wasm", imports={"env": {"log": print}})
    calc.add(1, 2)                       # exports are plain callables
    calc.memory.read(0, 16)              # memories, tables, globals: store-free
    calc.counter.value()

The store is made (and kept) by the instance: functions take no store
argument, and so do the methods of memories, tables and globals.  Import
functions may be any Python callables: their wasm types come from the
module's imports, so annotations are not needed.  With ``wasi=`` a
``WasiConfig``, the module gets WASI preview 1.

A function export is bound to its store once, when the instance is made:
on the Python tier by a small closure that skips the store check
``func(store, ...)`` performs on every call, on the native tier (whose
``Func`` call is in C) as a method object of the store.  Either way this
path is not slower than the reference one (bench/peers.py, "Calls").
"""

from __future__ import annotations

import functools
import os
import threading
import types
from collections.abc import Callable, Mapping
from typing import Any

from .errors import WasmError
from .runtime import (Engine, Func, Global, Instance, InstanceExports, Linker, Memory, Module,
                      Store, Table)
from .runtime.describe import describe
from .runtime.func import enter_wasm
from .runtime.types import FuncType, GlobalType

_default_engine: Engine | None = None
_default_engine_lock = threading.Lock()


def default_engine() -> Engine:
    """The engine ``instantiate`` uses unless given one (made on first use,
    with the default ``Config``: the native tier when a C compiler works)."""
    global _default_engine
    with _default_engine_lock:
        if _default_engine is None:
            _default_engine = Engine()
        return _default_engine


class StoreBound:
    """A memory, table or global with its store bound: each method of the
    object is available without the store argument
    (``memory.read(0, 4)`` for ``memory.read(store, 0, 4)``)."""

    __slots__ = ("_extern", "_store")

    def __init__(self, extern: Memory | Table | Global, store: Store):
        self._extern = extern
        self._store = store

    @property
    def extern(self) -> Memory | Table | Global:
        """The underlying object, for the API that takes a store."""
        return self._extern

    def __getattr__(self, name: str) -> Callable:
        method = None if name.startswith("_") else getattr(self._extern, name, None)
        if not callable(method):
            raise AttributeError(f"{type(self._extern).__name__} has no method {name!r}")
        return functools.partial(method, self._store)

    def __dir__(self) -> list[str]:
        return [name for name in dir(self._extern) if not name.startswith("_")]

    def __repr__(self) -> str:
        return f"<{type(self._extern).__name__} bound to its store>"


def bind_func(func: Func, store: Store) -> Callable:
    """``func`` as a plain callable of its arguments, in ``store``."""
    if type(func).__call__ is not Func.__call__:
        # A tier with its own call path (native: in C).  A method object
        # prepends the store without a Python frame (cheaper than a partial).
        return types.MethodType(func, store)
    call, args_in, results_out = func._call, func._args_in, func._results_out

    def bound(*params: Any) -> Any:
        return results_out(enter_wasm(store, call, args_in(params)))

    bound.__name__ = bound.__qualname__ = "wasm_function"
    bound.__doc__ = f"A wasm function of type {func.type(store)!r} (no store argument)."
    return bound


def _bind(extern: Any, store: Store) -> Any:
    return bind_func(extern, store) if isinstance(extern, Func) else StoreBound(extern, store)


class BoundInstance(InstanceExports):
    """An instance whose exports need no store: a mapping from export name
    to a plain callable (functions) or a ``StoreBound`` memory, table or
    global, also reachable as attributes (``inst.add``) and by position.
    ``store`` and ``instance`` give the underlying objects."""

    def __init__(self, instance: Instance, store: Store):
        exports = instance.exports(store)
        super().__init__(list(exports), [_bind(extern, store) for extern in exports.values()])
        self._store = store
        self._instance = instance

    @property
    def store(self) -> Store:
        """The store this instance lives in."""
        return self._store

    @property
    def instance(self) -> Instance:
        """The ``Instance``, for the API that takes a store."""
        return self._instance

    def __repr__(self) -> str:
        return f"<BoundInstance exports={list(self)}>"


def _load(engine: Engine, wasm: Any) -> Module:
    if isinstance(wasm, Module):
        if wasm._engine is not engine:
            raise WasmError("the module was compiled by another engine than the one given")
        return wasm
    if isinstance(wasm, os.PathLike):
        return Module.from_file(engine, wasm)
    if isinstance(wasm, str) and not wasm.lstrip().startswith(("(", ";;")):
        return Module.from_file(engine, wasm)  # a path: WAT text starts with "(" or a comment
    if isinstance(wasm, (str, bytes, bytearray, memoryview)):
        return Module(engine, wasm)
    raise TypeError(f"expected wasm bytes, WAT text, a path or a Module, got {describe(wasm)}")


def _import_value(store: Store, ty: Any, value: Any, where: str) -> Any:
    """The extern given for the import ``where`` of type ``ty``."""
    if isinstance(value, StoreBound):
        value = value.extern
    if isinstance(value, (Func, Memory, Table, Global)):
        return value
    if isinstance(ty, FuncType) and callable(value):
        return Func(store, ty, value)
    if isinstance(ty, GlobalType) and not callable(value):
        return Global(store, ty, value)
    raise TypeError(f"import `{where}` needs a {type(ty).__name__.removesuffix('Type').lower()}, "
                    f"got {describe(value)}")


def _define_imports(linker: Linker, store: Store, module: Module, imports: Any) -> None:
    if not isinstance(imports, Mapping):
        raise TypeError(f"imports must be a mapping of module names to mappings of names "
                        f"to values, got {describe(imports)}")
    wanted = {(imp.module, imp.name): imp.type for imp in module.imports}
    for module_name, names in imports.items():
        if isinstance(names, BoundInstance):
            names = dict(names)
        if not isinstance(names, Mapping):
            raise TypeError(f"imports[{module_name!r}] must be a mapping of names to values, "
                            f"got {describe(names)}")
        for name, value in names.items():
            ty = wanted.get((module_name, name))
            if ty is None:
                continue  # not imported by this module: nothing to provide
            where = f"{module_name}::{name}"
            linker.define(store, module_name, name, _import_value(store, ty, value, where))


WASI_MODULES = ("wasi_snapshot_preview1", "wasi_unstable")


def _refuse_wasi_imports(module: Module) -> None:
    for imp in module.imports:
        if imp.module in WASI_MODULES:
            raise WasmError(f"the module imports WASI (`{imp.module}::{imp.name}`): pass "
                            "wasi=wasmic.WasiConfig() to provide it")


def instantiate(wasm: Any, imports: Mapping[str, Mapping[str, Any]] | None = None,
                wasi: Any = None, *, engine: Engine | None = None,
                store: Store | None = None) -> BoundInstance:
    """Compile and instantiate ``wasm`` (bytes, WAT text, a path or a
    ``Module``) with ``imports`` ({module: {name: callable, number or
    extern}}) and, if ``wasi`` is a ``WasiConfig``, WASI preview 1.

    Runs in ``store`` if given, else in a new store of ``engine`` (default:
    a shared default engine).  Raises WasmError for bad modules or missing
    or mismatched imports, ``Trap`` if the start function traps."""
    if store is not None:
        if not isinstance(store, Store):
            raise TypeError(f"expected Store, got {describe(store)}")
        if engine is not None and store.engine is not engine:
            raise WasmError("the store belongs to another engine than the one given")
        engine = store.engine
    elif engine is None:
        engine = default_engine()
    elif not isinstance(engine, Engine):
        raise TypeError(f"expected Engine, got {describe(engine)}")
    store = store if store is not None else Store(engine)
    module = _load(engine, wasm)
    linker = Linker(engine)
    if wasi is not None:
        store.set_wasi(wasi)
        linker.define_wasi()
    else:
        _refuse_wasi_imports(module)
    _define_imports(linker, store, module, {} if imports is None else imports)
    return BoundInstance(linker.instantiate(store, module), store)
