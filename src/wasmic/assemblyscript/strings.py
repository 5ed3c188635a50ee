"""Strings and ArrayBuffers between Python and AssemblyScript memory.

An AssemblyScript string is WTF-16: UTF-16LE code units, possibly lone
surrogates, which ``surrogatepass`` keeps both ways (a Python ``str`` holds
them as is).  Its length is in the header (payload bytes / 2).
"""

from __future__ import annotations

from codecs import utf_16_le_decode, utf_16_le_encode
from typing import Any

from .heap import BUFFER_ID, MASK32, STRING_ID, U32, Heap, null_pointer

_unpack_u32 = U32.unpack_from


def encode(text: str) -> bytes:
    """``text`` as UTF-16LE code units, lone surrogates kept (the codec's C
    function itself: a quarter of ``str.encode``'s time, which looks it up)."""
    return utf_16_le_encode(text, "surrogatepass")[0]


def _payload(view: memoryview, ptr: int, what: str) -> memoryview:
    """The bytes of the object at ``ptr`` (its size is in its header)."""
    end = ptr + _unpack_u32(view, ptr - 4)[0]
    if end > len(view):
        raise IndexError(f"the {what} reaches past the end of memory")
    return view[ptr:end]


def lift_string(view: memoryview, ptr: int) -> str | None:
    """The string at ``ptr`` (None for a null pointer)."""
    if not ptr:
        return None
    return utf_16_le_decode(_payload(view, ptr, "string"), "surrogatepass", True)[0]


def lower_string(heap: Heap, nullable: bool, text: Any) -> int:
    """A new (unpinned) string object holding ``text`` (0 for None if ``nullable``)."""
    if type(text) is not str:
        if text is None:
            return null_pointer(nullable, "String")
        if not isinstance(text, str):
            raise TypeError(f"expected a str, got {type(text).__name__}")
    if heap.boundary is not None:
        return heap.boundary.string(text)
    return heap.new_filled(encode(text), STRING_ID)


def lift_buffer(view: memoryview, ptr: int) -> bytes | None:
    """A copy of the bytes of the ArrayBuffer at ``ptr``."""
    if not ptr:
        return None
    return bytes(_payload(view, ptr, "ArrayBuffer"))


def lower_buffer(heap: Heap, nullable: bool, data: Any) -> int:
    """A new (unpinned) ArrayBuffer holding a copy of ``data`` (any bytes-like object)."""
    if data is None:
        return null_pointer(nullable, "ArrayBuffer")
    try:
        source = memoryview(data).cast("B")
    except TypeError:
        raise TypeError(f"expected a bytes-like object, got {type(data).__name__}") from None
    return heap.new_filled(source, BUFFER_ID)


def lift_strings(view: memoryview, pointers: list[int]) -> list[str | None]:
    """The strings at ``pointers`` (elements of an array), in one loop."""
    texts: list[str | None] = []
    append, limit = texts.append, len(view)
    for ptr in pointers:
        if not ptr:
            append(None)
            continue
        end = ptr + _unpack_u32(view, ptr - 4)[0]
        if end > limit:
            raise IndexError("a string reaches past the end of memory")
        append(utf_16_le_decode(view[ptr:end], "surrogatepass", True)[0])
    return texts


def _encode_all(texts: Any, nullable: bool) -> list:
    """Each text's UTF-16 bytes (0 for a null element).  All-BMP texts are
    encoded as one string and sliced: one encode call instead of one each."""
    texts = list(texts)
    try:
        joined = "".join(texts)
    except TypeError:  # a None (or not a str) among them: one by one below
        joined = None
    if joined is not None:
        blob = memoryview(encode(joined))
        if len(blob) == 2 * len(joined):  # no astral character: 2 bytes per str char
            parts, at = [], 0
            for text in texts:
                end = at + 2 * len(text)
                parts.append(blob[at:end])
                at = end
            return parts
    encoded: list = []
    for text in texts:
        if text is None:
            encoded.append(null_pointer(nullable, "String"))
        elif isinstance(text, str):
            encoded.append(encode(text))
        else:
            raise TypeError(f"expected a str element, got {type(text).__name__}")
    return encoded


def store_strings(heap: Heap, texts: Any, slots: int, nullable: bool) -> None:
    """Lower each of ``texts`` and store its pointer at ``slots + 4 * i``
    (the element slots of an array kept reachable, so each string is safe
    from the next one's allocation), in one loop without a call per step."""
    alloc, pack_u32, view_to = heap.allocator(), U32.pack_into, heap.view_to
    for index, data in enumerate(_encode_all(texts, nullable)):
        if type(data) is int:
            continue  # a null element: the slot already holds 0
        size = len(data)
        ptr = alloc(size, STRING_ID) & MASK32
        view = view_to(ptr + size)  # never held across an allocation (see heap)
        view[ptr:ptr + size] = data
        pack_u32(view, slots + 4 * index, ptr)
        del view
