"""Instantiating a module compiled by the native tier.

The imports (already checked against the module's import types) are handed
to the native runtime as it takes them: a native function as its own
function object (linked directly, no Python in between), any other
function as a callable of public values (``native_func.host_callable``),
memories, tables and globals as their native objects (those of the Python
tier are refused: ``native_externs.check_same_tier``).  The native runtime
then does the spec's steps itself (segments, start function); the exports
it gives back become public objects of the store.
"""

from __future__ import annotations

from typing import Any

from ..syntax import types as syn
from ..syntax.types import ExternKind
from .func import Func
from .instance import InstanceExports
from .native_externs import NativeGlobal, NativeMemory, NativeTable, check_same_tier
from .native_func import NativeFunc, host_callable
from .store import Store

_WRAPPERS = {ExternKind.MEMORY: NativeMemory, ExternKind.TABLE: NativeTable,
             ExternKind.GLOBAL: NativeGlobal}


class NativeFunctions:
    """The functions of one native instance as public ``Func`` objects:
    the imported ones as given, the defined ones made on first use."""

    def __init__(self, store: Store, func_types: list[syn.FuncType], imported: list[Func],
                 instance: Any):
        self.store, self.func_types, self.instance = store, func_types, instance
        self.funcs: list[Func | None] = [*imported, *[None] * (len(func_types) - len(imported))]

    def _native_func(self, index: int, rt_func: Any) -> Func:
        func = self.funcs[index]
        if func is None:
            func = self.funcs[index] = NativeFunc._wrap(self.store, self.func_types[index], rt_func,
                                                        self.instance, index)
        return func


def instantiate_native(store: Store, module: Any, imports: list, instance: Any) -> None:
    """Instantiate the native ``module`` with checked ``imports`` into
    ``instance``; its start function runs once the instance is complete
    (a host function it calls may look at the exports through a Caller)."""
    syntax = module._module
    natives = []
    for imp, value in zip(syntax.imports, imports):
        if imp.kind == ExternKind.FUNC:
            natives.append(value._rt if isinstance(value, NativeFunc)
                           else host_callable(value, store, instance))
        else:
            check_same_tier(value, True, f"`{imp.module}::{imp.name}`")
            natives.append(value._native)
    engine = store.engine
    native = module._code.instantiate(natives, stack_budget=engine.config.max_wasm_stack,
                                      epoch=engine._epoch, store_cells=store._cells,
                                      run_start=False)
    imported = {kind: [v for i, v in zip(syntax.imports, imports) if i.kind == kind]
                for kind in ExternKind}
    functions = NativeFunctions(store, module._info.func_types, imported[ExternKind.FUNC], instance)
    store._native_funcs.register(native, functions)
    native_exports = native.exports
    made: dict[tuple, Any] = {}  # one public object per entity exported under several names
    values = []
    for export in syntax.exports:
        own = imported[export.kind]
        key = (export.kind, export.index)
        if export.index < len(own):
            made[key] = own[export.index]
        elif export.kind == ExternKind.FUNC:
            made[key] = functions._native_func(export.index, native_exports[export.name].__self__)
        elif key not in made:
            made[key] = _WRAPPERS[export.kind]._wrap(store, _export_type(syntax, export),
                                                     native_exports[export.name])
        values.append(made[key])
    exports = InstanceExports([e.name for e in syntax.exports], values)
    instance._set(store, module, exports, functions.funcs, [], [], [])
    native.start()


def _export_type(syntax: Any, export: Any) -> Any:
    """The declared type of a defined table, memory or global ``export``."""
    imported = sum(1 for imp in syntax.imports if imp.kind == export.kind)
    space = {ExternKind.TABLE: syntax.tables, ExternKind.MEMORY: syntax.mems,
             ExternKind.GLOBAL: syntax.globals}[export.kind]
    return space[export.index - imported].type
