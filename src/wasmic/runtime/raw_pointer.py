"""Raw pointers into linear memory for ``data_ptr``: a ctypes pointer to
the first byte of a writable buffer.

The pointer holds the buffer's export for as long as it lives, so the
memory cannot be resized (and moved) under it: it never dangles.  While
such a pointer is alive, growing that memory fails, as it does while a
``get_buffer_ptr`` view is alive.
"""

from __future__ import annotations

import ctypes
from typing import Any

BytePointer = ctypes.POINTER(ctypes.c_ubyte)


def byte_pointer(buffer: Any) -> Any:
    """A ``ctypes.POINTER(c_ubyte)`` to byte 0 of ``buffer`` (NULL when it is empty)."""
    if len(buffer) == 0:
        return BytePointer()
    return ctypes.pointer(ctypes.c_ubyte.from_buffer(buffer))
