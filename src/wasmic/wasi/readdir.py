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
    here = os.fstat(directory.host_fd)
    at_top = (here.st_dev, here.st_ino) == directory.root
    above = here if at_top else os.stat("..", dir_fd=directory.host_fd)
    entries = [(b".", here.st_ino, FileType.DIRECTORY), (b"..", above.st_ino, FileType.DIRECTORY)]
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
