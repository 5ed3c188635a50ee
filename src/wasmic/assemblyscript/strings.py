"""Strings and ArrayBuffers between Python and AssemblyScript memory.

An AssemblyScript string is WTF-16: UTF-16LE code units, possibly lone
surrogates, which ``surrogatepass`` keeps both ways (a Python ``str`` holds
them as is).  Its length is in the header (payload bytes / 2).
"""

from __future__ import annotations

from typing import Any

from .heap import BUFFER_ID, STRING_ID, U32, Heap

_unpack_u32 = U32.unpack_from


def lift_string(view: memoryview, ptr: int) -> str | None:
    """The string at ``ptr`` (None for a null pointer)."""
    if not ptr:
        return None
    end = ptr + _unpack_u32(view, ptr - 4)[0]
    if end > len(view):
        raise IndexError("the string reaches past the end of memory")
    return str(view[ptr:end], "utf-16-le", "surrogatepass")


def lower_string(heap: Heap, text: Any) -> int:
    """A new (unpinned) string object holding ``text``."""
    if type(text) is not str:
        if not isinstance(text, str):
            raise TypeError(f"expected a str, got {type(text).__name__}")
    data = text.encode("utf-16-le", "surrogatepass")
    ptr = heap.new(len(data), STRING_ID)
    heap.view()[ptr:ptr + len(data)] = data
    return ptr


def lift_buffer(view: memoryview, ptr: int) -> bytes | None:
    """A copy of the bytes of the ArrayBuffer at ``ptr``."""
    if not ptr:
        return None
    end = ptr + _unpack_u32(view, ptr - 4)[0]
    if end > len(view):
        raise IndexError("the ArrayBuffer reaches past the end of memory")
    return bytes(view[ptr:end])


def lower_buffer(heap: Heap, data: Any) -> int:
    """A new (unpinned) ArrayBuffer holding a copy of ``data`` (any bytes-like object)."""
    try:
        source = memoryview(data).cast("B")
    except TypeError:
        raise TypeError(f"expected a bytes-like object, got {type(data).__name__}") from None
    ptr = heap.new(source.nbytes, BUFFER_ID)
    heap.view()[ptr:ptr + source.nbytes] = source
    return ptr
