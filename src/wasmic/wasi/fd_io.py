"""``fd_read``, ``fd_write``, ``fd_pread``, ``fd_pwrite``, ``fd_seek``,
``fd_tell``: moving bytes between guest buffers and descriptors.

Host files and sockets are read and written with ``readv``/``writev``
straight into and out of guest memory (no copy); standard streams go
through their ``Stream``.  A positioned or seeking call on a stream is SPIPE, on a
directory BADF (ISDIR for reads and writes), as POSIX answers.
"""

from __future__ import annotations

import os

from .abi import SYNC_FLAGS, FdFlags, Rights
from .call import HostFunction, WasiCall
from .descriptors import Descriptor, DirectoryDescriptor, FileDescriptor, StreamDescriptor
from .errno import Errno, WasiError


def _access(call: WasiCall, fd: int, right: Rights) -> Descriptor:
    """Descriptor ``fd`` for reading or writing: BADF unless it was opened
    for it (as POSIX), ISDIR for a directory."""
    descriptor = call.descriptors.get(fd)
    if isinstance(descriptor, DirectoryDescriptor):
        raise WasiError(Errno.ISDIR)
    if not descriptor.rights_base & right:
        if descriptor.granted & right:
            raise WasiError(Errno.NOTCAPABLE)
        raise WasiError(Errno.BADF, f"descriptor {fd} is not open for {right.name}")
    return descriptor


def _positioned(call: WasiCall, fd: int) -> FileDescriptor:
    """A seekable file descriptor (pread, pwrite, seek, tell)."""
    descriptor = call.descriptors.get(fd)
    if isinstance(descriptor, DirectoryDescriptor):
        raise WasiError(Errno.BADF, f"descriptor {fd} is a directory")
    if not isinstance(descriptor, FileDescriptor):
        raise WasiError(Errno.SPIPE, f"descriptor {fd} is a stream")
    return descriptor


def _after_write(descriptor: Descriptor) -> None:
    if descriptor.flags & SYNC_FLAGS and descriptor.host_fd is not None:
        if descriptor.flags & FdFlags.DSYNC and not descriptor.flags & FdFlags.SYNC:
            os.fdatasync(descriptor.host_fd)
        else:
            os.fsync(descriptor.host_fd)


def fd_read(call: WasiCall, fd: int, iovs: int, iovs_len: int, nread_ptr: int) -> None:
    """Read into the iovecs; the number of bytes read (0 at end of file)."""
    descriptor = _access(call, fd, Rights.FD_READ)
    call.memory.check(nread_ptr, 4)
    if isinstance(descriptor, StreamDescriptor):
        vectors = call.memory.iovecs(iovs, iovs_len)
        data = descriptor.stream.read(sum(length for _, length in vectors))
        call.memory.scatter(vectors, data)
        count = len(data)
    else:
        count = os.readv(descriptor.host_fd, call.memory.buffers(iovs, iovs_len))
    call.memory.set_u32(nread_ptr, count)


def fd_write(call: WasiCall, fd: int, iovs: int, iovs_len: int, nwritten_ptr: int) -> None:
    """Write the ciovecs; the number of bytes written."""
    descriptor = _access(call, fd, Rights.FD_WRITE)
    call.memory.check(nwritten_ptr, 4)
    if isinstance(descriptor, StreamDescriptor):
        count = descriptor.stream.write(call.memory.gather(iovs, iovs_len))
    else:
        count = os.writev(descriptor.host_fd, call.memory.buffers(iovs, iovs_len))
    _after_write(descriptor)
    call.memory.set_u32(nwritten_ptr, count)


def _at_offset(call: WasiCall, fd: int, right: Rights, iovs: int, iovs_len: int,
               offset: int, count_ptr: int) -> None:
    """``fd_pread``/``fd_pwrite``: transfer at ``offset``, the position unmoved."""
    descriptor = _positioned(call, fd)
    _access(call, fd, right)
    descriptor.require(Rights.FD_SEEK)
    call.memory.check(count_ptr, 4)
    transfer = os.preadv if right == Rights.FD_READ else os.pwritev
    count = transfer(descriptor.host_fd, call.memory.buffers(iovs, iovs_len), _offset(offset))
    if right == Rights.FD_WRITE:
        _after_write(descriptor)
    call.memory.set_u32(count_ptr, count)


def fd_pread(call: WasiCall, fd: int, iovs: int, iovs_len: int, offset: int,
             nread_ptr: int) -> None:
    """Read at ``offset`` without moving the file position."""
    _at_offset(call, fd, Rights.FD_READ, iovs, iovs_len, offset, nread_ptr)


def fd_pwrite(call: WasiCall, fd: int, iovs: int, iovs_len: int, offset: int,
              nwritten_ptr: int) -> None:
    """Write at ``offset`` without moving the file position."""
    _at_offset(call, fd, Rights.FD_WRITE, iovs, iovs_len, offset, nwritten_ptr)


def _offset(offset: int) -> int:
    if offset >= 1 << 63:
        raise WasiError(Errno.INVAL, f"offset {offset} is too large")
    return offset


def fd_seek(call: WasiCall, fd: int, offset: int, whence: int, newoffset_ptr: int) -> None:
    """Move the file position; the new position."""
    descriptor = _positioned(call, fd)
    host_whence = call.layout.whence.get(whence)
    if host_whence is None:
        raise WasiError(Errno.INVAL, f"unknown whence {whence}")
    descriptor.require(Rights.FD_SEEK if (offset, host_whence) != (0, os.SEEK_CUR)
                       else Rights.FD_TELL)
    call.memory.check(newoffset_ptr, 8)
    call.memory.set_u64(newoffset_ptr, os.lseek(descriptor.host_fd, offset, host_whence))


def fd_tell(call: WasiCall, fd: int, offset_ptr: int) -> None:
    """The file position."""
    descriptor = _positioned(call, fd)
    descriptor.require(Rights.FD_TELL)
    call.memory.check(offset_ptr, 8)
    call.memory.set_u64(offset_ptr, os.lseek(descriptor.host_fd, 0, os.SEEK_CUR))


FUNCTIONS = {
    "fd_read": HostFunction("iiii", fd_read),
    "fd_write": HostFunction("iiii", fd_write),
    "fd_pread": HostFunction("iiiIi", fd_pread),
    "fd_pwrite": HostFunction("iiiIi", fd_pwrite),
    "fd_seek": HostFunction("isii", fd_seek),
    "fd_tell": HostFunction("ii", fd_tell),
}
