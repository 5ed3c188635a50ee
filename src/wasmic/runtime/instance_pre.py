"""``InstancePre``: a module whose imports a ``Linker`` already resolved.

Resolution (finding each import's definition by name and checking its
type) happens once, in ``Linker.instantiate_pre``; ``instantiate`` then only
maps each definition into the target store, which makes creating many
instances of one module cheap.  Definitions made by ``define_func`` work in
any store; externs defined with ``define`` belong to their store, and an
instance of them can only be made there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..errors import WasmError
from ..syntax.types import ExternKind
from .extern import check_import
from .func import Func
from .instance import Instance
from .store import Store, check_store, store_of


class HostFuncDefinition:
    """A store-independent host function (``Linker.define_func``): a
    ``Func`` is made for it in each store that uses it, once."""

    def __init__(self, ty: Any, func: Callable, access_caller: bool):
        self.ty, self.func, self.access_caller = ty, func, access_caller
        self._per_store: dict[int, tuple[Store, Func]] = {}

    def in_store(self, store: Store) -> Func:
        """This definition's ``Func`` in ``store``."""
        entry = self._per_store.get(id(store))
        if entry is None or entry[0] is not store:
            entry = self._per_store[id(store)] = (store, Func(store, self.ty, self.func,
                                                              self.access_caller))
        return entry[1]


def in_store(definition: Any, store: Store) -> Any:
    """The extern ``definition`` stands for in ``store`` (WasmError if it
    belongs to another store)."""
    if isinstance(definition, HostFuncDefinition):
        return definition.in_store(store)
    check_store(store, definition._store)
    return definition


class InstancePre:
    """A module with its imports resolved, ready to be instantiated in any
    store of its engine (made by ``Linker.instantiate_pre``)."""

    def __init__(self, module: Any, definitions: Sequence[Any]):
        self._module = module
        self._definitions = tuple(definitions)

    @property
    def module(self) -> Any:
        """The module this instantiates."""
        return self._module

    def instantiate(self, store: Any) -> Instance:
        """A new instance of the module in ``store``; WasmError if ``store``
        is of another engine or lacks an extern the imports were resolved
        to, ``Trap`` if its start function traps."""
        owner = store_of(store)
        if owner.engine is not self._module._engine:
            raise WasmError("the store belongs to another engine than the module")
        return Instance(owner, self._module, [in_store(d, owner) for d in self._definitions])

    def __repr__(self) -> str:
        return f"<InstancePre of {self._module!r}>"


def check_definition(definition: Any, imp: Any, module: Any) -> None:
    """Raise WasmError unless ``definition`` satisfies the import ``imp`` of
    the syntax module ``module``."""
    if not isinstance(definition, HostFuncDefinition):
        check_import(imp, definition, module)
        return
    expected = module.types[imp.desc] if imp.kind is ExternKind.FUNC else None
    if expected != definition.ty._to_syntax():
        wanted = f"func {expected}" if expected is not None else str(imp.kind)
        raise WasmError(f"incompatible import type for `{imp.module}::{imp.name}`: expected "
                        f"{wanted}, found func {definition.ty._to_syntax()}")
