"""Loading one module file: compile it, resolve every import, pick its
store, instantiate, and show the exports in the module's namespace.

The store: the ``store`` setting if given; else the store of the memories,
tables and globals it imports from other modules (they can only be shared
within one store); else the loader's shared store with ``shared_store``;
else the store of a function it imports from another wasm module (so the
call is linked directly); else a new store.  A function of another store is
called through a host function; a memory, table or global cannot be.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import threading
import typing
from collections.abc import Callable, Iterator, MutableMapping
from importlib.machinery import ModuleSpec
from typing import Any

from ..errors import WasmError
from ..convenience import default_engine
from ..runtime import (Caller, Engine, ExitTrap, Func, FuncType, Global, GlobalType,
                       ImportType, Instance, Module, Store, Trap)
from ..runtime.extern import extern_kind
from .exports import populate
from .resolve import loading, resolve
from .settings import Settings, settings_for
from .source import read_module_source
from .wasi_support import WASI_MODULES, wasi_externs

ASSEMBLYSCRIPT_RUNTIME = frozenset({"__new", "__pin", "__unpin", "__collect"})
"""The exports telling an AssemblyScript module (see ``assemblyscript_link``)."""

_lock = threading.Lock()
_shared_stores: dict[int, tuple[Engine, Store]] = {}


def _shared_store(engine: Engine) -> Store:
    with _lock:
        entry = _shared_stores.get(id(engine))
        if entry is None:
            entry = _shared_stores[id(engine)] = (engine, Store(engine))
        return entry[1]


def _engine(settings: Settings, origin: str) -> Engine:
    store, engine = settings.store, settings.engine
    if store is not None and engine is not None and store.engine is not engine:
        raise WasmError(f"cannot load {origin}: the configured store belongs to another engine "
                        "than the configured engine")
    if engine is None:
        engine = store.engine if store is not None else default_engine()
    return engine


@contextlib.contextmanager
def naming(origin: str) -> Iterator[None]:
    """Errors of the enclosed step name the file: a WasmError becomes one
    prefixed with ``origin``; a trap or exit keeps its type and gets a note."""
    try:
        yield
    except (Trap, ExitTrap) as error:
        if hasattr(error, "add_note"):
            error.add_note(f"while loading {origin}")
        raise
    except WasmError as error:
        raise WasmError(f"{origin}: {error}") from error


def choose_store(settings: Settings, engine: Engine, values: list, origin: str) -> Store:
    """The store a module importing ``values`` is instantiated in (see the
    module's docstring)."""
    if settings.store is not None:
        return settings.store
    shared = {id(value._store): value._store for value in values
              if extern_kind(value) is not None and not isinstance(value, Func)}
    if len(shared) > 1:
        raise WasmError(f"{origin} imports memories, tables or globals of different stores; "
                        "load the modules defining them in one store (shared_store=True)")
    for store in shared.values():
        if store.engine is not engine:
            raise WasmError(f"{origin} imports a memory, table or global of another engine")
        return store
    if settings.shared_store:
        return _shared_store(engine)
    for value in values:
        if isinstance(value, Func) and value._store.engine is engine:
            return value._store
    return Store(engine)


def _mismatch(imp: ImportType, value: Any, origin: str) -> WasmError:
    return WasmError(f"{origin} imports `{imp.module}::{imp.name}` of type {imp.type}, but "
                     f"got {type(value).__name__} {value!r:.60}")


def _wants_caller(function: Callable) -> bool:
    """Whether the host function's first parameter is annotated ``Caller``
    (it then gets the calling instance's ``Caller``, e.g. to read its memory)."""
    try:
        first = next(iter(inspect.signature(function).parameters.values()), None)
        hints = typing.get_type_hints(function)
    except (TypeError, ValueError, NameError, AttributeError):  # builtins, unresolvable hints
        return False
    return first is not None and hints.get(first.name) is Caller


def extern_for(store: Store, imp: ImportType, value: Any, origin: str) -> Any:
    """``value`` as an extern of ``store`` satisfying ``imp``."""
    if isinstance(imp.type, FuncType):
        if isinstance(value, Func):
            if value._store is store:
                return value
            if value.type(value._store) != imp.type:
                raise _mismatch(imp, value, origin)
            return Func(store, imp.type, functools.partial(value, value._store))
        if callable(value) and extern_kind(value) is None:
            return Func(store, imp.type, value, access_caller=_wants_caller(value))
        raise _mismatch(imp, value, origin)
    if extern_kind(value) is not None:
        if value._store is not store:
            raise WasmError(f"{origin} imports `{imp.module}::{imp.name}` from another store "
                            "than the one it is instantiated in; configure a shared store")
        return value
    if (isinstance(imp.type, GlobalType) and not imp.type.mutable
            and isinstance(value, (int, float)) and not isinstance(value, bool)):
        return Global(store, imp.type, value)
    raise _mismatch(imp, value, origin)


def _initialize_reactor(store: Store, instance: Instance) -> None:
    """Call ``_initialize``, as WASI asks of a reactor (a module that is not
    a command, i.e. exports no ``_start``), before any other export is used."""
    exports = instance.exports(store)
    initialize = exports.get("_initialize")
    if isinstance(initialize, Func) and "_start" not in exports:
        initialize(store)


def _instantiate(spec: ModuleSpec, settings: Settings, engine: Engine, module: Module,
                 command: bool) -> tuple[Store, Instance]:
    origin = spec.origin
    imports = module.imports
    wasi = [(position, imp) for position, imp in enumerate(imports) if imp.module in WASI_MODULES]
    values = {position: resolve(imp, settings.imports, spec.parent, origin)
              for position, imp in enumerate(imports) if imp.module not in WASI_MODULES}
    store = choose_store(settings, engine, list(values.values()), origin)
    externs = {position: extern_for(store, imports[position], value, origin)
               for position, value in values.items()}
    if wasi:
        externs.update(wasi_externs(store, wasi, settings.wasi, command, origin))
    with naming(origin):
        instance = Instance(store, module, [externs[position] for position in range(len(imports))])
        _initialize_reactor(store, instance)
    return store, instance


def _read(spec: ModuleSpec) -> bytes:
    """The bytes of the module file of ``spec`` (through its loader: it may be in a zip)."""
    try:
        return spec.loader.get_data(spec.origin)
    except OSError as error:
        raise WasmError(f"cannot read {spec.origin}: {error.strerror or error}") from None


def is_assemblyscript(module: Module) -> bool:
    """Whether ``module`` exports the AssemblyScript runtime (``asc --exportRuntime``)."""
    return ASSEMBLYSCRIPT_RUNTIME <= {export.name for export in module.exports}


def load_into(namespace: MutableMapping[str, Any], spec: ModuleSpec, command: bool = False) -> None:
    """Load the module file of ``spec`` and show its exports in ``namespace``
    (``command``: it runs as ``__main__``)."""
    settings = settings_for(spec.name)
    with loading(spec.name):
        engine = _engine(settings, spec.origin)
        source = read_module_source(spec.origin, _read(spec))
        with naming(spec.origin):
            module = Module(engine, source)
        if is_assemblyscript(module):
            # imported only for AssemblyScript modules: the rest of the hook needs none of it
            from .assemblyscript_link import load_assemblyscript, populate_assemblyscript

            store, as_instance = load_assemblyscript(spec, settings, engine, module, command)
            populate_assemblyscript(namespace, store, module, as_instance)
            return
        store, instance = _instantiate(spec, settings, engine, module, command)
    populate(namespace, store, module, instance)
