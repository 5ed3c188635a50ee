"""The ``path_*`` functions: opening, creating, inspecting, linking,
renaming and removing entries named by a path relative to a directory
descriptor.  Every path is resolved by ``sandbox.resolve`` to a host
directory descriptor and a single name inside the preopen, and the host
call is made relative to that descriptor without following links, so
nothing outside the preopen can be named, created or changed."""

from __future__ import annotations

import os
import stat

from .abi import (LOOKUP_SYMLINK_FOLLOW, READ_ACCESS, WRITE_ACCESS, FdFlags, OFlags, Rights,
                  filetype_of)
from .call import HostFunction, WasiCall
from .descriptors import DirectoryDescriptor, FileDescriptor
from .errno import Errno, WasiError
from .filestat import new_times, write_filestat
from .sandbox import Resolved, depth_below, resolve, symlink_stays_inside

_OPEN_FLAGS = {OFlags.CREAT: os.O_CREAT, OFlags.DIRECTORY: os.O_DIRECTORY,
               OFlags.EXCL: os.O_EXCL, OFlags.TRUNC: os.O_TRUNC}
_FD_FLAGS = {FdFlags.APPEND: os.O_APPEND, FdFlags.DSYNC: getattr(os, "O_DSYNC", os.O_SYNC),
             FdFlags.NONBLOCK: os.O_NONBLOCK, FdFlags.RSYNC: getattr(os, "O_RSYNC", os.O_SYNC),
             FdFlags.SYNC: os.O_SYNC}


def _host_flags(flags: int, table: dict) -> int:
    """The host ``O_*`` flags for the WASI ``flags`` set, per ``table``."""
    host = 0
    for flag, host_flag in table.items():
        if flags & flag:
            host |= host_flag
    return host


def _walk(call: WasiCall, fd: int, right: Rights, path: int, path_len: int,
          follow: bool = False) -> tuple[DirectoryDescriptor, Resolved]:
    """The directory ``fd`` (which must have ``right``) and ``path`` resolved in it."""
    directory = call.descriptors.directory(fd)
    directory.require(right)
    name = call.memory.string(path, path_len)
    return directory, resolve(directory.host_fd, name, follow)


def path_open(call: WasiCall, fd: int, dirflags: int, path: int, path_len: int, oflags: int,
              rights_base: int, rights_inheriting: int, fdflags: int, opened_ptr: int) -> None:
    """Open (or create) a file or directory; the new descriptor number."""
    directory = call.descriptors.directory(fd)
    directory.require(Rights.PATH_OPEN)
    flags = _open_flags(directory, oflags, rights_base, fdflags)
    call.memory.check(opened_ptr, 4)
    name = call.memory.string(path, path_len)
    with resolve(directory.host_fd, name, bool(dirflags & LOOKUP_SYMLINK_FOLLOW)) as where:
        if where.must_be_dir:
            flags |= os.O_DIRECTORY
        host_fd = os.open(where.name, flags, 0o666, dir_fd=where.dir_fd)
    try:
        opened = _opened(directory, host_fd, rights_base, rights_inheriting, fdflags)
    except BaseException:
        os.close(host_fd)
        raise
    call.memory.set_u32(opened_ptr, call.descriptors.add(opened))


def _open_flags(directory: DirectoryDescriptor, oflags: int, rights_base: int,
                fdflags: int) -> int:
    """The host ``open`` flags for a ``path_open``, after checking that the
    directory and the preopen's file permissions allow it (writing is
    checked before opening, as ``O_TRUNC`` acts at once)."""
    if oflags & ~0xF or fdflags & ~0x1F:
        raise WasiError(Errno.INVAL, "unknown oflags or fdflags")
    if oflags & OFlags.CREAT:
        directory.require(Rights.PATH_CREATE_FILE)
    if oflags & OFlags.TRUNC:
        directory.require(Rights.PATH_FILESTAT_SET_SIZE)
    reading = bool(rights_base & READ_ACCESS)
    writing = bool(rights_base & WRITE_ACCESS or oflags & OFlags.TRUNC)
    if writing and not directory.sandbox.file_perms.writable:
        raise WasiError(Errno.PERM, "the preopen's files are read-only")
    flags = os.O_CLOEXEC | os.O_NOFOLLOW
    flags |= (os.O_RDWR if reading else os.O_WRONLY) if writing else os.O_RDONLY
    return flags | _host_flags(oflags, _OPEN_FLAGS) | _host_flags(fdflags, _FD_FLAGS)


def _opened(directory: DirectoryDescriptor, host_fd: int, rights_base: int,
            rights_inheriting: int, fdflags: int) -> FileDescriptor:
    """The descriptor for a host file just opened through ``directory``: its
    rights are those asked for that ``directory`` can pass on.  Reading a
    file (not a directory) needs the preopen's file read permission."""
    mode = os.fstat(host_fd).st_mode
    base = rights_base & directory.rights_inheriting
    inheriting = rights_inheriting & directory.rights_inheriting
    if stat.S_ISDIR(mode):
        return DirectoryDescriptor(host_fd, directory.sandbox, directory.root, base, inheriting)
    if rights_base & READ_ACCESS and not directory.sandbox.file_perms.readable:
        raise WasiError(Errno.PERM, "the preopen's files are write-only")
    return FileDescriptor(host_fd, filetype_of(mode), base, inheriting, fdflags)


def path_create_directory(call: WasiCall, fd: int, path: int, path_len: int) -> None:
    """Make a directory."""
    with _walk(call, fd, Rights.PATH_CREATE_DIRECTORY, path, path_len)[1] as where:
        os.mkdir(where.name, 0o777, dir_fd=where.dir_fd)


def path_filestat_get(call: WasiCall, fd: int, flags: int, path: int, path_len: int,
                      buf: int) -> None:
    """The attributes of the entry at ``path``."""
    with _walk(call, fd, Rights.PATH_FILESTAT_GET, path, path_len,
               bool(flags & LOOKUP_SYMLINK_FOLLOW))[1] as where:
        info = where.lstat()
        where.check_directory()
    write_filestat(call, buf, info)


def path_filestat_set_times(call: WasiCall, fd: int, flags: int, path: int, path_len: int,
                            atim: int, mtim: int, fst_flags: int) -> None:
    """Set the access and modification times of the entry at ``path``."""
    with _walk(call, fd, Rights.PATH_FILESTAT_SET_TIMES, path, path_len,
               bool(flags & LOOKUP_SYMLINK_FOLLOW))[1] as where:
        times = new_times(where.lstat(), atim, mtim, fst_flags)
        os.utime(where.name, ns=times, dir_fd=where.dir_fd, follow_symlinks=False)


def path_link(call: WasiCall, old_fd: int, old_flags: int, old_path: int, old_len: int,
              new_fd: int, new_path: int, new_len: int) -> None:
    """Make a hard link ``new_path`` to the entry at ``old_path``."""
    with _walk(call, old_fd, Rights.PATH_LINK_SOURCE, old_path, old_len,
               bool(old_flags & LOOKUP_SYMLINK_FOLLOW))[1] as source, \
            _walk(call, new_fd, Rights.PATH_LINK_TARGET, new_path, new_len)[1] as target:
        if target.must_be_dir:
            raise WasiError(Errno.NOENT, "a link target cannot end in a slash")
        os.link(source.name, target.name, src_dir_fd=source.dir_fd, dst_dir_fd=target.dir_fd,
                follow_symlinks=False)


def path_readlink(call: WasiCall, fd: int, path: int, path_len: int, buf: int, buf_len: int,
                  bufused_ptr: int) -> None:
    """The target of a symbolic link (cut to the buffer's length)."""
    call.memory.check(buf, buf_len)
    call.memory.check(bufused_ptr, 4)
    with _walk(call, fd, Rights.PATH_READLINK, path, path_len)[1] as where:
        target = os.fsencode(os.readlink(where.name, dir_fd=where.dir_fd))
    call.memory.write(buf, target[:buf_len])
    call.memory.set_u32(bufused_ptr, min(len(target), buf_len))


def path_remove_directory(call: WasiCall, fd: int, path: int, path_len: int) -> None:
    """Remove an empty directory."""
    with _walk(call, fd, Rights.PATH_REMOVE_DIRECTORY, path, path_len)[1] as where:
        os.rmdir(where.name, dir_fd=where.dir_fd)


def path_rename(call: WasiCall, fd: int, old_path: int, old_len: int, new_fd: int,
                new_path: int, new_len: int) -> None:
    """Rename an entry (within or across directories of the sandbox)."""
    with _walk(call, fd, Rights.PATH_RENAME_SOURCE, old_path, old_len)[1] as source, \
            _walk(call, new_fd, Rights.PATH_RENAME_TARGET, new_path, new_len)[1] as target:
        if source.must_be_dir or target.must_be_dir:
            source.must_be_dir = True
            source.check_directory()
        os.rename(source.name, target.name, src_dir_fd=source.dir_fd,
                  dst_dir_fd=target.dir_fd)


def path_symlink(call: WasiCall, old_path: int, old_len: int, fd: int, new_path: int,
                 new_len: int) -> None:
    """Make a symbolic link ``new_path`` whose content is ``old_path``.  A
    link that would point outside the sandbox (absolute, or climbing
    above the preopen) is refused with PERM."""
    target = call.memory.string(old_path, old_len)
    directory, resolved = _walk(call, fd, Rights.PATH_SYMLINK, new_path, new_len)
    with resolved as where:
        if not symlink_stays_inside(target, depth_below(where.dir_fd, directory.root)):
            raise WasiError(Errno.PERM, f"a link to {target!r} would leave the sandbox")
        if where.must_be_dir:
            raise WasiError(Errno.NOENT, "a link name cannot end in a slash")
        os.symlink(target, where.name, dir_fd=where.dir_fd)


def path_unlink_file(call: WasiCall, fd: int, path: int, path_len: int) -> None:
    """Remove a file (or link) entry."""
    with _walk(call, fd, Rights.PATH_UNLINK_FILE, path, path_len)[1] as where:
        if where.must_be_dir:
            is_dir = stat.S_ISDIR(where.lstat().st_mode)
            raise WasiError(Errno.ISDIR if is_dir else Errno.NOTDIR)
        os.unlink(where.name, dir_fd=where.dir_fd)


FUNCTIONS = {
    "path_create_directory": HostFunction("iii", path_create_directory),
    "path_filestat_get": HostFunction("iiiii", path_filestat_get),
    "path_filestat_set_times": HostFunction("iiiiIIi", path_filestat_set_times),
    "path_link": HostFunction("iiiiiii", path_link),
    "path_open": HostFunction("iiiiiIIii", path_open),
    "path_readlink": HostFunction("iiiiii", path_readlink),
    "path_remove_directory": HostFunction("iii", path_remove_directory),
    "path_rename": HostFunction("iiiiii", path_rename),
    "path_symlink": HostFunction("iiiii", path_symlink),
    "path_unlink_file": HostFunction("iii", path_unlink_file),
}
