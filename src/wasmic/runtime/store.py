"""``Store``: the owner of all runtime objects (functions, memories, tables,
globals, instances) and of their resource limits.

Every runtime object belongs to exactly one store, and each method that
takes a store checks it (``store_of``): mixing objects of two stores is a
``WasmError``, as in wasmtime.  A ``Caller`` stands for its store.

The fuel, the epoch deadline and the limits on a memory's and a table's
size live in one ``array("q")`` of cells (``_cells``) that the compiled
code of both tiers reads in place (the Python tier through memoryview
slices of it).  A store keeps its native instances alive, as wasmtime's
stores do, so native function references can always be translated back
to their ``Func`` (``native_func.NativeFuncs``).
"""

from __future__ import annotations

import sys
from array import array
from typing import Any

from ..errors import WasmError
from ..syntax.types import FUNCREF, ValueType
from .config import Engine
from .describe import describe
from .values import to_wasm

BYTES_PER_FRAME = 128
"""How much of ``Config.max_wasm_stack`` one wasm call is counted as.  Each
wasm call of the Python tier is one Python frame, so the stack limit
becomes a limit on Python recursion (2 MiB by default: 16384 calls)."""

DEFAULT_FRAMES = 2 * 1024 * 1024 // BYTES_PER_FRAME
"""The frames of the default ``Config.max_wasm_stack`` (2 MiB)."""

MAX_FRAMES_BEFORE_3_11 = 3000
"""Before Python 3.11 every Python call also uses the machine stack, so the
wasm call depth is capped lower there (a deeper stack would crash)."""

MAX_REENTRY = 500
"""Nested entries into wasm from Python (wasm -> host -> wasm -> ...).  Each
goes through C code that uses the machine stack, unlike wasm-to-wasm calls;
this bound keeps that well within any thread's stack."""

_NO_LIMIT = None
_FUEL, _DEADLINE = 0, 1
_LIMIT_CELLS = {"memory_size": 2, "table_elements": 3}
_I64_MAX = 2**63 - 1


class Store:
    """A collection of wasm objects and the host data they share.

    ``Store(engine=None, data=None)``: ``data`` is any object the host wants
    to reach from host functions (``Caller`` or ``store.data()``).
    """

    def __init__(self, engine: Engine | None = None, data: Any = None):
        if engine is None:
            engine = Engine()
        elif not isinstance(engine, Engine):
            raise TypeError(f"expected Engine, got {describe(engine)}")
        self._engine = engine
        self._data = data
        self._entries = 0  # current nesting of calls from Python into wasm
        # The cells compiled code of both tiers reads (and the fuel writes) in
        # place: fuel left, epoch deadline, the largest memory in bytes and
        # table in elements (-1: unlimited); see backend.native.
        self._cells = array("q", [0, 0, -1, -1])
        cells = memoryview(self._cells)
        self._fuel, self._deadline = cells[_FUEL:_FUEL + 1], cells[_DEADLINE:_DEADLINE + 1]
        self._limits = {"memory_size": _NO_LIMIT, "table_elements": _NO_LIMIT,
                        "instances": _NO_LIMIT, "tables": _NO_LIMIT, "memories": _NO_LIMIT}
        self._counts = {"instances": 0, "tables": 0, "memories": 0}
        self._wasi = None  # the WasiContext of set_wasi
        from .native_func import NativeFuncs  # the runtime objects import this module

        self._native_funcs = NativeFuncs(self)
        frames = engine.config.max_wasm_stack // BYTES_PER_FRAME
        _ensure_recursion_limit(frames)
        # A budget below the default one is enforced per entry (see
        # ``func.enter_wasm``); the default costs nothing per call.
        self._frame_budget = frames if frames < DEFAULT_FRAMES else None

    @property
    def engine(self) -> Engine:
        """The engine this store runs code of."""
        return self._engine

    def data(self) -> Any:
        """The host data given when the store was made."""
        return self._data

    def set_wasi(self, wasi: Any) -> None:
        """Give this store's WASI programs what ``wasi`` (a ``WasiConfig``)
        describes: a fresh descriptor table, arguments and environment."""
        from ..wasi.config import WasiConfig
        from ..wasi.context import WasiContext

        if not isinstance(wasi, WasiConfig):
            raise TypeError(f"expected WasiConfig, got {describe(wasi)}")
        self._wasi = WasiContext(wasi)

    def gc(self) -> None:
        """Release unreferenced externrefs; Python's collector already does."""

    def set_limits(self, memory_size: int = -1, table_elements: int = -1, instances: int = -1,
                   tables: int = -1, memories: int = -1) -> None:
        """Bound what wasm may allocate in this store; a negative value leaves
        a limit unchanged.  ``memory_size`` is the largest byte size of one
        memory (``memory.grow`` fails beyond it), ``table_elements`` the
        largest size of one table; the others count objects made."""
        for name, value in (("memory_size", memory_size), ("table_elements", table_elements),
                            ("instances", instances), ("tables", tables), ("memories", memories)):
            if not isinstance(value, int):
                raise TypeError(f"expected an int for {name}, got {describe(value)}")
            if value >= 0:
                self._limits[name] = value
                if name in _LIMIT_CELLS:
                    self._cells[_LIMIT_CELLS[name]] = min(value, _I64_MAX)

    # -- fuel and epochs --------------------------------------------------------------

    def set_fuel(self, fuel: int) -> None:
        """Set the fuel left: wasm uses one unit per instruction and traps
        when none is left (a store starts with none).  Needs ``Config.consume_fuel``."""
        self._require_fuel()
        if not isinstance(fuel, int) or fuel < 0:
            raise WasmError(f"fuel must be a non-negative int, got {describe(fuel)}")
        self._fuel[0] = min(fuel, _I64_MAX)

    def get_fuel(self) -> int:
        """The fuel left; needs ``Config.consume_fuel``."""
        self._require_fuel()
        return max(self._fuel[0], 0)

    def _require_fuel(self) -> None:
        if not self._engine.config.consume_fuel:
            raise WasmError("fuel is not configured in this store")

    def set_epoch_deadline(self, ticks_after_current: int) -> None:
        """Interrupt wasm (trap "interrupt") once the engine's epoch reaches
        the current one plus this; the deadline starts at 0, so with
        ``Config.epoch_interruption`` wasm traps until one is set."""
        if not isinstance(ticks_after_current, int):
            raise TypeError(f"expected an int, got {describe(ticks_after_current)}")
        self._deadline[0] = max(0, min(self._engine.epoch + ticks_after_current, _I64_MAX))

    def _meters(self) -> dict:
        """The cells the fuel and epoch checks of compiled code use."""
        return {"_fuel": self._fuel, "_epoch": self._engine._epoch, "_deadline": self._deadline}

    # -- allocation accounting ------------------------------------------------------

    def _count(self, what: str) -> None:
        """Count one more instance, table or memory, within the limits."""
        limit = self._limits[what]
        if limit is not None and self._counts[what] >= limit:
            raise WasmError(f"resource limit exceeded: {what} count too high at {limit}")
        self._counts[what] += 1

    def _memory_limit(self) -> int | None:
        return self._limits["memory_size"]

    def _table_limit(self) -> int | None:
        return self._limits["table_elements"]


def store_of(store: Any) -> Store:
    """The ``Store`` that ``store`` (a Store or a Caller) stands for."""
    if isinstance(store, Store):
        return store
    inner = getattr(store, "_store_context", None)
    if inner is not None:
        return inner()
    raise TypeError(f"expected a Store or Caller, got {describe(store)}")


def check_store(owner: Store, store: Any) -> Store:
    """``store`` must be (or stand for) ``owner``: objects never cross stores."""
    if store is not owner and store_of(store) is not owner:
        raise WasmError("object used with the wrong store")
    return owner


def owned_value(owner: Store, kind: ValueType, value: Any) -> Any:
    """A public value of type ``kind`` in internal form, to be kept by an
    object of ``owner`` (a global, a table): a function must belong to it."""
    converted = to_wasm(kind)(value)
    if converted is not None and kind == FUNCREF:
        check_store(owner, converted._store)
    return converted


def _ensure_recursion_limit(frames: int) -> None:
    """Let Python recurse ``frames`` deeper than ordinary code may (the
    limit is raised, never lowered, as it is process-wide)."""
    if sys.version_info < (3, 11):
        frames = min(frames, MAX_FRAMES_BEFORE_3_11)
    wanted = frames + 1000
    if sys.getrecursionlimit() < wanted:
        sys.setrecursionlimit(wanted)
