"""Typed arrays, ``Array<T>`` and ``StaticArray<T>`` in AssemblyScript memory.

Layouts (wasm32, little-endian):

- a typed array is a 12-byte view object: ``buffer``, ``dataStart``
  (absolute address, past ``buffer`` for a subarray) and ``byteLength``;
- an ``Array<T>`` is 16 bytes: the same three fields and ``length``
  (``byteLength`` is then the capacity);
- a ``StaticArray<T>`` holds its elements itself: count = payload size / size.

Typed arrays lift to ``array.array`` copies (buffer protocol, numpy-ready),
arrays to lists; numeric elements move with one ``struct`` call.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Callable
from struct import Struct
from typing import Any

from .heap import BUFFER_ID, MASK32, U32, Heap, null_pointer
from .strings import lift_strings, store_strings
from .types import AsType

VIEW_SIZE = 12
ARRAY_SIZE = 16
_VIEW = Struct("<III")
_ARRAY = Struct("<IIII")
_BIG_ENDIAN = sys.byteorder == "big"
_INT_CODES = "bhilqn"
_FLOAT_CODES = "efd"


def array_code(code: str) -> str:
    """The ``array.array`` typecode of elements packed with struct ``code``."""
    if code in "iI" and array("i").itemsize != 4:  # pragma: no cover - ILP64 only
        return "l" if code == "i" else "L"
    return code


def _same_kind(fmt: str, code: str) -> bool:
    fmt = fmt.lstrip("<=@")
    if len(fmt) != 1:
        return False
    if code in _FLOAT_CODES:
        return fmt in _FLOAT_CODES
    if fmt.lower() not in _INT_CODES:
        return fmt == "c" and code in "bB"
    return fmt.isupper() == code.isupper() or code in "bB"


def _sequence(values: Any, what: str) -> Any:
    if isinstance(values, str) or not hasattr(values, "__iter__"):
        raise TypeError(f"expected a sequence for {what}, got {type(values).__name__}")
    return values if hasattr(values, "__len__") else list(values)


def element_bytes(element: AsType, values: Any, what: str) -> Any:
    """The little-endian bytes of ``values`` as elements of type ``element``
    (a bytes-like object): a buffer of the same element size and kind
    (array.array, numpy, bytes for 8-bit elements) is copied as is, other
    sequences are converted element by element, checking each."""
    size, code = element.storage
    if type(values) is list and code != "?" and what != "Uint8ClampedArray" and not _BIG_ENDIAN:
        try:  # the common case, first
            return memoryview(array(array_code(code), values)).cast("B")
        except (TypeError, OverflowError):
            pass  # reported below
    elif not _BIG_ENDIAN and code != "?":
        try:
            view = memoryview(values)
        except TypeError:
            view = None
        if view is not None and view.itemsize == size and view.c_contiguous \
                and _same_kind(view.format, code):
            return view.tobytes()
    values = _sequence(values, what)
    if code == "?":
        return bytes(1 if value else 0 for value in values)
    if what == "Uint8ClampedArray":
        values = [0 if value < 0 else 255 if value > 255 else round(value) for value in values]
    try:
        packed = array(array_code(code), values)
    except (TypeError, OverflowError) as error:
        raise TypeError(f"{what}: every element must be a {element.name} ({error})") from None
    if _BIG_ENDIAN:  # pragma: no cover - wasm memory is little-endian
        packed.byteswap()
    return memoryview(packed).cast("B")


def lift_typed(element: AsType) -> Callable[[memoryview, int], Any]:
    """The lifter of a typed array with ``element`` elements to an ``array.array`` copy."""
    code = array_code(element.storage[1])

    def lift(view: memoryview, ptr: int) -> array | None:
        if not ptr:
            return None
        _, start, length = _VIEW.unpack_from(view, ptr)
        if start + length > len(view):
            raise IndexError("the typed array reaches past the end of memory")
        result = array(code)
        result.frombytes(view[start:start + length])
        if _BIG_ENDIAN:  # pragma: no cover - wasm memory is little-endian
            result.byteswap()
        return result
    return lift


def lower_typed(heap: Heap, type_id: int, element: AsType, what: str, nullable: bool,
                values: Any) -> int:
    """A new (unpinned) typed array of class ``type_id`` holding ``values``;
    its buffer is pinned while the view object is allocated."""
    if values is None:
        return null_pointer(nullable, what)
    boundary = heap.boundary
    if boundary is not None:
        header = _plain_numbers(boundary, element, values, type_id, VIEW_SIZE, what)
        if header is not NotImplemented:
            return header
        return boundary.view(element_bytes(element, values, what), type_id, VIEW_SIZE, 0)
    data = element_bytes(element, values, what)
    buffer, header, view = _buffer_and_header(heap, data, VIEW_SIZE, type_id)
    _VIEW.pack_into(view, header, buffer, buffer, len(data))
    return header


def plain_numbers_code(element: AsType, what: str) -> str | None:
    """The struct code of ``element`` if the C accelerator's ``numbers`` may
    lower plain numbers as elements of the array type ``what`` (not bools,
    not clamped bytes: ``element_bytes`` converts those)."""
    code = element.storage[1]
    return None if code == "?" or what == "Uint8ClampedArray" else code


def header_size(ty: AsType) -> int:
    """The bytes of the object an array of type ``ty`` starts with, before
    (or around) its elements: 12 for a typed array, 16 for an Array, 0 for a
    StaticArray (which holds its elements)."""
    return {"typedarray": VIEW_SIZE, "array": ARRAY_SIZE}.get(ty.kind, 0)


def _plain_numbers(boundary: Any, element: AsType, values: Any, type_id: int, header: int,
                   what: str) -> Any:
    """The C accelerator's lowering of a list or tuple of plain numbers (no
    intermediate copy), or NotImplemented where ``element_bytes`` decides."""
    code = plain_numbers_code(element, what)
    return NotImplemented if code is None else boundary.numbers(values, code, type_id, header)


def _buffer_and_header(heap: Heap, data: Any, header_size: int,
                       type_id: int) -> tuple[int, int, memoryview]:
    """A new ArrayBuffer holding ``data`` and a new ``header_size``-byte object
    of class ``type_id`` (the buffer pinned while the header is allocated),
    and a view reaching both, for writing the header's fields."""
    alloc, size = heap.allocator(), len(data)
    buffer = alloc(size, BUFFER_ID) & MASK32
    heap.pin_fresh(buffer)
    try:
        header = alloc(header_size, type_id) & MASK32
    finally:
        heap.unpin_fresh(buffer)  # nothing allocates before the header points at it
    view = heap.view_to(max(buffer + size, header + header_size))
    view[buffer:buffer + size] = data
    return buffer, header, view


def lift_array(heap: Heap, element: AsType, lift_element: Callable | None,
               static: bool) -> Callable:
    """The lifter of an ``Array<element>`` (or ``StaticArray``) to a list;
    ``lift_element`` lifts managed elements from their pointers."""
    size, struct_code = element.storage
    code = array_code(struct_code)
    unpack_u32 = U32.unpack_from
    strings_only = element.kind == "string"

    def lift(view: memoryview, ptr: int) -> list | None:
        if not ptr:
            return None
        if lift_element is None and heap.boundary is not None:
            return heap.boundary.numbers_at(ptr, struct_code, static)
        if static:
            start, count = ptr, unpack_u32(view, ptr - 4)[0] // size
        else:
            start, count = unpack_u32(view, ptr + 4)[0], unpack_u32(view, ptr + 12)[0]
        if strings_only and heap.boundary is not None:
            return heap.boundary.strings_at(start, count)
        end = start + count * size
        if end > len(view):
            raise IndexError("the array reaches past the end of memory")
        items = view[start:end].cast(code).tolist()
        if strings_only:
            return lift_strings(view, items)
        if lift_element is not None:
            return [lift_element(view, item) for item in items]
        return items
    return lift


def lower_array(heap: Heap, type_id: int, element: AsType, lower_element: Callable | None,
                static: bool, what: str, nullable: bool, values: Any) -> int:
    """A new (unpinned) ``Array`` (or ``StaticArray``) of class ``type_id``
    holding ``values``.  Managed elements are lowered by ``lower_element`` and
    stored one by one while the array is pinned (reachable, so none of them
    can be collected by the next one's allocation); numbers need no pin past
    the allocations."""
    if values is None:
        return null_pointer(nullable, what)
    size, boundary = element.storage[0], heap.boundary
    if lower_element is None:
        if boundary is not None:
            header = _plain_numbers(boundary, element, values, type_id,
                                    0 if static else ARRAY_SIZE, what)
            if header is not NotImplemented:
                return header
        data = element_bytes(element, values, what)
        if boundary is not None and not static:
            return boundary.view(data, type_id, ARRAY_SIZE, len(data) // size)
    else:
        values = _sequence(values, what)
        if boundary is not None and element.kind == "string":
            return boundary.string_array(values, type_id, 0 if static else ARRAY_SIZE,
                                         element.nullable)
        data = bytes(len(values) * size)  # nulls until lowered: safe for the collector
    length = len(data)
    if static:
        header = start = heap.new_filled(data, type_id)
    else:
        start, header, view = _buffer_and_header(heap, data, ARRAY_SIZE, type_id)
        _ARRAY.pack_into(view, header, start, start, length, length // size)
        del view
    if lower_element is not None:
        heap.pin_fresh(header)  # managed elements allocate: keep the array reachable
        try:
            if element.kind == "string":
                store_strings(heap, values, start, element.nullable)
            else:
                for index, value in enumerate(values):
                    pointer = lower_element(value)
                    U32.pack_into(heap.view_to(start + length), start + 4 * index, pointer)
        finally:
            heap.unpin_fresh(header)
    return header
