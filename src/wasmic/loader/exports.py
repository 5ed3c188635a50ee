"""The Python face of an imported wasm module's instance: its exports as
module attributes.

Functions become plain callables needing no store; memories, globals and
tables stay wasmic objects, used with the module's store
``__wasm_store__``.  The raw externs are in ``__wasm_exports__`` (also for
export names that are not identifiers or would hide a module attribute).
"""

from __future__ import annotations

import functools
import inspect
import types
from collections.abc import Callable, MutableMapping
from typing import Any

from ..convenience import bind_func
from ..runtime import Func, Instance, Module, Store

RESERVED = frozenset({
    "__name__", "__doc__", "__package__", "__loader__", "__spec__", "__path__", "__file__",
    "__cached__", "__builtins__", "__all__", "__dict__", "__getattr__", "__dir__",
    "__wasm_store__", "__wasm_instance__", "__wasm_module__", "__wasm_exports__",
    "__assemblyscript__",
})
"""Names an export never overwrites: the module's own attributes."""


def exported_function(func: Func, store: Store, module: str, name: str) -> Callable:
    """``func`` callable without its store (``mod.add(1, 2)``), by the fast
    path of ``wasmic.instantiate``; named after the export, with a signature
    for ``help`` and ``inspect``, and the ``Func`` as ``__wasm_func__``."""
    bound = bind_func(func, store)
    if isinstance(bound, types.MethodType):  # (native) a method object takes no attributes
        bound = functools.partial(func, store)
    bound.__name__ = bound.__qualname__ = name
    bound.__module__ = module
    bound.__doc__ = f"The wasm function {name}: {func._type}."
    positional = inspect.Parameter.POSITIONAL_ONLY
    bound.__signature__ = inspect.Signature([inspect.Parameter(f"arg{index}", positional)
                                             for index in range(len(func._type.params))])
    bound.__wasm_func__ = func
    return bound


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
        namespace[export_name] = (exported_function(item, store, name, export_name)
                                  if isinstance(item, Func) else item)
        public.append(export_name)
    describe_instance(namespace, public, store, module, instance)


def describe_instance(namespace: MutableMapping[str, Any], public: list[str], store: Store,
                      module: Module, instance: Instance) -> None:
    """Set the module attributes that say what ``namespace`` shows: ``__all__``
    (the ``public`` names), and the store, module, instance and raw exports."""
    namespace["__all__"] = public
    namespace["__wasm_store__"] = store
    namespace["__wasm_module__"] = module
    namespace["__wasm_instance__"] = instance
    namespace["__wasm_exports__"] = instance.exports(store)
