"""``Linker``: instantiate modules by resolving their imports by name.

Definitions are keyed by ``(module, name)``.  Externs belong to one store;
functions given by ``define_func`` belong to none and become a ``Func`` in
whichever store a module is instantiated in.
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
from .module import Module
from .store import Store, check_store, store_of
from .trap import Trap
from .types import FuncType
from .values import from_wasm


class _FuncDefinition:
    """A store-independent host function awaiting a store (``define_func``)."""

    def __init__(self, ty: FuncType, func: Callable, access_caller: bool):
        self.ty, self.func, self.access_caller = ty, func, access_caller
        self.per_store: dict[int, tuple[Store, Func]] = {}

    def in_store(self, store: Store) -> Func:
        entry = self.per_store.get(id(store))
        if entry is None or entry[0] is not store:
            entry = self.per_store[id(store)] = (store, Func(store, self.ty, self.func,
                                                              self.access_caller))
        return entry[1]


class Linker:
    """Names for externs, used to satisfy the imports of modules."""

    def __init__(self, engine: Engine):
        if not isinstance(engine, Engine):
            raise TypeError(f"expected Engine, got {describe(engine)}")
        self.engine = engine
        self._shadowing = False
        self._items: dict[tuple[str, str], Any] = {}

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

    def define(self, store: Any, module: str, name: str, item: Any) -> None:
        """Name the extern ``item`` (of ``store``) ``module::name``."""
        if extern_kind(item) is None:
            raise TypeError(f"expected a Func, Table, Memory or Global, got {describe(item)}")
        check_store(item._store, store)
        self._insert(module, name, item)

    def define_func(self, module: str, name: str, ty: FuncType, func: Callable,
                    access_caller: bool = False) -> None:
        """Name a host function ``module::name``, usable in any store."""
        if not isinstance(ty, FuncType):
            raise TypeError(f"expected FuncType, got {describe(ty)}")
        if not callable(func):
            raise TypeError(f"expected a callable, got {describe(func)}")
        self._insert(module, name, _FuncDefinition(ty, func, access_caller))

    def define_instance(self, store: Any, name: str, instance: Instance) -> None:
        """Name every export of ``instance`` ``name::<export name>``."""
        if not isinstance(instance, Instance):
            raise TypeError(f"expected Instance, got {describe(instance)}")
        for export_name, item in instance.exports(store).items():
            self._insert(name, export_name, item)

    def define_module(self, store: Any, name: str, module: Module) -> None:
        """Instantiate ``module`` now with this linker and define its exports
        under ``name``."""
        self.define_instance(store, name, self.instantiate(store, module))

    def _resolve(self, store: Store, module: str, name: str) -> Any:
        item = self._items.get((module, name))
        if isinstance(item, _FuncDefinition):
            return item.in_store(store)
        if item is not None:
            check_store(store, item._store)
        return item

    def get(self, store: Any, module: str, name: str) -> Any:
        """The extern named ``module::name``; WasmError if undefined."""
        item = self._resolve(store_of(store), module, name)
        if item is None:
            raise WasmError(f"`{module}::{name}` has not been defined in this linker")
        return item

    def get_default(self, store: Any, name: str) -> Func:
        """The default export of module ``name``: its ``""`` or ``_start`` function."""
        for export in ("", "_start"):
            item = self._resolve(store_of(store), name, export)
            if isinstance(item, Func):
                return item
        raise WasmError(f"no default export for module `{name}`")

    def instantiate(self, store: Any, module: Module) -> Instance:
        """Instantiate ``module`` with the definitions matching its imports."""
        owner = store_of(store)
        if not isinstance(module, Module):
            raise TypeError(f"expected Module, got {describe(module)}")
        externs = []
        for imp in module._module.imports:
            item = self._resolve(owner, imp.module, imp.name)
            if item is None:
                raise WasmError(f"unknown import: `{imp.module}::{imp.name}` has not been "
                                "defined")
            externs.append(item)
        return Instance(owner, module, externs)

    def instantiate_pre(self, module: Module) -> InstancePre:
        """``module`` with this linker's current definitions, ready to be
        instantiated in any store (``InstancePre.instantiate``)."""
        if not isinstance(module, Module):
            raise TypeError(f"expected Module, got {describe(module)}")
        linker = Linker(self.engine)
        linker._items = dict(self._items)
        return InstancePre(linker, module)

    def define_unknown_imports_as_traps(self, module: Module) -> None:
        """Define every import of ``module`` not yet defined as a function
        that traps when called."""
        for imp in self._unknown(module, syn.ExternKind.FUNC):
            ty = FuncType._from_syntax(module._module.types[imp.desc])
            self._insert(imp.module, imp.name, _FuncDefinition(ty, _trapping(imp), False))

    def define_unknown_imports_as_default_values(self, store: Any, module: Module) -> None:
        """Define every function import of ``module`` not yet defined as a
        function returning zeros (and null references)."""
        for imp in self._unknown(module, syn.ExternKind.FUNC):
            ftype = module._module.types[imp.desc]
            defaults = [from_wasm(t)(None if t.is_ref else (0.0 if t in (syn.F32, syn.F64) else 0))
                        for t in ftype.results]
            self.define(store, imp.module, imp.name,
                        Func(store, FuncType._from_syntax(ftype), _returning(defaults)))

    def _unknown(self, module: Module, kind: syn.ExternKind) -> list:
        if not isinstance(module, Module):
            raise TypeError(f"expected Module, got {describe(module)}")
        return [imp for imp in module._module.imports
                if imp.kind == kind and (imp.module, imp.name) not in self._items]


class InstancePre:
    """A module paired with the definitions to link it with (see
    ``Linker.instantiate_pre``)."""

    def __init__(self, linker: Linker, module: Module):
        self._linker = linker
        self._module = module

    @property
    def module(self) -> Module:
        """The module this instantiates."""
        return self._module

    def instantiate(self, store: Any) -> Instance:
        """A new instance of the module in ``store``."""
        return self._linker.instantiate(store, self._module)


def _trapping(imp) -> Callable:
    def trap(*args: Any) -> None:
        raise Trap(f"unknown import: `{imp.module}::{imp.name}` has not been defined")
    return trap


def _returning(values: list) -> Callable:
    result = None if not values else values[0] if len(values) == 1 else values

    def default(*args: Any) -> Any:
        return result
    return default
