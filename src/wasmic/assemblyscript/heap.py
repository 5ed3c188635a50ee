"""The heap of an AssemblyScript instance: its linear memory and the runtime
exports that manage it (``__new``, ``__pin``, ``__unpin``, ``__collect``).

Pins are reference-counted here, because the runtime aborts when an object
is pinned twice.  Python finalizers (of handles, views) never call into wasm
themselves: they queue the unpin, and the queue is flushed at the next entry
from Python (``flush``), when no wasm code is running in the middle of an
allocation.

Memory views: where a live view keeps the memory from growing (the Python
tier's bytearray), ``view()`` is a fresh view for each access, dropped
before any call into wasm.  Where views stay valid as the memory grows (the
native tier's memory never moves), ``view()`` is one kept view, replaced
(``refresh``) when an allocation lands past its end, and by readers that
find an object past it (the memory grew inside wasm): a lookup instead of a
new view per access.  Which holds is probed once, on a scratch memory of
the store, through the public API (``views_survive_growth``).
"""

from __future__ import annotations

import weakref
from functools import partial
from struct import Struct
from struct import error as StructError
from typing import Any

from ..errors import WasmError
from ..runtime import Limits, Memory, MemoryType
from .accelerator import boundary_for

MASK32 = 0xFFFFFFFF
HEADER_SIZE = 20
"""Bytes of the object header before each managed payload."""
RT_ID_OFFSET = -8
RT_SIZE_OFFSET = -4

STRING_ID = 2
BUFFER_ID = 1

U32 = Struct("<I")

LIFT_ERRORS = (StructError, IndexError, ValueError, OverflowError)
"""What reading a corrupt object raises (out of bounds, odd UTF-16 length...)."""


def bad_object(what: str, ptr: Any, error: Exception) -> WasmError:
    """The error for a pointer that does not lead to a readable object."""
    where = f" at {ptr:#x}" if isinstance(ptr, int) else ""
    return WasmError(f"{what}: no valid object{where} in the module's memory ({error})")


def null_pointer(nullable: bool, what: str) -> int:
    """The pointer lowering None gives: 0 where the type allows null."""
    if nullable:
        return 0
    raise TypeError(f"{what} must not be None (the type is not nullable)")


_RUNTIME = ("__new", "__pin", "__unpin", "__collect")


class Heap:
    """Allocation, pins and raw access to the memory of one instance."""

    __slots__ = ("store", "memory", "_new", "_pin", "_unpin", "_collect", "_pins", "deferred",
                 "rtti_base", "view", "_kept", "alloc", "pin_fresh", "unpin_fresh", "boundary",
                 "__weakref__")

    def __init__(self, store: Any):
        self.store = store
        self.memory = None
        self._new = self._pin = self._unpin = self._collect = None
        self.rtti_base = None
        self._pins: dict[int, int] = {}
        self.deferred: list[int] = []
        """Unpins queued by finalizers, done at the next ``flush``."""
        self._kept: memoryview | None = None
        self.view = self._fresh_view
        """``view()``: a view of the whole memory (see the module's docstring)."""
        self.boundary = None
        """The C accelerator's ``Boundary`` on the native tier, else None (see ``accelerator``)."""

    def attach(self, memory: Any, exports: Any) -> None:
        """Use ``memory`` and the runtime functions among ``exports`` (anything
        with ``get(name)``), once the instance exists (or, during its start
        function, through the ``Caller``)."""
        if memory is None:
            raise WasmError("the module neither exports nor imports a memory")
        self._new, self._pin, self._unpin, self._collect = (exports.get(name) for name in _RUNTIME)
        if self._new is not None:
            # the runtime functions with the store bound: partial objects, no Python frame
            self.alloc = partial(self._new, self.store)
            """``alloc(size, id)``: raw ``__new`` (signed result; no view upkeep)."""
            self.pin_fresh = partial(self._pin, self.store)
            """Pin an object just allocated (nobody else holds a pin on it), uncounted."""
            self.unpin_fresh = partial(self._unpin, self.store)
            """Undo ``pin_fresh``."""
        base = exports.get("__rtti_base")
        self.rtti_base = base.value(self.store) & MASK32 if base is not None else None
        self.memory = memory
        self.boundary = boundary_for(self.store, memory, self._new, self._pin, self._unpin)
        if views_survive_growth(self.store):
            self._kept = memory.get_buffer_ptr(self.store)
            self.view = self._kept_view

    @property
    def has_runtime(self) -> bool:
        """Whether the module exports its runtime (built with ``--exportRuntime``)."""
        return self._new is not None

    @property
    def keeps_view(self) -> bool:
        """Whether ``view()`` is the kept view (valid across allocations)."""
        return self._kept is not None

    def allocator(self) -> Any:
        """``alloc``, or a WasmError if the module exports no runtime."""
        if self._new is None:
            self._require("allocate objects")
        return self.alloc

    def _require(self, what: str) -> None:
        if self._new is None:
            raise WasmError(f"cannot {what}: the module does not export the AssemblyScript "
                            "runtime (build it with --exportRuntime)")

    def _fresh_view(self) -> memoryview:
        """A new view of the whole memory (drop it before calling into wasm)."""
        return self.memory.get_buffer_ptr(self.store)

    def _kept_view(self) -> memoryview:
        """The kept view (it may end before the memory does: see ``refresh``)."""
        return self._kept

    def view_to(self, end: int) -> memoryview:
        """``view()``, sure to reach ``end``, the end of an object just
        allocated; WasmError if the memory does not (a broken allocator)."""
        kept = self._kept
        if kept is not None and end <= len(kept):
            return kept
        view = self.refresh() if kept is not None else self.memory.get_buffer_ptr(self.store)
        if end > len(view):
            raise WasmError(f"the module's allocator (__new) gave an object reaching past the "
                            f"end of its memory ({len(view)} bytes)")
        return view

    def refresh(self) -> memoryview:
        """A view of the whole memory as it is now (the kept one, renewed)."""
        view = self.memory.get_buffer_ptr(self.store)
        if self._kept is not None:
            self._kept = view
        return view

    def new_filled(self, data: Any, type_id: int) -> int:
        """A new object of class ``type_id`` holding a copy of ``data`` (bytes,
        or a byte-format buffer), through the accelerator when there is one
        (unpinned: the next allocation may free it unless it is pinned or
        stored)."""
        if self.boundary is not None:
            return self.boundary.buffer(data, type_id)
        size = len(data)
        ptr = self.allocator()(size, type_id) & MASK32
        self.view_to(ptr + size)[ptr:ptr + size] = data
        return ptr

    def pin(self, ptr: int) -> int:
        """Keep the object at ``ptr`` alive until the matching ``unpin``
        (counted: pinning twice needs two unpins)."""
        if self._pin is None:
            self._require("pin objects")
        if not isinstance(ptr, int):
            raise TypeError(f"expected a pointer (int), got {type(ptr).__name__}")
        if ptr:
            count = self._pins.get(ptr, 0)
            if not count:
                self._pin(self.store, ptr)
            self._pins[ptr] = count + 1
        return ptr

    def unpin(self, ptr: int) -> None:
        """Undo one ``pin`` of ``ptr``; WasmError if it is not pinned."""
        if not ptr:
            return
        count = self._pins.get(ptr)
        if count is None:
            raise WasmError(f"the object at {ptr:#x} is not pinned")
        if count == 1:
            del self._pins[ptr]
            self._unpin(self.store, ptr)
        else:
            self._pins[ptr] = count - 1

    def pin_count(self, ptr: int) -> int:
        """How many pins hold the object at ``ptr``."""
        return self._pins.get(ptr, 0)

    def flush(self) -> None:
        """Do the unpins finalizers queued."""
        deferred = self.deferred
        while deferred:
            self.unpin(deferred.pop())

    def collect(self) -> None:
        """Run a full garbage collection of the module's heap."""
        if self._collect is None:
            self._require("collect garbage")
        self.flush()
        self._collect(self.store)

    def header(self, ptr: int) -> tuple[int, int]:
        """(class id, payload size) of the object at ``ptr``."""
        view = self.refresh()
        if ptr < HEADER_SIZE or ptr > len(view):
            raise WasmError(f"{ptr:#x} is not the address of an object in a memory of "
                            f"{len(view)} bytes")
        return U32.unpack_from(view, ptr + RT_ID_OFFSET)[0], U32.unpack_from(view, ptr - 4)[0]

    def rtti_flags(self, type_id: int) -> int:
        """The runtime type flags of class ``type_id`` (see ``layout``)."""
        if self.rtti_base is None:
            raise WasmError("the module does not export __rtti_base (build it with "
                            "--exportRuntime)")
        view = self.refresh()
        count = U32.unpack_from(view, self.rtti_base)[0]
        if type_id >= count:
            raise WasmError(f"class id {type_id} is not in the module's type table "
                            f"({count} ids)")
        return U32.unpack_from(view, self.rtti_base + 4 + 4 * type_id)[0]


_PROBED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def views_survive_growth(store: Any) -> bool:
    """Whether a memory of ``store``'s tier can grow while a view of it is
    alive, the view staying valid (its memory does not move).  Probed once
    per store on a scratch one-page memory; any failure answers no, the safe
    answer."""
    known = _PROBED.get(store)
    if known is None:
        known = _PROBED[store] = _probe(store)
    return known


def _probe(store: Any) -> bool:
    try:
        probe = Memory(store, MemoryType(Limits(1, 2)))
        view = probe.get_buffer_ptr(store)
        try:
            probe.grow(store, 1)
        finally:
            view.release()
    except (WasmError, BufferError, MemoryError):
        return False
    return True
