"""Lifting and lowering by type: the converter of each AssemblyScript type
between its wasm representation and a Python value, built once per type.

A *lifter* ``lift(view, ptr)`` reads the object at ``ptr`` from a memory
view into a Python value (None for null); a *lowerer* ``lower(value)``
allocates a new, unpinned object holding ``value`` and returns its pointer
(0 for None where the type is nullable).  Inline values (numbers, bool)
are not objects and are converted where they are read or written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from ..errors import WasmError
from . import arrays, records, strings
from .handles import HandleTable
from .heap import BUFFER_ID, STRING_ID, Heap
from .records import RecordLayout
from .types import AsType


class Codecs:
    """The lifters and lowerers of one instance, cached by type."""

    def __init__(self, heap: Heap, type_ids: Mapping[str, int],
                 layouts: Mapping[str, RecordLayout], factories: Mapping[str, Callable]):
        self.heap = heap
        self.handles = HandleTable(heap)
        self.type_ids = {"String": STRING_ID, "ArrayBuffer": BUFFER_ID, **type_ids}
        self.layouts = layouts
        self.factories = factories
        self._lifters: dict[str, Callable] = {}
        self._lowerers: dict[str, Callable] = {}

    def type_id(self, ty: AsType) -> int:
        """The class id of ``ty`` in this build; WasmError when unknown."""
        key = ty.non_null().key
        found = self.type_ids.get(key)
        if found is None and ty.kind == "class" and ty.name in self.layouts:
            found = self.layouts[ty.name].type_id
        if found is None:
            raise WasmError(
                f"the class id of {key} is unknown: ids change between builds and only "
                "the compiler's bindings (.js next to the .wasm) record them; pass "
                f"type_ids={{{key!r}: <id>}} (e.g. from an exported idof<{key}>())")
        return found

    def lifter(self, ty: AsType) -> Callable[[memoryview, int], Any]:
        """``lift(view, ptr)`` for the managed type ``ty``."""
        key = ty.non_null().key
        lift = self._lifters.get(key)
        if lift is None:
            lift = self._lifters[key] = self._make_lifter(ty.non_null())
        return lift

    def lowerer(self, ty: AsType) -> Callable[[Any], int]:
        """``lower(value) -> ptr`` for the managed type ``ty`` (null checked)."""
        key = ty.key
        lower = self._lowerers.get(key)
        if lower is None:
            lower = self._lowerers[key] = self._make_lowerer(ty.non_null(), ty.nullable)
        return lower

    # -- construction ----------------------------------------------------------------

    def _element_lifter(self, element: AsType) -> Callable | None:
        return self.lifter(element) if element.managed else None

    def _element_lowerer(self, element: AsType) -> Callable | None:
        return self.lowerer(element) if element.managed else None

    def _make_lifter(self, ty: AsType) -> Callable:
        kind = ty.kind
        if kind == "string":
            return strings.lift_string
        if kind == "buffer":
            return strings.lift_buffer
        if kind == "typedarray":
            return arrays.lift_typed(ty.element)
        if kind in ("array", "staticarray"):
            return arrays.lift_array(self.heap, ty.element, self._element_lifter(ty.element),
                                     kind == "staticarray")
        layout = self.layouts.get(ty.name)
        if layout is not None:
            return records.lift_record(layout, [self._element_lifter(ftype)
                                                for _, ftype in layout.fields],
                                       self.factories.get(ty.name))
        handles, name = self.handles, ty.key
        return lambda view, ptr: handles.lift(ptr, name)

    def _make_lowerer(self, ty: AsType, nullable: bool) -> Callable:
        # partial objects (no Python frame of their own) with positional
        # arguments only (a keyword costs a dict per call); each lowering
        # function turns None into 0 or a TypeError by ``nullable``
        kind, heap = ty.kind, self.heap
        if kind == "string":
            return partial(strings.lower_string, heap, nullable)
        if kind == "buffer":
            return partial(strings.lower_buffer, heap, nullable)
        if kind == "class" and ty.name not in self.layouts:
            return partial(self.handles.lower, ty.key, nullable)
        try:
            type_id = self.type_id(ty)
        except WasmError as error:
            return _failing(error)
        if kind == "typedarray":
            return partial(arrays.lower_typed, heap, type_id, ty.element, ty.key,
                           nullable)
        if kind in ("array", "staticarray"):
            return partial(arrays.lower_array, heap, type_id, ty.element,
                           self._element_lowerer(ty.element), kind == "staticarray", ty.key,
                           nullable)
        layout = self.layouts[ty.name]
        if layout.type_id is None:
            layout.type_id = type_id
        return records.record_lowerer(heap, layout,
                                      [self._element_lowerer(ftype) for _, ftype in layout.fields],
                                      nullable)


def _failing(error: WasmError) -> Callable:
    def cannot_lower(value: Any) -> int:
        raise WasmError(str(error))
    return cannot_lower
