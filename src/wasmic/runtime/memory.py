"""``Memory``: a linear memory, a bytearray grown in place by whole pages.

Generated code holds the bytearray itself, so growing never replaces it.
(A bytearray cannot be resized while a ``memoryview`` of it is alive; a
grow attempted then fails, as a grow beyond the limits does.)
"""

from __future__ import annotations

from typing import Any

from ..errors import WasmError
from ..syntax import types as syn
from .describe import describe
from .raw_pointer import byte_pointer
from .store import Store, check_store, store_of
from .tier import tier_class
from .types import MemoryType

PAGE = syn.PAGE_SIZE
_GROW_FAILED = 0xFFFFFFFF


class MemoryAccessError(WasmError, IndexError):
    """A host read or write outside the memory (an ``IndexError`` too, as
    wasmtime-py raises)."""


class Memory:
    """A linear memory of ``ty.limits.min`` pages (64 KiB each), zeroed."""

    __slots__ = ("_store", "_type", "_data", "_max_pages", "__weakref__")

    def __new__(cls, store: Any, ty: MemoryType) -> Memory:
        return object.__new__(tier_class(cls, store))

    def __init__(self, store: Any, ty: MemoryType):
        if not isinstance(ty, MemoryType):
            raise TypeError(f"expected MemoryType, got {describe(ty)}")
        self._init(store_of(store), ty._to_syntax())

    def _init(self, store: Store, ty: syn.MemoryType) -> None:
        limits = ty.limits
        self._max_pages = min(syn.MAX_PAGES, limits.max if limits.max is not None else syn.MAX_PAGES)
        store_limit = store._memory_limit()
        if store_limit is not None:
            self._max_pages = min(self._max_pages, store_limit // PAGE)
        if limits.min > self._max_pages:
            raise WasmError(f"memory minimum size of {limits.min} pages exceeds memory limits")
        store._count("memories")
        self._store = store
        self._type = ty
        try:
            self._data = bytearray(limits.min * PAGE)
        except MemoryError:
            raise WasmError(f"cannot allocate a memory of {limits.min} pages") from None

    @classmethod
    def _create(cls, store: Store, ty: syn.MemoryType) -> Memory:
        memory = object.__new__(cls)
        memory._init(store, ty)
        return memory

    def _pages(self) -> int:
        return len(self._data) // PAGE

    def _buffer(self) -> bytearray | memoryview:
        """The memory's bytes, writable, at their current size."""
        return self._data

    def _grow_pages(self, delta: int) -> int:
        """``memory.grow``: the old size in pages, or 0xFFFFFFFF if it cannot grow."""
        old = len(self._data) // PAGE
        if delta > self._max_pages - old:
            return _GROW_FAILED
        if delta:
            try:
                self._data.extend(bytes(delta * PAGE))
            except (MemoryError, BufferError):
                return _GROW_FAILED
        return old

    def _current_type(self) -> syn.MemoryType:
        """The type with the current size as minimum (for import matching)."""
        return syn.MemoryType(syn.Limits(self._pages(), self._type.limits.max), self._type.shared)

    # -- public API -----------------------------------------------------------------

    def type(self, store: Any) -> MemoryType:
        """The type of this memory (its minimum is the declared one)."""
        check_store(self._store, store)
        return MemoryType._from_syntax(self._type)

    def size(self, store: Any) -> int:
        """The current size in pages."""
        check_store(self._store, store)
        return self._pages()

    def data_len(self, store: Any) -> int:
        """The current size in bytes."""
        check_store(self._store, store)
        return self._pages() * PAGE

    def page_size(self, store: Any) -> int:
        """Bytes per page: 65536."""
        check_store(self._store, store)
        return PAGE

    def page_size_log2(self, store: Any) -> int:
        """log2 of the page size: 16."""
        check_store(self._store, store)
        return 16

    def grow(self, store: Any, delta: int) -> int:
        """Grow by ``delta`` pages; the previous size.  WasmError if it cannot."""
        check_store(self._store, store)
        if not isinstance(delta, int):
            raise TypeError(f"expected an int, got {describe(delta)}")
        if delta < 0:
            raise WasmError("cannot grow a memory by a negative number of pages")
        old = self._grow_pages(delta)
        if old == _GROW_FAILED:
            raise WasmError(f"failed to grow memory by {delta} pages")
        return old

    def read(self, store: Any, start: int | None = 0, stop: int | None = None) -> bytearray:
        """A copy of the bytes ``[start:stop]`` (slice semantics, negative from the end)."""
        check_store(self._store, store)
        data = self._buffer()
        start, stop, _ = slice(start, stop).indices(len(data))
        return bytearray(data[start:stop]) if stop > start else bytearray()

    def write(self, store: Any, value: bytes | bytearray, start: int | None = None) -> int:
        """Copy ``value`` into memory at ``start`` (negative from the end); the
        number of bytes written.  ``MemoryAccessError`` if it does not fit."""
        check_store(self._store, store)
        buffer = self._buffer()
        size = len(buffer)
        begin = slice(start, None).indices(size)[0]
        data = bytes(value)
        if begin >= size or begin + len(data) > size:
            raise MemoryAccessError(f"writing {len(data)} bytes at {begin} is out of bounds "
                                    f"of a memory of {size} bytes")
        buffer[begin:begin + len(data)] = data
        return len(data)

    def data_ptr(self, store: Any) -> Any:
        """A ``ctypes.POINTER(c_ubyte)`` to byte 0 (``data_len`` bytes follow).
        The memory cannot grow while the pointer is alive (see ``raw_pointer``)."""
        check_store(self._store, store)
        return byte_pointer(self._buffer())

    def get_buffer_ptr(self, store: Any, size: int | None = None, offset: int = 0) -> memoryview:
        """A writable view of ``size`` bytes from ``offset`` (zero-copy, e.g. for
        numpy).  The memory cannot grow while a view is alive."""
        check_store(self._store, store)
        buffer = self._buffer()
        end = len(buffer) if size is None else offset + size
        if offset < 0 or end > len(buffer) or end < offset:
            raise MemoryAccessError(f"range {offset}..{end} is out of bounds of a memory "
                                    f"of {len(buffer)} bytes")
        return memoryview(buffer)[offset:end]
