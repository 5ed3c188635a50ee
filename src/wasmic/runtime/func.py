"""``Func``: a wasm or host function, callable from Python; and ``Caller``,
what a host function sees of the instance calling it.

Calling ``f(store, *args)`` converts the arguments with a converter
generated once per signature, calls the function's internal callable
(``_call``: for wasm functions the generated code itself), and converts the
results.  This is the boundary where wasm traps get their backtrace, where
Python's recursion limit becomes the "call stack exhausted" trap, and where
nested entries from host code back into wasm are counted.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from ..backend.interface import canonical_type
from ..errors import WasmError
from ..syntax import types as syn
from .describe import describe
from .annotations import infer_functype
from .host import trampoline
from .store import MAX_REENTRY, Store, check_store, store_of
from .trap import Trap, TrapCode
from .types import FuncType
from .values import args_to_wasm, register_funcref, results_from_wasm

ENTRY_FRAMES = 10
"""Python frames of the runtime itself between an entry and the wasm code."""

MAX_BACKTRACE = 1000
"""The innermost frames a trap keeps (a stack overflow has tens of thousands)."""


class Func:
    """A function: defined by a wasm module, or by Python code (a host function).

    ``Func(store, ty, func, access_caller=False)`` makes a host function of
    type ``ty`` running the Python callable ``func``, which receives and
    returns plain Python values (and, with ``access_caller``, a ``Caller``
    first).  Exceptions it raises reach whoever called into wasm unchanged.
    ``Func(store, pyfunc)`` takes the type from ``pyfunc``'s annotations
    (see ``annotations``).
    """

    __slots__ = ("_store", "_type", "_call", "_args_in", "_results_out", "_host",
                 "_access_caller", "_instance", "_index", "__weakref__")

    def __init__(self, store: Any, ty: FuncType | Callable, func: Callable | None = None,
                 access_caller: bool = False):
        if func is None and callable(ty) and not isinstance(ty, FuncType):
            ty, func = infer_functype(ty, access_caller), ty  # Func(store, pyfunc)
        if not isinstance(ty, FuncType):
            raise TypeError(f"expected FuncType, got {describe(ty)}")
        if not callable(func):
            raise TypeError(f"expected a callable, got {describe(func)}")
        owner = store_of(store)
        self._setup(owner, ty._to_syntax(), None, None)
        self._host = func
        self._access_caller = bool(access_caller)
        self._call = trampoline(func, self._type, self._access_caller, owner, None)

    def _setup(self, store: Store, ftype: syn.FuncType, instance: Any, index: int | None) -> None:
        self._store = store
        self._type = canonical_type(ftype)
        self._args_in = args_to_wasm(ftype.params)
        self._results_out = results_from_wasm(ftype.results)
        self._instance = instance
        self._index = index
        self._host = None
        self._access_caller = False
        self._call = None

    @classmethod
    def _wasm(cls, store: Store, ftype: syn.FuncType, instance: Any, index: int) -> Func:
        """A function of a wasm instance; its ``_call`` is set once compiled code runs."""
        func = object.__new__(cls)
        func._setup(store, ftype, instance, index)
        return func

    def _for_instance(self, instance: Any) -> Callable:
        """The callable a wasm instance importing this function calls."""
        if self._access_caller:
            return trampoline(self._host, self._type, True, self._store, instance)
        return self._call

    def type(self, store: Any) -> FuncType:
        """The signature of this function."""
        check_store(self._store, store)
        return FuncType._from_syntax(self._type)

    def __call__(self, store: Any, *params: Any) -> Any:
        """Call with Python values; returns None, the result, or a list of results."""
        if store is not self._store:
            check_store(self._store, store)
        return self._results_out(enter_wasm(self._store, self._call, self._args_in(params)))

    def __repr__(self) -> str:
        kind = "host" if self._host is not None else f"wasm function {self._index}"
        return f"<Func {kind} {self._type}>"


def enter_wasm(store: Store, call: Callable, params: tuple = ()) -> Any:
    """Run ``call(*params)`` (internal values) from Python as an entry into
    wasm code of ``store``: the boundary where traps get their backtrace,
    Python's recursion limit becomes the "call stack exhausted" trap, and
    nested entries into wasm are counted."""
    store._entries += 1
    try:
        if store._entries > MAX_REENTRY:
            raise Trap.from_code(TrapCode.STACK_OVERFLOW)
        if store._frame_budget is not None:
            return _call_within(store._frame_budget, call, params)
        return call(*params)
    except Trap as trap:
        attach_backtrace(trap)
        raise
    except RecursionError as error:
        raise stack_overflow(error) from None
    finally:
        store._entries -= 1


def _call_within(frames: int, call: Callable, params: tuple) -> Any:
    """``call(*params)`` with Python's recursion limit lowered to ``frames``
    (a store's ``max_wasm_stack`` below the default) above the current depth
    while it runs; the process-wide limit is restored afterwards.  A nested
    entry never raises the limit an outer one set."""
    depth, frame = 0, sys._getframe()
    while frame is not None:
        depth, frame = depth + 1, frame.f_back
    previous = sys.getrecursionlimit()
    limit = depth + frames + ENTRY_FRAMES
    if limit >= previous:
        return call(*params)
    sys.setrecursionlimit(limit)
    try:
        return call(*params)
    finally:
        sys.setrecursionlimit(previous)


def attach_backtrace(trap: Trap) -> None:
    """Record the wasm frames a trap unwound through (its Python traceback)."""
    from ..backend.python.debug import frames

    found = frames(trap.__traceback__, MAX_BACKTRACE)
    if len(found) >= len(trap._frames):
        trap._frames = found


def stack_overflow(error: BaseException) -> Trap:
    """The trap for wasm recursion that hit Python's recursion limit."""
    from ..backend.python.debug import frames

    trap = Trap.from_code(TrapCode.STACK_OVERFLOW)
    trap._frames = frames(error.__traceback__, MAX_BACKTRACE)
    return trap


class Caller:
    """The calling instance, passed to host functions defined with
    ``access_caller=True``.  Usable as the store argument of any method, and
    valid only while the host function runs."""

    __slots__ = ("_store", "_instance", "_valid")

    def __init__(self, store: Store, instance: Any):
        self._store = store
        self._instance = instance
        self._valid = True

    def _store_context(self) -> Store:
        if not self._valid:
            raise WasmError("caller used after its host function returned")
        return self._store

    def get(self, name: str) -> Any:
        """The calling instance's export ``name``, or None."""
        store = self._store_context()
        if self._instance is None:
            return None
        if not isinstance(name, str):
            raise TypeError(f"expected a str export name, got {describe(name)}")
        return self._instance.exports(store).get(name)

    def __getitem__(self, name: str) -> Any:
        """The calling instance's export ``name``; KeyError if there is none."""
        item = self.get(name)
        if item is None:
            raise KeyError(f"the calling instance has no export named {name!r}")
        return item

    def data(self) -> Any:
        """The host data of the store."""
        return self._store_context().data()


register_funcref(Func)
