"""``Linker``: instantiate modules by resolving their imports by name.

Definitions are keyed by ``(module, name)``.  Externs belong to one store;
functions given by ``define_func`` belong to none and become a ``Func`` in
whichever store a module is instantiated in.  ``define_module`` follows
WASI's command and reactor conventions (see its doc).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import WasmError
from ..syntax import types as syn
from .config import Engine
from .describe import describe
from .extern import extern_kind
from .func import Func
from .instance import Instance
from .instance_pre import HostFuncDefinition, InstancePre, check_definition, in_store
from .module import Module
from .store import Store, check_store, store_of
from .trap import Trap
from .types import FuncType
from .values import from_wasm

COMMAND_DATA_EXPORTS = {
    "memory": syn.ExternKind.MEMORY, "table": syn.ExternKind.TABLE,
    "__indirect_function_table": syn.ExternKind.TABLE, "__heap_base": syn.ExternKind.GLOBAL,
    "__data_end": syn.ExternKind.GLOBAL,
}
"""Non-function exports toolchains give commands, which ``define_module``
tolerates (and does not define: each call has its own instance)."""


class Linker:
    """Names for externs, used to satisfy the imports of modules."""

    def __init__(self, engine: Engine):
        if not isinstance(engine, Engine):
            raise TypeError(f"expected Engine, got {describe(engine)}")
        self._engine = engine
        self._shadowing = False
        self._items: dict[tuple[str, str], Any] = {}

    @property
    def engine(self) -> Engine:
        """The engine whose modules this linker instantiates."""
        return self._engine

    @property
    def allow_shadowing(self) -> bool:
        """Whether a definition may replace an earlier one of the same name."""
        return self._shadowing

    @allow_shadowing.setter
    def allow_shadowing(self, allow: bool) -> None:
        if not isinstance(allow, bool):
            raise TypeError(f"expected a bool, got {describe(allow)}")
        self._shadowing = allow

    def _insert(self, module: str, name: str, item: Any) -> None:
        for part in (module, name):
            if not isinstance(part, str):
                raise TypeError(f"expected a str name, got {describe(part)}")
        key = (module, name)
        if key in self._items and not self._shadowing:
            raise WasmError(f"import of `{module}::{name}` defined twice")
        self._items[key] = item

    def _check_module(self, module: Any) -> Module:
        if not isinstance(module, Module):
            raise TypeError(f"expected Module, got {describe(module)}")
        if module._engine is not self._engine:
            raise WasmError("the module was compiled by another engine than the linker's")
        return module

    def define(self, store: Any, module: str, name: str, item: Any) -> None:
        """Name the extern ``item`` (of ``store``) ``module::name``."""
        if extern_kind(item) is None:
            raise TypeError(f"expected a Func, Table, Memory or Global, got {describe(item)}")
        check_store(item._store, store)
        if item._store.engine is not self._engine:
            raise WasmError("the item belongs to a store of another engine than the linker's")
        self._insert(module, name, item)

    def define_func(self, module: str, name: str, ty: FuncType, func: Callable,
                    access_caller: bool = False) -> None:
        """Name a host function ``module::name``, usable in any store."""
        if not isinstance(ty, FuncType):
            raise TypeError(f"expected FuncType, got {describe(ty)}")
        if not callable(func):
            raise TypeError(f"expected a callable, got {describe(func)}")
        self._insert(module, name, HostFuncDefinition(ty, func, access_caller))

    def define_wasi(self) -> None:
        """Define the WASI preview1 functions (``wasi_snapshot_preview1`` and
        ``wasi_unstable``); each call uses the WASI context of the store it
        runs in (``Store.set_wasi``)."""
        from ..wasi.linking import define_wasi

        define_wasi(self)

    def define_instance(self, store: Any, name: str, instance: Instance) -> None:
        """Name every export of ``instance`` ``name::<export name>``."""
        if not isinstance(instance, Instance):
            raise TypeError(f"expected Instance, got {describe(instance)}")
        for export_name, item in instance.exports(store).items():
            self._insert(name, export_name, item)

    def define_module(self, store: Any, name: str, module: Module) -> None:
        """Define the exports of ``module`` under ``name``, as WASI intends:

        * a *command* (it exports ``_start``) is instantiated afresh on
          every call of one of its function exports, which are defined as
          functions doing so;
        * a *reactor* (any other module) is instantiated once, now; its
          ``_initialize`` export, if any, is called, then all its exports
          are defined (as ``define_instance``)."""
        owner = store_of(store)
        self._check_module(module)
        exports = {export.name: export for export in module._module.exports}
        if "_start" in exports:
            if "_initialize" in exports:
                raise WasmError("a module cannot export both `_start` (a command) and "
                                "`_initialize` (a reactor)")
            self._define_command(owner, name, module)
            return
        instance = self.instantiate(owner, module)
        initialize = instance.exports(owner).get("_initialize")
        if isinstance(initialize, Func):
            initialize(owner)
        self.define_instance(owner, name, instance)

    def _define_command(self, store: Store, name: str, module: Module) -> None:
        pre = self.instantiate_pre(module)
        for export in module.exports:
            if isinstance(export.type, FuncType):
                self._insert(name, export.name,
                             Func(store, export.type, _fresh_instance_call(store, pre, export.name)))
            elif COMMAND_DATA_EXPORTS.get(export.name) is None:
                raise WasmError(f"command export `{export.name}` is not a function")

    def get(self, store: Any, module: str, name: str) -> Any:
        """The extern named ``module::name``; WasmError if undefined."""
        item = self._items.get((module, name))
        if item is None:
            raise WasmError(f"`{module}::{name}` has not been defined in this linker")
        return in_store(item, store_of(store))

    def get_default(self, store: Any, name: str) -> Func:
        """The default export of module ``name``: its ``""`` or ``_start`` function."""
        owner = store_of(store)
        for export in ("", "_start"):
            item = self._items.get((name, export))
            if item is not None:
                item = in_store(item, owner)
                if isinstance(item, Func):
                    return item
        raise WasmError(f"no default export for module `{name}`")

    def instantiate(self, store: Any, module: Module) -> Instance:
        """Instantiate ``module`` with the definitions matching its imports."""
        owner = store_of(store)
        return self.instantiate_pre(module).instantiate(owner)

    def instantiate_pre(self, module: Module) -> InstancePre:
        """``module`` with its imports resolved from this linker's current
        definitions (and type-checked), ready to be instantiated cheaply in
        any store (``InstancePre.instantiate``)."""
        syntax = self._check_module(module)._module
        definitions = []
        for imp in syntax.imports:
            definition = self._items.get((imp.module, imp.name))
            if definition is None:
                raise WasmError(f"unknown import: `{imp.module}::{imp.name}` has not been "
                                "defined")
            check_definition(definition, imp, syntax)
            definitions.append(definition)
        return InstancePre(module, definitions)

    def define_unknown_imports_as_traps(self, module: Module) -> None:
        """Define every function import of ``module`` not yet defined as a
        function that traps when called."""
        for imp in self._unknown(module):
            ty = FuncType._from_syntax(module._module.types[imp.desc])
            self._insert(imp.module, imp.name, HostFuncDefinition(ty, _trapping(imp), False))

    def define_unknown_imports_as_default_values(self, store: Any, module: Module) -> None:
        """Define every function import of ``module`` not yet defined as a
        function returning zeros (and null references)."""
        owner = store_of(store)
        for imp in self._unknown(module):
            ftype = module._module.types[imp.desc]
            defaults = [from_wasm(t)(None if t.is_ref else (0.0 if t in (syn.F32, syn.F64) else 0))
                        for t in ftype.results]
            self.define(owner, imp.module, imp.name,
                        Func(owner, FuncType._from_syntax(ftype), _returning(defaults)))

    def _unknown(self, module: Module) -> list:
        return [imp for imp in self._check_module(module)._module.imports
                if imp.kind == syn.ExternKind.FUNC and (imp.module, imp.name) not in self._items]


def _fresh_instance_call(store: Store, pre: InstancePre, export: str) -> Callable:
    def call(*params: Any) -> Any:
        return pre.instantiate(store).exports(store)[export](store, *params)
    return call


def _trapping(imp) -> Callable:
    def trap(*args: Any) -> None:
        raise Trap(f"unknown import: `{imp.module}::{imp.name}` has not been defined")
    return trap


def _returning(values: list) -> Callable:
    result = None if not values else values[0] if len(values) == 1 else values

    def default(*args: Any) -> Any:
        return result
    return default
