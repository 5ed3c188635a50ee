"""File attributes shared by the ``fd_*`` and ``path_*`` functions:
writing a ``filestat`` and the timestamp rules of ``*_filestat_set_times``."""

from __future__ import annotations

import os
import time

from .abi import FileType, FstFlags, filetype_of
from .call import WasiCall
from .errno import Errno, WasiError


def write_filestat(call: WasiCall, address: int, info: os.stat_result | None,
                   filetype: FileType | None = None) -> None:
    """Store a ``filestat`` of ``info`` at ``address`` (all zeros but the
    type when there is no host file, as for a custom stream)."""
    if info is None:
        values = (0, 0, filetype or FileType.UNKNOWN, 0, 0, 0, 0, 0)
    else:
        values = (info.st_dev, info.st_ino, filetype_of(info.st_mode), info.st_nlink,
                  info.st_size, info.st_atime_ns, info.st_mtime_ns, info.st_ctime_ns)
    call.memory.check(address, call.layout.filestat.size)
    call.memory.write(address, call.layout.pack_filestat(*values))


def new_times(current: os.stat_result, atim: int, mtim: int, flags: int) -> tuple[int, int]:
    """The (atime, mtime) in ns that ``fst_flags`` asks for, keeping a
    time the flags leave out; INVAL for contradictory or unknown flags."""
    if flags & ~0xF:
        raise WasiError(Errno.INVAL, f"unknown fstflags {flags:#x}")
    if (flags & FstFlags.ATIM and flags & FstFlags.ATIM_NOW) or (
            flags & FstFlags.MTIM and flags & FstFlags.MTIM_NOW):
        raise WasiError(Errno.INVAL, "a time is both given and set to now")
    now = time.time_ns()
    atime = (atim if flags & FstFlags.ATIM else now if flags & FstFlags.ATIM_NOW
             else current.st_atime_ns)
    mtime = (mtim if flags & FstFlags.MTIM else now if flags & FstFlags.MTIM_NOW
             else current.st_mtime_ns)
    return atime, mtime
