"""``SharedMemory``: a linear memory owned by an engine rather than a store
(the threads proposal), with wasmtime-py's methods.

wasmic runs WebAssembly 2.0, whose modules cannot declare or import shared
memories, so a ``SharedMemory`` is a host-side buffer: it can be made,
sized, grown and read through ``data_ptr``, and growth is atomic across
Python threads.  Its type must be shared (which requires a maximum), and
the engine's ``Config.shared_memory`` on, as in wasmtime.
"""

from __future__ import annotations

import threading
from typing import Any

from ..errors import WasmError
from ..syntax import types as syn
from .config import Engine
from .describe import describe
from .raw_pointer import byte_pointer
from .types import MemoryType


class SharedMemory:
    """``SharedMemory(engine, ty)``: a zeroed memory of ``ty.limits.min`` pages."""

    __slots__ = ("_engine", "_type", "_data", "_lock")

    def __init__(self, engine: Engine, ty: MemoryType):
        if not isinstance(engine, Engine):
            raise TypeError(f"expected Engine, got {describe(engine)}")
        if not isinstance(ty, MemoryType):
            raise TypeError(f"expected MemoryType, got {describe(ty)}")
        if not engine.config.shared_memory:
            raise WasmError("shared memory support is disabled for this engine: set "
                            "Config.shared_memory = True")
        if not ty.is_shared:
            raise WasmError("a SharedMemory needs a memory type with shared=True")
        if ty.is_64 or ty.page_size_log2 != 16:
            raise WasmError("shared memories must be 32-bit with 64 KiB pages")
        self._engine = engine
        self._type = ty
        self._lock = threading.Lock()
        try:
            self._data = bytearray(ty.limits.min * syn.PAGE_SIZE)
        except MemoryError:
            raise WasmError(f"cannot allocate a memory of {ty.limits.min} pages") from None

    def type(self) -> MemoryType:
        """The type this memory was made with."""
        return self._type

    def size(self) -> int:
        """The current size in pages."""
        return len(self._data) // syn.PAGE_SIZE

    def data_len(self) -> int:
        """The current size in bytes."""
        return len(self._data)

    def data_ptr(self) -> Any:
        """A ``ctypes`` pointer to byte 0 (see ``raw_pointer``); bounds are ``data_len``."""
        return byte_pointer(self._data)

    def grow(self, delta: int) -> int:
        """Grow by ``delta`` pages, up to the type's maximum; the previous size
        in pages.  WasmError if it cannot."""
        if type(delta) is not int:
            raise TypeError(f"expected an int, got {describe(delta)}")
        if delta < 0:
            raise WasmError("cannot grow a memory by a negative number of pages")
        with self._lock:
            old = self.size()
            if old + delta > self._type.limits.max:
                raise WasmError(f"failed to grow memory by {delta} pages: the maximum is "
                                f"{self._type.limits.max}")
            try:
                self._data.extend(bytes(delta * syn.PAGE_SIZE))
            except (MemoryError, BufferError) as error:
                raise WasmError(f"failed to grow memory by {delta} pages: {error}") from None
            return old
