"""Opaque handles: instances of AssemblyScript classes that are not plain
records (they have a constructor, private state, a base class...).

Such an object stays in wasm memory; Python holds a ``Handle`` that pins it
for as long as the handle lives, and passes it back to functions taking the
class.  One handle exists per object at a time (the same pointer lifted
twice gives the same handle), and its pin is released through the heap's
deferred unpins once Python drops it.
"""

from __future__ import annotations

import weakref
from typing import Any

from .heap import Heap, null_pointer


class Handle:
    """A reference to an AssemblyScript object, keeping it alive while referenced."""

    __slots__ = ("_heap", "_ptr", "_class_name", "__weakref__")

    def __init__(self, heap: Heap, ptr: int, class_name: str):
        self._heap = heap
        self._ptr = ptr
        self._class_name = class_name
        heap.pin(ptr)

    @property
    def ptr(self) -> int:
        """The object's address in the module's memory."""
        return self._ptr

    @property
    def class_name(self) -> str:
        """The AssemblyScript class name (as the signature spells it)."""
        return self._class_name

    def __del__(self) -> None:
        heap = self._heap
        if heap is not None:
            heap.deferred.append(self._ptr)

    def __repr__(self) -> str:
        return f"<{self._class_name} handle at {self._ptr:#x}>"


class HandleTable:
    """The live handles of one heap, one per object."""

    def __init__(self, heap: Heap):
        self._heap = heap
        self._live: weakref.WeakValueDictionary[int, Handle] = weakref.WeakValueDictionary()

    def lift(self, ptr: int, class_name: str) -> Handle | None:
        """The handle of the object at ``ptr`` (None for null)."""
        if not ptr:
            return None
        handle = self._live.get(ptr)
        if handle is None:
            handle = self._live[ptr] = Handle(self._heap, ptr, class_name)
        return handle

    def lower(self, class_name: str, nullable: bool, value: Any) -> int:
        """The pointer of ``value``, a handle of this heap (0 for None if ``nullable``)."""
        if type(value) is not Handle or value._heap is not self._heap:
            if value is None:
                return null_pointer(nullable, class_name)
            if isinstance(value, Handle):
                raise TypeError(f"the {value._class_name} handle belongs to another "
                                "AssemblyScript instance")
            raise TypeError(f"expected a {class_name} handle, got {type(value).__name__}")
        return value._ptr
