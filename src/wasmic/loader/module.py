"""The Python face of an imported wasm module: a module object whose
attributes are the instance's exports.

Functions become ``ExportedFunc`` (callable without a store); memories,
globals and tables stay wasmic objects, used with the module's store
``__wasm_store__``.  The raw externs are in ``__wasm_exports__`` (also for
export names that are not identifiers or would hide a module attribute).
"""

from __future__ import annotations

import functools
import inspect
import types
from collections.abc import MutableMapping
from typing import Any

from ..runtime import Func, FuncType, Instance, Module, Store

RESERVED = frozenset({
    "__name__", "__doc__", "__package__", "__loader__", "__spec__", "__path__", "__file__",
    "__cached__", "__builtins__", "__all__", "__dict__", "__getattr__", "__dir__",
    "__wasm_store__", "__wasm_instance__", "__wasm_module__", "__wasm_exports__",
})
"""Names an export never overwrites: the module's own attributes."""


class ExportedFunc(functools.partial):
    """An exported wasm function bound to its store: ``mod.add(1, 2)``.

    ``func`` is the underlying ``Func`` and ``args[0]`` its store (it is a
    ``functools.partial`` of them, which keeps the call cheap).
    """

    def __new__(cls, func: Func, store: Store, module: str, name: str) -> ExportedFunc:
        bound = super().__new__(cls, func, store)
        bound.__name__ = bound.__qualname__ = name
        bound.__module__ = module
        bound.__doc__ = f"The wasm function {name}{func._type}."
        return bound

    @property
    def type(self) -> FuncType:
        """The function's wasm type."""
        return self.func.type(self.args[0])

    @property
    def __signature__(self) -> inspect.Signature:
        """One positional parameter per wasm parameter (for ``help``, ``inspect``)."""
        positional = inspect.Parameter.POSITIONAL_ONLY
        return inspect.Signature([inspect.Parameter(f"arg{index}", positional)
                                  for index in range(len(self.func._type.params))])

    def __repr__(self) -> str:
        return f"<wasm function {self.__module__}.{self.__name__} {self.func._type}>"

    def __reduce__(self) -> Any:
        raise TypeError(f"cannot pickle wasm function {self.__module__}.{self.__name__}")


class WasmModule(types.ModuleType):
    """A module made by the import hook from a ``.wasm`` or ``.wat`` file."""

    def __repr__(self) -> str:
        return f"<wasm module {self.__name__!r} from {getattr(self, '__file__', '?')!r}>"


def populate(namespace: MutableMapping[str, Any], store: Store, module: Module,
             instance: Instance) -> None:
    """Make ``namespace`` (a module's ``__dict__``) show ``instance``'s
    exports, replacing those of an earlier instance (``importlib.reload``)."""
    name = namespace.get("__name__", "?")
    exports = instance.exports(store)
    for old in namespace.get("__all__", ()):
        namespace.pop(old, None)
    public = []
    for export_name, item in exports.items():
        if export_name in RESERVED:
            continue
        namespace[export_name] = (ExportedFunc(item, store, name, export_name)
                                  if isinstance(item, Func) else item)
        public.append(export_name)
    namespace["__all__"] = public
    namespace["__wasm_store__"] = store
    namespace["__wasm_module__"] = module
    namespace["__wasm_instance__"] = instance
    namespace["__wasm_exports__"] = exports
