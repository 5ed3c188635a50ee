"""Instantiation, step by step as in the spec (WebAssembly 2.0, 4.5.4):

1. check the imports against the module's import types;
2. allocate functions, tables, memories and globals (evaluating global
   initializers), evaluate element segments, and run the compiled code in
   a namespace of its own (``backend.interface``);
3. collect the exports;
4. apply the active element segments, then the active data segments, in
   order, dropping each (and the declarative element segments): a segment
   out of bounds traps, leaving the writes of earlier segments in place;
5. run the start function.

Traps in steps 4 and 5 propagate as ``Trap``; bad imports raise WasmError.
A module compiled by the native tier is instantiated by its runtime after
step 1 (``native_instantiate``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..backend.interface import Bindings
from ..errors import WasmError
from ..syntax.types import ExternKind
from .const_expr import evaluate
from .extern import check_import
from .func import Func, enter_wasm
from .global_ import Global
from .instance import Instance, InstanceExports
from .memory import Memory
from .native_externs import check_same_tier
from .native_instantiate import instantiate_native
from .store import Store, check_store
from .table import Table
from .tier import NATIVE
from .trap import Trap, TrapCode


def instantiate(store: Store, module: Any, imports: Sequence[Any], instance: Instance) -> None:
    """Instantiate ``module`` (a runtime Module) into ``instance``."""
    from .module import Module

    if not isinstance(module, Module):
        raise TypeError(f"expected Module, got {type(module).__name__}")
    if module._engine is not store._engine:
        raise WasmError("the module was compiled by another engine than the store's")
    syntax = module._module
    imports = list(imports)
    if len(imports) != len(syntax.imports):
        raise WasmError(f"expected {len(syntax.imports)} imports, found {len(imports)}")
    by_kind: dict[ExternKind, list] = {kind: [] for kind in ExternKind}
    for imp, value in zip(syntax.imports, imports):
        check_import(imp, value, syntax)
        check_store(store, value._store)
        by_kind[imp.kind].append(value)
    store._count("instances")
    if module._tier == NATIVE:
        instantiate_native(store, module, imports, instance)
        return
    for imp, value in zip(syntax.imports, imports):
        check_same_tier(value, False, f"`{imp.module}::{imp.name}`")

    info = module._info
    funcs = by_kind[ExternKind.FUNC] + [
        Func._wasm(store, info.func_types[index], instance, index)
        for index in range(len(by_kind[ExternKind.FUNC]), len(info.func_types))]
    tables = by_kind[ExternKind.TABLE] + [Table._create(store, t.type) for t in syntax.tables]
    memories = by_kind[ExternKind.MEMORY] + [Memory._create(store, m.type) for m in syntax.mems]
    globals_ = list(by_kind[ExternKind.GLOBAL])
    for glob in syntax.globals:
        globals_.append(Global._create(store, glob.type, evaluate(glob.init, globals_, funcs)))
    elems = [[evaluate(expr, globals_, funcs) for expr in elem.init] for elem in syntax.elems]
    datas = [data.init for data in syntax.datas]

    imported = len(by_kind[ExternKind.FUNC])
    imported_calls = [f._for_instance(instance) for f in funcs[:imported]]
    bound = Bindings(funcs, imported_calls,
                     memories, tables, globals_, elems, datas, store._meters())
    for func, call in zip(funcs[imported:], module._code.instantiate(bound)):
        func._call = call

    spaces = {ExternKind.FUNC: funcs, ExternKind.TABLE: tables,
              ExternKind.MEMORY: memories, ExternKind.GLOBAL: globals_}
    exports = InstanceExports([e.name for e in syntax.exports],
                              [spaces[e.kind][e.index] for e in syntax.exports])
    instance._set(store, module, exports, funcs, memories, tables, globals_)
    enter_wasm(store, _initialize, (syntax, tables, memories, globals_, funcs, elems, datas))
    if syntax.start is not None:
        start = syntax.start  # an imported start function is called as this instance's import
        enter_wasm(store, imported_calls[start] if start < imported else funcs[start]._call)


def _initialize(syntax, tables, memories, globals_, funcs, elems, datas) -> None:
    """Step 4: active element segments, then active data segments."""
    for index, elem in enumerate(syntax.elems):
        mode = elem.mode
        if mode.kind == "active":
            offset = evaluate(mode.offset, globals_, funcs)
            table = tables[mode.table]._elements
            values = elems[index]
            if offset + len(values) > len(table):
                raise Trap.from_code(TrapCode.TABLE_OUT_OF_BOUNDS)
            table[offset:offset + len(values)] = values
        if mode.kind != "passive":
            elems[index] = ()
    for index, data in enumerate(syntax.datas):
        mode = data.mode
        if mode.kind != "active":
            continue
        offset = evaluate(mode.offset, globals_, funcs)
        memory = memories[mode.memory]._data
        if offset + len(data.init) > len(memory):
            raise Trap.from_code(TrapCode.MEMORY_OUT_OF_BOUNDS)
        memory[offset:offset + len(data.init)] = data.init
        datas[index] = b""

