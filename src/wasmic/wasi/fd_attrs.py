"""The ``fd_*`` functions about a descriptor rather than its bytes:
closing and renumbering, ``fdstat`` (type, flags, rights), ``filestat``
(attributes, size, times), advice, allocation, syncing, and the names of
preopened directories (``fd_prestat_*``)."""

from __future__ import annotations

import fcntl
import os

from .abi import ADVICE_COUNT, FDSTAT, PREOPEN_TYPE_DIR, PRESTAT, FdFlags, Rights
from .call import HostFunction, WasiCall
from .descriptors import Descriptor, DirectoryDescriptor, FileDescriptor
from .errno import Errno, WasiError
from .filestat import new_times, write_filestat

_ADVICE = [getattr(os, name, 0) for name in (
    "POSIX_FADV_NORMAL", "POSIX_FADV_SEQUENTIAL", "POSIX_FADV_RANDOM",
    "POSIX_FADV_WILLNEED", "POSIX_FADV_DONTNEED", "POSIX_FADV_NOREUSE")]
_HOST_FLAGS = {FdFlags.APPEND: os.O_APPEND, FdFlags.NONBLOCK: os.O_NONBLOCK}


def _file(call: WasiCall, fd: int, right: Rights) -> FileDescriptor:
    """A host file or directory descriptor with ``right``; a standard
    stream is SPIPE for advice and allocation (as for a pipe), else INVAL."""
    descriptor = call.descriptors.get(fd)
    if not isinstance(descriptor, FileDescriptor):
        raise WasiError(Errno.SPIPE if right in (Rights.FD_ADVISE, Rights.FD_ALLOCATE)
                        else Errno.INVAL, f"descriptor {fd} is a stream")
    descriptor.require(right)
    return descriptor


def fd_close(call: WasiCall, fd: int) -> None:
    """Close a descriptor."""
    call.descriptors.close(fd)


def fd_renumber(call: WasiCall, fd: int, to: int) -> None:
    """Move descriptor ``fd`` to number ``to`` (closing what was there)."""
    call.descriptors.renumber(fd, to)


def fd_fdstat_get(call: WasiCall, fd: int, buf: int) -> None:
    """The type, flags and rights of a descriptor."""
    descriptor = call.descriptors.get(fd)
    call.memory.pack(FDSTAT, buf, descriptor.filetype, descriptor.flags,
                     descriptor.rights_base, descriptor.rights_inheriting)


def fd_fdstat_set_flags(call: WasiCall, fd: int, flags: int) -> None:
    """Change the APPEND, NONBLOCK and sync flags of a descriptor."""
    descriptor = call.descriptors.get(fd)
    descriptor.require(Rights.FD_FDSTAT_SET_FLAGS)
    if flags & ~0x1F:
        raise WasiError(Errno.INVAL, f"unknown fdflags {flags:#x}")
    if isinstance(descriptor, FileDescriptor):
        host = fcntl.fcntl(descriptor.host_fd, fcntl.F_GETFL)
        for flag, host_flag in _HOST_FLAGS.items():
            host = host | host_flag if flags & flag else host & ~host_flag
        fcntl.fcntl(descriptor.host_fd, fcntl.F_SETFL, host)
    elif flags & FdFlags.NONBLOCK:
        raise WasiError(Errno.NOTSUP, "standard streams stay blocking")
    descriptor.flags = flags


def fd_fdstat_set_rights(call: WasiCall, fd: int, base: int, inheriting: int) -> None:
    """Drop rights of a descriptor (adding any is NOTCAPABLE)."""
    descriptor = call.descriptors.get(fd)
    if base & ~descriptor.rights_base or inheriting & ~descriptor.rights_inheriting:
        raise WasiError(Errno.NOTCAPABLE, "rights can only be dropped")
    descriptor.rights_base, descriptor.rights_inheriting = base, inheriting


def fd_filestat_get(call: WasiCall, fd: int, buf: int) -> None:
    """The attributes of the file behind a descriptor."""
    descriptor = call.descriptors.get(fd)
    descriptor.require(Rights.FD_FILESTAT_GET)
    info = os.fstat(descriptor.host_fd) if descriptor.host_fd is not None else None
    write_filestat(call, buf, info, descriptor.filetype)


def fd_filestat_set_size(call: WasiCall, fd: int, size: int) -> None:
    """Truncate or extend a file."""
    descriptor = _writable_file(call, fd, Rights.FD_FILESTAT_SET_SIZE)
    if size >= 1 << 63:
        raise WasiError(Errno.FBIG)
    os.ftruncate(descriptor.host_fd, size)


def fd_filestat_set_times(call: WasiCall, fd: int, atim: int, mtim: int, flags: int) -> None:
    """Set the access and modification times of a file."""
    descriptor = _file(call, fd, Rights.FD_FILESTAT_SET_TIMES)
    times = new_times(os.fstat(descriptor.host_fd), atim, mtim, flags)
    os.utime(descriptor.host_fd, ns=times)


def _writable_file(call: WasiCall, fd: int, right: Rights) -> FileDescriptor:
    descriptor = call.descriptors.get(fd)
    if isinstance(descriptor, DirectoryDescriptor):
        raise WasiError(Errno.ISDIR if right != Rights.FD_ALLOCATE else Errno.BADF)
    return _file(call, fd, right)


def fd_advise(call: WasiCall, fd: int, offset: int, length: int, advice: int) -> None:
    """Tell the host how the guest will access a file region."""
    descriptor = _file(call, fd, Rights.FD_ADVISE)
    if advice >= ADVICE_COUNT:
        raise WasiError(Errno.INVAL, f"unknown advice {advice}")
    if offset >= 1 << 63 or length >= 1 << 63:
        raise WasiError(Errno.INVAL, "the region lies beyond the largest file offset")
    if hasattr(os, "posix_fadvise") and not isinstance(descriptor, DirectoryDescriptor):
        os.posix_fadvise(descriptor.host_fd, offset, length, _ADVICE[advice])


def fd_allocate(call: WasiCall, fd: int, offset: int, length: int) -> None:
    """Make a file at least ``offset + length`` bytes long.  The region is
    not reserved on the host's disk (it stays sparse): a reservation would
    let one call from a guest fill the disk."""
    descriptor = _writable_file(call, fd, Rights.FD_ALLOCATE)
    end = offset + length
    if end >= 1 << 63:
        raise WasiError(Errno.FBIG)
    if end > os.fstat(descriptor.host_fd).st_size:
        os.ftruncate(descriptor.host_fd, end)


def fd_datasync(call: WasiCall, fd: int) -> None:
    """Flush a file's data to storage."""
    descriptor = _syncable(call, fd, Rights.FD_DATASYNC)
    os.fdatasync(descriptor.host_fd)


def fd_sync(call: WasiCall, fd: int) -> None:
    """Flush a file's data and attributes to storage."""
    descriptor = _syncable(call, fd, Rights.FD_SYNC)
    os.fsync(descriptor.host_fd)


def _syncable(call: WasiCall, fd: int, right: Rights) -> Descriptor:
    descriptor = call.descriptors.get(fd)
    if descriptor.host_fd is None:
        raise WasiError(Errno.INVAL, f"descriptor {fd} cannot be synced")
    if isinstance(descriptor, FileDescriptor):
        descriptor.require(right)
    return descriptor


def _preopen(call: WasiCall, fd: int) -> bytes:
    descriptor = call.descriptors.get(fd)
    if not isinstance(descriptor, DirectoryDescriptor) or descriptor.preopen_name is None:
        raise WasiError(Errno.BADF, f"descriptor {fd} is not a preopened directory")
    return descriptor.preopen_name.encode("utf-8")


def fd_prestat_get(call: WasiCall, fd: int, buf: int) -> None:
    """That ``fd`` is a preopened directory, and its name's length."""
    call.memory.pack(PRESTAT, buf, PREOPEN_TYPE_DIR, len(_preopen(call, fd)))


def fd_prestat_dir_name(call: WasiCall, fd: int, path: int, path_len: int) -> None:
    """The guest name of a preopened directory (not NUL-terminated)."""
    name = _preopen(call, fd)
    if path_len < len(name):
        raise WasiError(Errno.NAMETOOLONG)
    call.memory.write(path, name)


FUNCTIONS = {
    "fd_advise": HostFunction("iIIi", fd_advise),
    "fd_allocate": HostFunction("iII", fd_allocate),
    "fd_close": HostFunction("i", fd_close),
    "fd_datasync": HostFunction("i", fd_datasync),
    "fd_fdstat_get": HostFunction("ii", fd_fdstat_get),
    "fd_fdstat_set_flags": HostFunction("ii", fd_fdstat_set_flags),
    "fd_fdstat_set_rights": HostFunction("iII", fd_fdstat_set_rights),
    "fd_filestat_get": HostFunction("ii", fd_filestat_get),
    "fd_filestat_set_size": HostFunction("iI", fd_filestat_set_size),
    "fd_filestat_set_times": HostFunction("iIIi", fd_filestat_set_times),
    "fd_prestat_dir_name": HostFunction("iii", fd_prestat_dir_name),
    "fd_prestat_get": HostFunction("ii", fd_prestat_get),
    "fd_renumber": HostFunction("ii", fd_renumber),
    "fd_sync": HostFunction("i", fd_sync),
}
