"""``Instance``: a module instantiated in a store, and its exports."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from .store import check_store, store_of


class InstanceExports(Mapping):
    """The exports of an instance: a mapping from export name to extern
    (``Func``, ``Table``, ``Memory`` or ``Global``), also indexable by
    position (``exports[0]``, ``exports.by_index``) and by attribute
    (``exports.add``)."""

    def __init__(self, names: Sequence[str], values: Sequence[Any]):
        self._by_name = dict(zip(names, values))
        self._by_index = tuple(values)

    @property
    def by_index(self) -> Sequence[Any]:
        """The externs in export order."""
        return self._by_index

    def __getitem__(self, key: str | int) -> Any:
        if isinstance(key, int) and not isinstance(key, bool):
            return self._by_index[key]
        return self._by_name[key]

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["_by_name"][name]
        except KeyError:
            raise AttributeError(f"the instance has no export named {name!r}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_name)

    def __len__(self) -> int:
        return len(self._by_index)

    def __repr__(self) -> str:
        return f"<InstanceExports {list(self._by_name)}>"


class Instance:
    """``Instance(store, module, imports)``: instantiate ``module`` with the
    externs ``imports`` (in the order of ``module.imports``).  Raises
    WasmError when the imports do not match, ``Trap`` when initialization
    or the start function traps."""

    def __init__(self, store: Any, module: Any, imports: Sequence[Any]):
        from .instantiate import instantiate

        instantiate(store_of(store), module, imports, self)

    def _set(self, store, module, exports: InstanceExports, funcs: list, memories: list,
             tables: list, globals_: list) -> None:
        self._store = store
        self._module = module
        self._exports = exports
        self._funcs = funcs
        self._memories = memories
        self._tables = tables
        self._globals = globals_

    def exports(self, store: Any) -> InstanceExports:
        """This instance's exports."""
        check_store(self._store, store)
        return self._exports
