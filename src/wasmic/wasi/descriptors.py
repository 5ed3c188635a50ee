"""The descriptor table of a WASI context and the kinds of descriptor in it.

A guest descriptor number maps to a ``Descriptor``: a standard stream, a
host file or directory opened inside a preopen, or a socket.  Each carries
its WASI rights (``rights_base`` for itself, ``rights_inheriting`` for
what is opened through it) and ``fdflags``; the host functions check the
rights before acting.
"""

from __future__ import annotations

import os
import socket
from typing import Any

from .abi import FileType, Rights
from .errno import Errno, WasiError
from .streams import Stream

MAX_DESCRIPTORS = 1024
"""The most descriptors one context keeps open (more is EMFILE), so a guest
cannot exhaust the host process's file descriptors."""


class Descriptor:
    """An open descriptor of the guest."""

    filetype = FileType.UNKNOWN
    host_fd: int | None = None

    def __init__(self, rights_base: int, rights_inheriting: int, flags: int = 0):
        self.rights_base = rights_base
        self.rights_inheriting = rights_inheriting
        self.granted = rights_base
        """The rights it was opened with: the most the sandbox allows it."""
        self.flags = flags

    def require(self, rights: int) -> None:
        """Fail unless this descriptor has all of ``rights``: PERM when the
        sandbox's permissions never allowed them (as wasmtime answers),
        NOTCAPABLE when the guest dropped them (``fd_fdstat_set_rights``)."""
        missing = rights & ~self.rights_base
        if missing:
            errno = Errno.PERM if missing & ~self.granted else Errno.NOTCAPABLE
            raise WasiError(errno, f"descriptor lacks {Rights(missing)!r}")

    def close(self) -> None:
        """Release the host resources behind the descriptor."""


class StreamDescriptor(Descriptor):
    """A standard stream (stdin, stdout, stderr)."""

    def __init__(self, stream: Stream, rights: int):
        super().__init__(rights, 0)
        self.stream = stream
        self.host_fd = stream.host_fd
        self.filetype = stream.filetype()

    def close(self) -> None:
        self.stream.close()


class FileDescriptor(Descriptor):
    """A host file (or device, or fifo) opened inside a preopen."""

    def __init__(self, host_fd: int, filetype: FileType, rights_base: int,
                 rights_inheriting: int, flags: int = 0):
        super().__init__(rights_base, rights_inheriting, flags)
        self.host_fd = host_fd
        self.filetype = filetype

    def close(self) -> None:
        if self.host_fd is not None:
            fd, self.host_fd = self.host_fd, None
            os.close(fd)


class DirectoryDescriptor(FileDescriptor):
    """A host directory: a preopen, or one opened inside a preopen.

    ``sandbox`` is the preopen it belongs to (its permissions) and ``root``
    the ``identity`` of the preopen's host directory, so that a symbolic
    link created below it can be checked not to point above it."""

    filetype = FileType.DIRECTORY

    def __init__(self, host_fd: int, sandbox: Any, root: tuple[int, int], rights_base: int,
                 rights_inheriting: int, preopen_name: str | None = None):
        super().__init__(host_fd, FileType.DIRECTORY, rights_base, rights_inheriting)
        self.sandbox = sandbox
        self.root = root
        self.preopen_name = preopen_name
        self.listing: list[tuple[bytes, int, int]] | None = None
        """The entries of the last ``fd_readdir`` started at cookie 0."""


class SocketDescriptor(Descriptor):
    """A connected or listening socket handed to the guest by the host."""

    def __init__(self, sock: socket.socket, rights_base: int, flags: int = 0):
        super().__init__(rights_base, 0, flags)
        self.socket = sock
        self.host_fd = sock.fileno()
        self.filetype = (FileType.SOCKET_DGRAM if sock.type == socket.SOCK_DGRAM
                         else FileType.SOCKET_STREAM)

    def close(self) -> None:
        self.socket.close()


class DescriptorTable:
    """Guest descriptor numbers -> descriptors; new ones take the lowest
    free number, as in POSIX."""

    def __init__(self) -> None:
        self._entries: dict[int, Descriptor] = {}

    def add(self, descriptor: Descriptor) -> int:
        """Insert ``descriptor``; its number.  EMFILE when the table is full
        (the descriptor is closed then)."""
        if len(self._entries) >= MAX_DESCRIPTORS:
            descriptor.close()
            raise WasiError(Errno.MFILE)
        number = 0
        while number in self._entries:
            number += 1
        self._entries[number] = descriptor
        return number

    def get(self, number: int) -> Descriptor:
        """The descriptor ``number``; BADF if none is open."""
        descriptor = self._entries.get(number)
        if descriptor is None:
            raise WasiError(Errno.BADF, f"descriptor {number} is not open")
        return descriptor

    def directory(self, number: int) -> DirectoryDescriptor:
        """The directory descriptor ``number``; NOTDIR if it is another kind."""
        descriptor = self.get(number)
        if not isinstance(descriptor, DirectoryDescriptor):
            raise WasiError(Errno.NOTDIR, f"descriptor {number} is not a directory")
        return descriptor

    def close(self, number: int) -> None:
        """Close and forget ``number``."""
        self.get(number)
        self._entries.pop(number).close()

    def renumber(self, source: int, target: int) -> None:
        """Move ``source`` to ``target``, closing what ``target`` was."""
        self.get(source)
        self.get(target)
        if source != target:
            self._entries.pop(target).close()
            self._entries[target] = self._entries.pop(source)

    def close_all(self) -> None:
        """Close every descriptor (the context is going away)."""
        entries, self._entries = self._entries, {}
        for descriptor in entries.values():
            try:
                descriptor.close()
            except OSError:
                pass
