"""``WasiContext``: the state of WASI for one store -- arguments,
environment and the descriptor table -- made from a ``WasiConfig`` by
``Store.set_wasi``.

Descriptors 0, 1 and 2 are the standard streams; the preopened
directories follow from 3 in the order they were configured, then the
preopened sockets.  The host
descriptors the context opens are closed when it is collected.
"""

from __future__ import annotations

import os
import weakref

from .abi import (DIR_READ_RIGHTS, DIR_WRITE_RIGHTS, FILE_COMMON_RIGHTS, FILE_READ_RIGHTS,
                  FILE_WRITE_RIGHTS, SOCKET_RIGHTS, STREAM_RIGHTS, Rights)
from .config import Preopen, WasiConfig
from .descriptors import DescriptorTable, DirectoryDescriptor, SocketDescriptor, StreamDescriptor
from ..errors import WasmError
from .sandbox import identity
from .streams import Stream

_STDIN_RIGHTS = STREAM_RIGHTS & ~Rights.FD_WRITE
_STDOUT_RIGHTS = STREAM_RIGHTS & ~Rights.FD_READ


class WasiContext:
    """What the WASI host functions of one store work on."""

    def __init__(self, config: WasiConfig):
        self.args = [arg.encode("utf-8", "surrogateescape") for arg in config._argv]
        self.env = [f"{name}={value}".encode("utf-8", "surrogateescape")
                    for name, value in config._env]
        self.descriptors = DescriptorTable()
        weakref.finalize(self, self.descriptors.close_all)
        for number, spec in enumerate(config._streams):
            stream = spec.open() if spec is not None else Stream()
            rights = _STDIN_RIGHTS if number == 0 else _STDOUT_RIGHTS
            self.descriptors.add(StreamDescriptor(stream, rights))
        for preopen in config._preopens:
            self.descriptors.add(_open_preopen(preopen))
        for sock in config._sockets:
            self.descriptors.add(SocketDescriptor(sock.dup(), SOCKET_RIGHTS))


def preopen_rights(preopen: Preopen) -> tuple[int, int]:
    """The (base, inheriting) rights of a preopened directory: what its
    ``DirPerms`` allow on the tree, plus what its ``FilePerms`` allow on
    the files opened in it."""
    base = 0
    if preopen.dir_perms.readable:
        base |= DIR_READ_RIGHTS
    if preopen.dir_perms.writable:
        base |= DIR_WRITE_RIGHTS
    inheriting = base | FILE_COMMON_RIGHTS
    if preopen.file_perms.readable:
        inheriting |= FILE_READ_RIGHTS
    if preopen.file_perms.writable:
        inheriting |= FILE_WRITE_RIGHTS
    return base, inheriting


def _open_preopen(preopen: Preopen) -> DirectoryDescriptor:
    try:
        fd = os.open(preopen.host_path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as error:
        raise WasmError(f"failed to open preopened directory {preopen.host_path!r}: "
                        f"{error.strerror}") from None
    base, inheriting = preopen_rights(preopen)
    return DirectoryDescriptor(fd, preopen, identity(fd), base, inheriting, preopen.guest_path)
