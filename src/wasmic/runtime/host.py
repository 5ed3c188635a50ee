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

from ..syntax.types import I32, I64, FuncType, ValueType
from .values import from_wasm, results_to_wasm

_INLINE_FROM = {
    I32: "({v} - 0x100000000 if {v} > 0x7FFFFFFF else {v})",
    I64: "({v} - 0x10000000000000000 if {v} > 0x7FFFFFFFFFFFFFFF else {v})",
}

_factories: dict[tuple, Callable] = {}


def _factory(params: tuple[ValueType, ...], access_caller: bool) -> Callable:
    key = (params, access_caller)
    factory = _factories.get(key)
    if factory is not None:
        return factory
    names = [f"a{i}" for i in range(len(params))]
    converted = []
    for index, (name, kind) in enumerate(zip(names, params)):
        inline = _INLINE_FROM.get(kind)
        if inline is not None:
            converted.append(inline.format(v=name))
        elif from_wasm(kind).__name__ == "_identity":
            converted.append(name)
        else:
            converted.append(f"P{index}({name})")
    if access_caller:
        body = ("        caller = Caller(store, instance)\n"
                "        try:\n"
                f"            return R(F(caller, {', '.join(converted)}))\n"
                "        finally:\n"
                "            caller._valid = False\n")
    else:
        body = f"        return R(F({', '.join(converted)}))\n"
    source = (f"def make(F, R, P, Caller, store, instance):\n"
              f"    {''.join(f'P{i} = P[{i}]; ' for i in range(len(params)))}\n"
              f"    def host_call({', '.join(names)}):\n{body}"
              f"    return host_call\n")
    namespace: dict[str, Any] = {}
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
    converters = [from_wasm(kind) for kind in ftype.params]
    return factory(func, results_to_wasm(ftype.results), converters, Caller, store, instance)
