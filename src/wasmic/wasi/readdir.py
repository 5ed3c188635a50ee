"""``fd_readdir``: the entries of a directory as ``dirent`` records.

The listing is taken when the guest starts at cookie 0 and kept, so that
later calls continue where the previous buffer filled up; an entry's
``d_next`` cookie is the position of the entry after it.  ``.`` and
``..`` come first, as from a host ``readdir``.  A record that does not
fit is cut at the end of the buffer: the guest sees a full buffer and
asks again from that record's cookie with more room.
"""

from __future__ import annotations

import os

from .abi import DIRENT_HEADER, FileType, Rights, filetype_of
from .call import HostFunction, WasiCall
from .descriptors import DirectoryDescriptor


def _entry_type(entry: os.DirEntry) -> FileType:
    if entry.is_symlink():
        return FileType.SYMBOLIC_LINK
    if entry.is_dir(follow_symlinks=False):
        return FileType.DIRECTORY
    if entry.is_file(follow_symlinks=False):
        return FileType.REGULAR_FILE
    return filetype_of(entry.stat(follow_symlinks=False).st_mode)


def list_directory(directory: DirectoryDescriptor) -> list[tuple[bytes, int, int]]:
    """(name, inode, WASI type) of every entry, ``.`` and ``..`` first.  At
    a preopen's top ``..`` reports the preopen itself: nothing about the
    host outside the sandbox is shown."""
    own = os.fstat(directory.host_fd).st_ino
    parent = own if directory.depth == 0 else os.stat("..", dir_fd=directory.host_fd).st_ino
    entries = [(b".", own, FileType.DIRECTORY), (b"..", parent, FileType.DIRECTORY)]
    with os.scandir(directory.host_fd) as listing:
        for entry in listing:
            entries.append((os.fsencode(entry.name), entry.inode(), _entry_type(entry)))
    return entries


def fd_readdir(call: WasiCall, fd: int, buf: int, buf_len: int, cookie: int,
               bufused_ptr: int) -> None:
    """Fill ``buf`` with the entries from position ``cookie`` on."""
    directory = call.descriptors.directory(fd)
    directory.require(Rights.FD_READDIR)
    call.memory.check(buf, buf_len)
    call.memory.check(bufused_ptr, 4)
    if cookie == 0 or directory.listing is None:
        directory.listing = list_directory(directory)
    records = bytearray()
    for position in range(cookie, len(directory.listing)):
        if len(records) >= buf_len:
            break
        name, inode, kind = directory.listing[position]
        records += DIRENT_HEADER.pack(position + 1, inode, len(name), kind) + name
    used = min(len(records), buf_len)
    call.memory.write(buf, records[:used])
    call.memory.set_u32(bufused_ptr, used)


FUNCTIONS = {"fd_readdir": HostFunction("iiiIi", fd_readdir)}
