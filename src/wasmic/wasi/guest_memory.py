"""Bounds-checked access to the calling instance's linear memory.

Host functions see guest memory through ``GuestMemory``: a view of the
caller's exported ``memory`` that checks every pointer and length first.
An access outside the memory is the guest's fault, so it becomes
``WasiError(FAULT)`` (returned as an errno), never an ``IndexError`` or a
``struct.error`` escaping into the host.  Pointers arrive as unsigned
32-bit numbers.
"""

from __future__ import annotations

import struct

from .abi import IOVEC
from .errno import Errno, WasiError

_U32 = struct.Struct("<I")
_U64 = struct.Struct("<Q")


class GuestMemory:
    """The bytes of a linear memory (a writable ``memoryview``), accessed by
    guest address.  An empty view stands for an instance without memory."""

    __slots__ = ("view", "size")

    def __init__(self, view: memoryview):
        self.view = view
        self.size = len(view)

    def check(self, address: int, length: int) -> None:
        """``[address, address + length)`` must lie inside the memory."""
        if address < 0 or length < 0 or address + length > self.size:
            raise WasiError(Errno.FAULT, f"{length} bytes at {address:#x} are outside "
                                         f"a memory of {self.size} bytes")

    def read(self, address: int, length: int) -> bytes:
        """A copy of ``length`` bytes at ``address``."""
        self.check(address, length)
        return bytes(self.view[address:address + length])

    def write(self, address: int, data: bytes | bytearray | memoryview) -> None:
        """Store ``data`` at ``address``."""
        self.check(address, len(data))
        self.view[address:address + len(data)] = data

    def pack(self, layout: struct.Struct, address: int, *values: int) -> None:
        """Store ``values`` packed with ``layout`` at ``address``."""
        self.check(address, layout.size)
        layout.pack_into(self.view, address, *values)

    def unpack(self, layout: struct.Struct, address: int) -> tuple:
        """The values packed with ``layout`` at ``address``."""
        self.check(address, layout.size)
        return layout.unpack_from(self.view, address)

    def u32(self, address: int) -> int:
        """The little-endian u32 at ``address``."""
        return self.unpack(_U32, address)[0]

    def set_u32(self, address: int, value: int) -> None:
        """Store a little-endian u32 at ``address``."""
        self.pack(_U32, address, value & 0xFFFFFFFF)

    def set_u64(self, address: int, value: int) -> None:
        """Store a little-endian u64 at ``address``."""
        self.pack(_U64, address, value & 0xFFFFFFFFFFFFFFFF)

    def iovecs(self, address: int, count: int) -> list[tuple[int, int]]:
        """The ``count`` (buffer, length) pairs of an iovec array, each
        buffer checked to lie inside the memory."""
        self.check(address, count * IOVEC.size)
        vectors = []
        for i in range(count):
            buf, length = IOVEC.unpack_from(self.view, address + i * IOVEC.size)
            self.check(buf, length)
            vectors.append((buf, length))
        return vectors

    def buffers(self, address: int, count: int) -> list[memoryview]:
        """The buffers of an iovec array as views of the memory (for
        ``readv``/``writev``-style calls that work in place)."""
        return [self.view[buf:buf + length] for buf, length in self.iovecs(address, count)]

    def gather(self, address: int, count: int) -> bytes:
        """The bytes of the ciovec array at ``address``, concatenated."""
        return b"".join(self.view[buf:buf + length] for buf, length in self.iovecs(address, count))

    def scatter(self, vectors: list[tuple[int, int]], data: bytes) -> None:
        """Spread ``data`` over ``vectors`` in order (the iovecs of a read)."""
        offset = 0
        for buf, length in vectors:
            chunk = data[offset:offset + length]
            self.view[buf:buf + len(chunk)] = chunk
            offset += len(chunk)
            if offset >= len(data):
                return

    def string(self, address: int, length: int) -> str:
        """The UTF-8 text at ``address``; ILSEQ if it is not UTF-8."""
        try:
            return self.read(address, length).decode("utf-8")
        except UnicodeDecodeError:
            raise WasiError(Errno.ILSEQ, "a path is not valid UTF-8") from None
