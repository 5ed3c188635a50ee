"""Calling Python from wasm: a trampoline per host function.

Wasm code calls a host function through a small generated Python function
that converts the internal arguments to public values (i32/i64 signed),
calls the host callable, and converts what it returns back.  Trampolines
are generated once per signature (a factory cached by signature) so a call
costs one extra Python frame and inline conversions.  Exceptions raised by
the host callable pass through untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..syntax.types import FuncType, ValueType
from .values import CONVERTER_NAMESPACE, INLINE_FROM_WASM, results_to_wasm

_factories: dict[tuple, Callable] = {}


def _factory(params: tuple[ValueType, ...], access_caller: bool) -> Callable:
    key = (params, access_caller)
    factory = _factories.get(key)
    if factory is not None:
        return factory
    names = [f"a{i}" for i in range(len(params))]
    converted = [INLINE_FROM_WASM.get(kind, "{v}").format(v=name)
                 for name, kind in zip(names, params)]
    if access_caller:
        body = ("        caller = Caller(store, instance)\n"
                "        try:\n"
                f"            return R(F(caller, {', '.join(converted)}))\n"
                "        finally:\n"
                "            caller._valid = False\n")
    else:
        body = f"        return R(F({', '.join(converted)}))\n"
    source = (f"def make(F, R, Caller, store, instance):\n"
              f"    def host_call({', '.join(names)}):\n{body}"
              f"    return host_call\n")
    namespace: dict[str, Any] = dict(CONVERTER_NAMESPACE)
    exec(compile(source, f"<wasmic host trampoline {key}>", "exec"), namespace)
    factory = _factories[key] = namespace["make"]
    return factory


def trampoline(func: Callable, ftype: FuncType, access_caller: bool = False,
               store: Any = None, instance: Any = None) -> Callable:
    """The internal-convention callable that runs ``func`` for wasm code.

    With ``access_caller`` the first argument ``func`` gets is a ``Caller``
    for ``store`` and the calling ``instance`` (valid during the call only)."""
    from .func import Caller  # the runtime objects import this module

    factory = _factory(tuple(ftype.params), access_caller)
    return factory(func, results_to_wasm(ftype.results), Caller, store, instance)
