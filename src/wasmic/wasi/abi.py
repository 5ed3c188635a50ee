"""The preview1 ABI: flag and enum values, and the byte layouts of the
structures host functions read and write in guest memory.

Numbers follow the witx of ``wasi_snapshot_preview1``.  The older
``wasi_unstable`` (snapshot 0) shares the functions but differs in three
places, captured by ``Layout``: the ``whence`` numbering, the ``filestat``
layout (32-bit link count) and the ``subscription`` layout (a clock
subscription carries an extra identifier).
"""

from __future__ import annotations

import enum
import os
import stat
import struct
from dataclasses import dataclass


class Rights(enum.IntFlag):
    """What a descriptor may be used for (``rights``)."""

    FD_DATASYNC = 1 << 0
    FD_READ = 1 << 1
    FD_SEEK = 1 << 2
    FD_FDSTAT_SET_FLAGS = 1 << 3
    FD_SYNC = 1 << 4
    FD_TELL = 1 << 5
    FD_WRITE = 1 << 6
    FD_ADVISE = 1 << 7
    FD_ALLOCATE = 1 << 8
    PATH_CREATE_DIRECTORY = 1 << 9
    PATH_CREATE_FILE = 1 << 10
    PATH_LINK_SOURCE = 1 << 11
    PATH_LINK_TARGET = 1 << 12
    PATH_OPEN = 1 << 13
    FD_READDIR = 1 << 14
    PATH_READLINK = 1 << 15
    PATH_RENAME_SOURCE = 1 << 16
    PATH_RENAME_TARGET = 1 << 17
    PATH_FILESTAT_GET = 1 << 18
    PATH_FILESTAT_SET_SIZE = 1 << 19
    PATH_FILESTAT_SET_TIMES = 1 << 20
    FD_FILESTAT_GET = 1 << 21
    FD_FILESTAT_SET_SIZE = 1 << 22
    FD_FILESTAT_SET_TIMES = 1 << 23
    PATH_SYMLINK = 1 << 24
    PATH_REMOVE_DIRECTORY = 1 << 25
    PATH_UNLINK_FILE = 1 << 26
    POLL_FD_READWRITE = 1 << 27
    SOCK_SHUTDOWN = 1 << 28
    SOCK_ACCEPT = 1 << 29


ALL_RIGHTS = (1 << 30) - 1

FILE_COMMON_RIGHTS = (Rights.FD_SEEK | Rights.FD_TELL | Rights.FD_FDSTAT_SET_FLAGS
                      | Rights.FD_FILESTAT_GET | Rights.FD_ADVISE | Rights.POLL_FD_READWRITE)
FILE_READ_RIGHTS = Rights.FD_READ
FILE_WRITE_RIGHTS = (Rights.FD_DATASYNC | Rights.FD_SYNC | Rights.FD_WRITE | Rights.FD_ALLOCATE
                     | Rights.FD_FILESTAT_SET_SIZE | Rights.FD_FILESTAT_SET_TIMES)
DIR_READ_RIGHTS = (Rights.PATH_OPEN | Rights.FD_READDIR | Rights.PATH_READLINK
                   | Rights.PATH_FILESTAT_GET | Rights.FD_FILESTAT_GET
                   | Rights.FD_FDSTAT_SET_FLAGS | Rights.FD_SYNC | Rights.FD_DATASYNC
                   | Rights.POLL_FD_READWRITE)
DIR_WRITE_RIGHTS = (Rights.PATH_CREATE_DIRECTORY | Rights.PATH_CREATE_FILE
                    | Rights.PATH_LINK_SOURCE | Rights.PATH_LINK_TARGET
                    | Rights.PATH_RENAME_SOURCE | Rights.PATH_RENAME_TARGET
                    | Rights.PATH_FILESTAT_SET_SIZE | Rights.PATH_FILESTAT_SET_TIMES
                    | Rights.FD_FILESTAT_SET_TIMES | Rights.PATH_SYMLINK
                    | Rights.PATH_REMOVE_DIRECTORY | Rights.PATH_UNLINK_FILE)
STREAM_RIGHTS = (Rights.FD_READ | Rights.FD_WRITE | Rights.FD_FDSTAT_SET_FLAGS
                 | Rights.FD_FILESTAT_GET | Rights.POLL_FD_READWRITE)
SOCKET_RIGHTS = STREAM_RIGHTS | Rights.SOCK_SHUTDOWN | Rights.SOCK_ACCEPT

READ_ACCESS = Rights.FD_READ | Rights.FD_READDIR
"""Requested rights that mean "open for reading" in ``path_open``."""
WRITE_ACCESS = (Rights.FD_DATASYNC | Rights.FD_WRITE | Rights.FD_ALLOCATE
                | Rights.FD_FILESTAT_SET_SIZE)
"""Requested rights that mean "open for writing" in ``path_open``."""


class FileType(enum.IntEnum):
    """``filetype``: the kind of a descriptor or directory entry."""

    UNKNOWN = 0
    BLOCK_DEVICE = 1
    CHARACTER_DEVICE = 2
    DIRECTORY = 3
    REGULAR_FILE = 4
    SOCKET_DGRAM = 5
    SOCKET_STREAM = 6
    SYMBOLIC_LINK = 7


_FILETYPES = ((stat.S_ISREG, FileType.REGULAR_FILE), (stat.S_ISDIR, FileType.DIRECTORY),
              (stat.S_ISLNK, FileType.SYMBOLIC_LINK), (stat.S_ISCHR, FileType.CHARACTER_DEVICE),
              (stat.S_ISBLK, FileType.BLOCK_DEVICE), (stat.S_ISSOCK, FileType.SOCKET_STREAM))


def filetype_of(mode: int) -> FileType:
    """The WASI file type of a host ``st_mode``."""
    for test, filetype in _FILETYPES:
        if test(mode):
            return filetype
    return FileType.UNKNOWN


class FdFlags(enum.IntFlag):
    """``fdflags``: how writes and reads behave."""

    APPEND = 1
    DSYNC = 2
    NONBLOCK = 4
    RSYNC = 8
    SYNC = 16


SYNC_FLAGS = FdFlags.DSYNC | FdFlags.RSYNC | FdFlags.SYNC


class OFlags(enum.IntFlag):
    """``oflags`` of ``path_open``."""

    CREAT = 1
    DIRECTORY = 2
    EXCL = 4
    TRUNC = 8


LOOKUP_SYMLINK_FOLLOW = 1
"""``lookupflags``: follow a symbolic link in the last path component."""


class ClockId(enum.IntEnum):
    """``clockid``."""

    REALTIME = 0
    MONOTONIC = 1
    PROCESS_CPUTIME_ID = 2
    THREAD_CPUTIME_ID = 3


class FstFlags(enum.IntFlag):
    """``fstflags``: which timestamps ``*_filestat_set_times`` changes."""

    ATIM = 1
    ATIM_NOW = 2
    MTIM = 4
    MTIM_NOW = 8


class EventType(enum.IntEnum):
    """``eventtype`` of a subscription or event."""

    CLOCK = 0
    FD_READ = 1
    FD_WRITE = 2


SUBCLOCK_ABSTIME = 1
EVENT_FD_READWRITE_HANGUP = 1
PREOPEN_TYPE_DIR = 0

SDFLAGS_RD = 1
SDFLAGS_WR = 2
RIFLAGS_RECV_PEEK = 1
RIFLAGS_RECV_WAITALL = 2
ROFLAGS_RECV_DATA_TRUNCATED = 1

ADVICE_COUNT = 6
"""``advice`` values are 0 (normal) to 5 (noreuse)."""

DIRENT_HEADER = struct.Struct("<QQIB3x")
"""``dirent``: d_next cookie, d_ino, d_namlen, d_type; the name follows."""
FDSTAT = struct.Struct("<BxHxxxxQQ")
"""``fdstat``: filetype, fdflags, rights_base, rights_inheriting."""
PRESTAT = struct.Struct("<BxxxI")
"""``prestat``: tag (0 = dir), name length."""
EVENT = struct.Struct("<QHBxxxxxQH6x")
"""``event``: userdata, errno, type, fd_readwrite (nbytes, flags)."""
IOVEC = struct.Struct("<II")


@dataclass(frozen=True)
class Subscription:
    """One decoded ``subscription`` of ``poll_oneoff``."""

    userdata: int
    kind: int
    clock_id: int = 0
    timeout: int = 0
    flags: int = 0
    fd: int = 0


@dataclass(frozen=True)
class Layout:
    """The structure layouts and numbering that differ between the
    preview1 and snapshot 0 ABIs."""

    whence: dict[int, int]
    """Guest ``whence`` -> host ``os.SEEK_*``."""
    filestat: struct.Struct
    subscription_size: int
    clock: struct.Struct
    """The clock part of a subscription, at offset 16: (clock_id, timeout,
    precision, flags), snapshot 0 starting with an identifier."""

    def pack_filestat(self, dev: int, ino: int, filetype: int, nlink: int, size: int,
                      atim: int, mtim: int, ctim: int) -> bytes:
        """A ``filestat`` in this layout."""
        return self.filestat.pack(dev, ino, filetype, nlink, size, atim, mtim, ctim)

    def unpack_subscription(self, data: bytes | memoryview, offset: int) -> Subscription:
        """The subscription at ``offset`` in ``data``."""
        userdata, kind = struct.unpack_from("<QB", data, offset)
        if kind == EventType.CLOCK:
            fields = self.clock.unpack_from(data, offset + 16)
            clock_id, timeout, _precision, flags = fields[-4:]
            return Subscription(userdata, kind, clock_id, timeout, flags)
        (fd,) = struct.unpack_from("<I", data, offset + 16)
        return Subscription(userdata, kind, fd=fd)


PREVIEW1 = Layout(
    whence={0: os.SEEK_SET, 1: os.SEEK_CUR, 2: os.SEEK_END},
    filestat=struct.Struct("<QQB7xQQQQQ"),
    subscription_size=48,
    clock=struct.Struct("<I4xQQH"),
)

SNAPSHOT0 = Layout(
    whence={0: os.SEEK_CUR, 1: os.SEEK_END, 2: os.SEEK_SET},
    filestat=struct.Struct("<QQBxxxIQQQQ"),
    subscription_size=56,
    clock=struct.Struct("<QI4xQQH"),
)
