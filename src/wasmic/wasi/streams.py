"""The standard streams of a WASI program: what fds 0, 1 and 2 read from
and write to.

A ``StreamSpec`` (kept by ``WasiConfig``) says where a stream goes; each
WASI context makes its own ``Stream`` from it.  A stream is either a host
file descriptor (this process's own stdio, inherited, or a file the
configuration opened), a Python callback receiving the bytes written, or
nothing (reads see end of file, writes are discarded -- the default, as in
wasmtime).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from .abi import FileType, filetype_of
from .errno import Errno, WasiError


class CustomOutput:
    """A callable receiving every write as ``bytes``; it returns how many
    bytes it took, or None for all of them."""

    __slots__ = ("callback",)

    def __init__(self, callback: Callable[[bytes], int | None]):
        self.callback = callback


class Stream:
    """A stream with nothing behind it: empty input, discarded output."""

    host_fd: int | None = None

    def read(self, size: int) -> bytes:
        """Up to ``size`` bytes; empty at end of input."""
        return b""

    def write(self, data: bytes) -> int:
        """Write ``data``; how many bytes were taken."""
        return len(data)

    def filetype(self) -> FileType:
        """The WASI file type the guest sees."""
        return FileType.CHARACTER_DEVICE

    def close(self) -> None:
        """Release what the stream holds."""


class CallbackStream(Stream):
    """Output handed to a Python callable."""

    def __init__(self, output: CustomOutput):
        self._callback = output.callback

    def write(self, data: bytes) -> int:
        taken = self._callback(data)
        if taken is None:
            return len(data)
        if not isinstance(taken, int) or not 0 <= taken <= len(data):
            raise WasiError(Errno.IO, f"a custom output callback returned {taken!r}")
        return taken


class HostStream(Stream):
    """A host file descriptor.  Inherited stdio flushes the matching Python
    stream first, so output from Python and from wasm stays in order."""

    def __init__(self, fd: int, owned: bool, python_stream: str | None = None):
        self.host_fd = fd
        self._owned = owned
        self._python_stream = python_stream

    def read(self, size: int) -> bytes:
        return os.read(self.host_fd, size)

    def write(self, data: bytes) -> int:
        if self._python_stream is not None:
            stream = getattr(sys, self._python_stream, None)
            if stream is not None:
                stream.flush()
        return os.write(self.host_fd, data)

    def filetype(self) -> FileType:
        try:
            return filetype_of(os.fstat(self.host_fd).st_mode)
        except OSError:  # e.g. the host process runs with that stream closed
            return FileType.UNKNOWN

    def close(self) -> None:
        if self._owned:
            os.close(self.host_fd)
            self._owned = False


class StreamSpec:
    """Where a standard stream goes, as configured; ``open()`` makes the
    stream one WASI context uses."""

    __slots__ = ("_kind", "_fd", "_output", "__weakref__")

    def __init__(self, kind: str, fd: int | None = None, output: CustomOutput | None = None):
        self._kind, self._fd, self._output = kind, fd, output

    @classmethod
    def inherited(cls, fd: int) -> StreamSpec:
        """This process's own stream ``fd`` (0, 1 or 2)."""
        return cls("inherited", fd)

    @classmethod
    def host_file(cls, fd: int) -> StreamSpec:
        """A file the configuration opened (each context gets a duplicate)."""
        return cls("file", fd)

    @classmethod
    def custom(cls, output: CustomOutput) -> StreamSpec:
        """Output passed to a callback."""
        return cls("custom", output=output)

    def open(self) -> Stream:
        """The stream a new WASI context uses."""
        if self._kind == "inherited":
            return HostStream(self._fd, False, ("stdin", "stdout", "stderr")[self._fd])
        if self._kind == "file":
            return HostStream(os.dup(self._fd), True)
        return CallbackStream(self._output)
