"""Functions on the native tier: ``NativeFunc``, a wasm function of a native
instance as a public ``Func``; and how functions cross the native boundary.

Native code passes function references as the runtime's own function
objects (``backend.native``); the public API passes ``Func``.  Each store
keeps a ``NativeFuncs`` registry translating between the two, so a
function that goes into a table and comes back out is the same ``Func``.
A function that is not native (a host function, or one of a Python-tier
instance) gets a native reference through an *adapter*: a tiny compiled
module importing it and exporting it again, one per signature.

Calls: native code calls host functions with public values (i32/i64
signed), so a plain host function is handed over as is and called through
the module's vectorcall trampoline; only signatures with function
references, several results, or ``access_caller`` need a Python wrapper.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from ..syntax import types as syn
from ..syntax.module import Export, Import
from ..syntax.module import Module as SyntaxModule
from .func import Caller, Func
from .host import trampoline
from .store import check_store
from .values import Val, args_to_wasm, results_from_wasm, to_wasm


def _uses_funcref(kinds: tuple[syn.ValueType, ...]) -> bool:
    return syn.FUNCREF in kinds


class NativeFunc(Func):
    """A wasm function of a native instance.  ``_rt`` is the runtime's function
    object; ``_fast`` is the same object when calls need no conversion in
    Python (no function references), else None."""

    __slots__ = ("_rt", "_fast")

    @classmethod
    def _wrap(cls, store: Any, ftype: syn.FuncType, rt_func: Any, instance: Any,
              index: int) -> NativeFunc:
        func_class = native_func_class()
        func = func_class.__new__(func_class)
        func._setup(store, ftype, instance, index)
        func._rt = rt_func
        func._fast = None if _uses_funcref(ftype.params + ftype.results) else rt_func
        return func

    def __call__(self, store: Any, *args: Any) -> Any:
        """Call with Python values; returns None, the result, or a list of results."""
        if store is not self._store:
            check_store(self._store, store)
        return self._invoke(args)

    def _invoke(self, args: tuple) -> Any:
        """Call with public arguments (checked and converted as on the Python
        tier); the public result."""
        natives = self._store._native_funcs
        params = args_to_wasm(self._type.params)(args)
        if _uses_funcref(self._type.params):
            params = tuple(natives.native(p) if k == syn.FUNCREF else p
                           for k, p in zip(self._type.params, params))
        results = self._rt(*params)
        kinds = self._type.results
        if _uses_funcref(kinds):
            if len(kinds) == 1:
                results = natives.public(results)
            else:
                results = tuple(natives.public(r) if k == syn.FUNCREF else r
                                for k, r in zip(kinds, results))
        return results_from_wasm(kinds)(results)

    def _for_instance(self, instance: Any) -> Callable:
        """The internal-convention callable a Python-tier instance calls."""
        return trampoline(lambda *args: self._invoke(args), self._type)

    def __repr__(self) -> str:
        return f"<Func native wasm function {self._index} {self._type}>"


_func_class: type | None = None
_func_class_lock = threading.Lock()


def native_func_class() -> type:
    """The class of native functions: the subclass of ``NativeFunc`` the
    native runtime makes (once per process), whose calls from Python run in C."""
    global _func_class
    with _func_class_lock:
        if _func_class is None:
            from ..backend.native import ensure_runtime, runtime

            native_runtime = runtime() or ensure_runtime()
            _func_class = native_runtime.make_func_class(NativeFunc, Val)
        return _func_class


def host_callable(func: Func, store: Any, instance: Any) -> Callable:
    """What a native instance imports for the non-native ``func``: a callable
    taking and returning public values (results of several as a tuple)."""
    params, results = func._type.params, func._type.results
    target = _public_callable(func, store, instance)
    if not _uses_funcref(params + results) and len(results) <= 1:
        return target  # a plain host function: no Python in between
    natives = store._native_funcs

    def to_native(kind: syn.ValueType, value: Any) -> Any:
        return natives.native(to_wasm(syn.FUNCREF)(value)) if kind == syn.FUNCREF else value

    def call(*args: Any) -> Any:
        args = tuple(natives.public(a) if k == syn.FUNCREF else a for k, a in zip(params, args))
        out = target(*args)
        if len(results) == 1:
            return to_native(results[0], out)
        if isinstance(out, (list, tuple)) and len(out) == len(results):
            return tuple(to_native(k, v) for k, v in zip(results, out))
        return out  # None for no results; anything else is refused by the trampoline

    return call


def _public_callable(func: Func, store: Any, instance: Any) -> Callable:
    """``func`` as a callable of public values: the host's own callable, with a
    ``Caller`` first if it asked for one; a Python-tier function called as from Python."""
    host = func._host
    if host is None:
        def call_wasm(*args: Any) -> Any:
            return func(store, *args)
        return call_wasm
    if not func._access_caller:
        return host

    def call_with_caller(*args: Any) -> Any:
        caller = Caller(store, instance)
        try:
            return host(caller, *args)
        finally:
            caller._valid = False
    return call_with_caller


class _AdaptedHost:
    """The owner of an adapter instance: its one function is ``func``."""

    def __init__(self, func: Func):
        self.func = func

    def _native_func(self, index: int, rt_func: Any) -> Func:
        return self.func


class NativeFuncs:
    """One store's translation between public ``Func`` objects and the
    native runtime's function objects."""

    def __init__(self, store: Any):
        self._store = store
        self._owners: dict[Any, Any] = {}  # native instance -> runtime Instance (or adapter)
        self._adapters: dict[Func, Any] = {}  # non-native Func -> its native reference
        self._orphans: dict[Any, Func] = {}  # functions of instances that failed to instantiate

    def register(self, native_instance: Any, owner: Any) -> None:
        """Functions of ``native_instance`` come out as ``owner._native_func(index, rt)``."""
        self._owners[native_instance] = owner

    def public(self, value: Any) -> Func | None:
        """The ``Func`` for a native function reference (or None)."""
        if value is None:
            return None
        rt_func = getattr(value, "__self__", value)
        owner = self._owners.get(rt_func.instance)
        if owner is not None:
            return owner._native_func(rt_func.index, rt_func)
        # An instance whose initialization trapped can leave its functions in
        # a table it imported: they live on without an Instance.
        func = self._orphans.get(rt_func)
        if func is None:
            from ..backend.native.typeids import type_of

            func = self._orphans[rt_func] = NativeFunc._wrap(
                self._store, type_of(rt_func.type_id), rt_func, None, rt_func.index)
        return func

    def native(self, func: Func | None) -> Any:
        """The native function reference for ``func`` (or None)."""
        if func is None:
            return None
        if isinstance(func, NativeFunc):
            return func._rt
        adapted = self._adapters.get(func)
        if adapted is None:
            adapted = self._adapters[func] = self._adapt(func)
        return adapted

    def _adapt(self, func: Func) -> Any:
        from ..backend.native import compile_module
        from .tier import cache_dir

        ftype = func._type
        module = SyntaxModule(types=[ftype], imports=[Import("", "f", syn.ExternKind.FUNC, 0)],
                              exports=[Export("f", syn.ExternKind.FUNC, 0)])
        compiled = compile_module(module, cache_dir=cache_dir(self._store.engine.config))
        instance = compiled.instantiate([host_callable(func, self._store, None)])
        self.register(instance, _AdaptedHost(func))
        return instance.exports["f"]
