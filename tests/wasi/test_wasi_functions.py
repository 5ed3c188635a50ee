"""WASI functions called directly with chosen arguments, on both tiers:
hostile pointers and descriptors give the right errno (never a Python
exception), and the structures written follow the preview1 layouts (and
the snapshot 0 ones under ``wasi_unstable``)."""

from __future__ import annotations

import os
import socket
import struct
import time

import pytest
from wasi_calls import Guest

import wasmic
from wasmic.wasi import DirPerms, Errno, FilePerms, WasiConfig
from wasmic.wasi.abi import Rights

PAGE = 65536
WRITE = (1 << 30) - 1
"""Every right: what libc asks for when it opens a file for writing."""
READ = WRITE & ~(Rights.FD_WRITE | Rights.FD_DATASYNC | Rights.FD_ALLOCATE
                 | Rights.FD_FILESTAT_SET_SIZE)
"""What libc asks for when it opens a file for reading only."""


def config_with(tmp_path=None, **streams) -> WasiConfig:
    config = WasiConfig()
    config.argv = ["prog", "arg"]
    config.env = [("K", "V")]
    for name, value in streams.items():
        setattr(config, name, value)
    if tmp_path is not None:
        config.preopen_dir(str(tmp_path), "/data")
    return config


def open_file(guest: Guest, path: str, oflags: int = 0, rights: int = READ, at: int = 3,
              address: int = 1000) -> tuple[int, int]:
    """(errno, new fd) of path_open; the path is stored at ``address``."""
    length = guest.put(address, path.encode())
    error = guest.call("path_open", at, 0, address, length, oflags, rights, rights, 0, 900)
    return error, guest.u32(900) if error == 0 else -1


def test_pointers_outside_memory_are_fault(tier_engine, tmp_path):
    guest = Guest(tier_engine, config_with(tmp_path))
    end = PAGE
    assert guest.call("args_sizes_get", end - 2, 0) == Errno.FAULT
    assert guest.call("args_get", end - 4, 100) == Errno.FAULT
    assert guest.call("random_get", end - 10, 11) == Errno.FAULT
    assert guest.call("random_get", 0xFFFFFFFF, 2) == Errno.FAULT
    assert guest.call("clock_time_get", 1, 0, end - 7) == Errno.FAULT
    assert guest.call("fd_write", 1, guest.iovec(0, end - 3, 4), 1, 16) == Errno.FAULT
    assert guest.call("fd_write", 1, end - 4, 1, 16) == Errno.FAULT
    assert guest.call("fd_write", 1, 0, 0x20000000, 16) == Errno.FAULT
    assert guest.call("path_open", 3, 0, end - 2, 8, 0, READ, READ, 0, 16) == Errno.FAULT
    assert guest.call("fd_prestat_dir_name", 3, end - 2, 5) == Errno.FAULT
    assert guest.call("poll_oneoff", end - 10, 0, 1, 16) == Errno.FAULT
    assert guest.call("fd_readdir", 3, end - 10, 100, 0, 16) == Errno.FAULT


def test_memory_can_grow_after_calls(tier_engine, tmp_path):
    guest = Guest(tier_engine, config_with(tmp_path))
    assert guest.call("random_get", 0, 64) == 0
    assert guest.call("fd_write", 1, guest.iovec(100, 0, 8), 1, 16) == 0
    assert guest.call("fd_write", 1, 0, 0x20000000, 16) == Errno.FAULT
    assert guest.exports["grow"](guest.store, 1) == 1
    assert guest.call("random_get", PAGE + 10, 64) == 0  # the new page is usable at once


def test_a_module_without_memory(tier_engine):
    guest = Guest(tier_engine, config_with(), ["fd_write", "proc_exit", "sched_yield"],
                  memory=False)
    assert guest.call("fd_write", 1, 0, 1, 8) == Errno.FAULT
    assert guest.call("sched_yield") == 0
    with pytest.raises(wasmic.ExitTrap) as caught:
        guest.call("proc_exit", 9)
    assert caught.value.code == 9
    assert str(caught.value) == "Exited with i32 exit status 9"


def test_a_store_without_wasi_cannot_instantiate_wasi_modules(tier_engine):
    linker = wasmic.Linker(tier_engine)
    linker.define_wasi()
    module = wasmic.Module(tier_engine, '(module (import "wasi_snapshot_preview1" '
                                        '"sched_yield" (func (result i32))))')
    with pytest.raises(wasmic.WasmError, match="Store.set_wasi"):
        linker.instantiate(wasmic.Store(tier_engine), module)


def test_descriptor_errors(tier_engine, tmp_path):
    (tmp_path / "file").write_text("x")
    guest = Guest(tier_engine, config_with(tmp_path))
    assert guest.call("fd_close", 99) == Errno.BADF
    assert guest.call("fd_read", 99, 0, 0, 16) == Errno.BADF
    assert guest.call("fd_seek", 1, 0, 0, 16) == Errno.SPIPE
    assert guest.call("fd_tell", 0, 16) == Errno.SPIPE
    assert guest.call("fd_pread", 1, 0, 0, 0, 16) == Errno.SPIPE
    assert guest.call("fd_readdir", 1, 0, 100, 0, 16) == Errno.NOTDIR
    assert guest.call("fd_prestat_get", 0, 16) == Errno.BADF
    assert guest.call("fd_read", 3, guest.iovec(0, 100, 10), 1, 16) == Errno.ISDIR
    assert guest.call("fd_seek", 3, 0, 0, 16) == Errno.BADF
    assert guest.call("fd_seek", 0, 0, 7, 16) in (Errno.SPIPE, Errno.INVAL)
    error, fd = open_file(guest, "file")
    assert error == 0
    assert guest.call("fd_seek", fd, 0, 3, 16) == Errno.INVAL
    assert guest.call("fd_seek", fd, -5, 0, 16) == Errno.INVAL
    assert guest.call("fd_readdir", fd, 0, 100, 0, 16) == Errno.NOTDIR
    assert guest.call("sock_send", fd, 0, 0, 0, 16) == Errno.NOTSOCK
    assert guest.call("sock_shutdown", 1, 3) == Errno.NOTSOCK
    assert guest.call("fd_advise", fd, 0, 0, 9) == Errno.INVAL
    assert guest.call("fd_advise", fd, 1 << 63, 1, 0) == Errno.INVAL
    assert guest.call("fd_advise", fd, 0, (1 << 64) - 1, 0) == Errno.INVAL
    assert guest.call("fd_filestat_set_times", fd, 0, 0, 1 | 2) == Errno.INVAL
    assert guest.call("clock_time_get", 9, 0, 16) == Errno.INVAL
    assert guest.call("clock_res_get", 4, 16) == Errno.INVAL
    assert guest.call("proc_raise", 99) == Errno.INVAL
    assert guest.call("path_open", 3, 0, 0, 0, 0, READ, READ, 0, 16) == Errno.NOENT
    assert guest.call("path_open", 3, 0, guest.put(0, b"\xff\xfe") and 0, 2, 0, READ, READ,
                      0, 16) == Errno.ILSEQ
    assert guest.call("path_open", 3, 0, 0, 2, 0x10, READ, READ, 0, 16) == Errno.INVAL


def test_args_and_environment_layout(tier_engine):
    guest = Guest(tier_engine, config_with())
    assert guest.call("args_sizes_get", 0, 4) == 0
    assert (guest.u32(0), guest.u32(4)) == (2, len("prog\0arg\0"))
    assert guest.call("args_get", 100, 200) == 0
    assert (guest.u32(100), guest.u32(104)) == (200, 205)
    assert guest.get(200, 9) == b"prog\0arg\0"
    assert guest.call("environ_sizes_get", 0, 4) == 0
    assert (guest.u32(0), guest.u32(4)) == (1, 4)
    assert guest.call("environ_get", 100, 300) == 0
    assert guest.get(guest.u32(100), 4) == b"K=V\0"


def test_preopen_names(tier_engine, tmp_path):
    guest = Guest(tier_engine, config_with(tmp_path))
    assert guest.call("fd_prestat_get", 3, 0) == 0
    assert (guest.get(0, 1), guest.u32(4)) == (b"\0", 5)
    assert guest.call("fd_prestat_dir_name", 3, 100, 5) == 0
    assert guest.get(100, 5) == b"/data"
    assert guest.call("fd_prestat_dir_name", 3, 100, 4) == Errno.NAMETOOLONG
    assert guest.call("fd_prestat_get", 4, 0) == Errno.BADF


def test_clocks_and_random(tier_engine):
    guest = Guest(tier_engine, config_with())
    before = time.time_ns()
    assert guest.call("clock_time_get", 0, 1, 8) == 0
    assert before <= guest.u64(8) <= time.time_ns()
    for clock in range(4):
        assert guest.call("clock_res_get", clock, 8) == 0 and guest.u64(8) >= 1
    assert guest.call("random_get", 100, 4096) == 0
    assert guest.call("random_get", 5000, 0) == 0
    assert guest.get(100, 4096).count(0) < 100


def test_readdir_continues_from_cookies(tier_engine, tmp_path):
    names = {f"entry-{i:02d}-{'x' * i}" for i in range(30)}
    for name in names:
        (tmp_path / name).write_text(name)
    (tmp_path / "sub").mkdir()
    guest = Guest(tier_engine, config_with(tmp_path))
    seen, cookie, calls = {}, 0, 0
    while True:
        calls += 1
        assert guest.call("fd_readdir", 3, 2000, 96, cookie, 16) == 0
        used, data, offset = guest.u32(16), guest.get(2000, 96), 0
        while offset + 24 <= used:
            next_cookie, _inode, length, kind = struct.unpack_from("<QQIB", data, offset)
            if offset + 24 + length > used:
                break  # cut at the end of the buffer: ask again from its cookie
            seen[data[offset + 24:offset + 24 + length].decode()] = kind
            cookie = next_cookie
            offset += 24 + length
        if used < 96:
            break
    assert set(seen) == names | {".", "..", "sub"}
    assert seen["sub"] == 3 and seen["."] == 3 and seen[next(iter(names))] == 4
    assert calls > 10
    assert guest.call("fd_readdir", 3, 2000, 96, 10_000, 16) == 0 and guest.u32(16) == 0


def test_files_through_descriptors(tier_engine, tmp_path):
    guest = Guest(tier_engine, config_with(tmp_path))
    error, fd = open_file(guest, "new.txt", oflags=1 | 8, rights=WRITE)
    assert error == 0 and fd == 4
    data = guest.put(3000, b"0123456789")
    assert guest.call("fd_write", fd, guest.iovec(0, 3000, data), 1, 16) == 0
    assert guest.u32(16) == 10
    assert guest.call("fd_seek", fd, -4, 2, 24) == 0 and guest.u64(24) == 6
    assert guest.call("fd_tell", fd, 24) == 0 and guest.u64(24) == 6
    assert guest.call("fd_pread", fd, guest.iovec(0, 4000, 3), 1, 2, 16) == 0
    assert guest.get(4000, 3) == b"234"
    assert guest.call("fd_filestat_get", fd, 100) == 0
    dev, ino, kind, nlink, size = struct.unpack_from("<QQB7xQQ", guest.get(100, 64))
    assert (kind, nlink, size) == (4, 1, 10)
    assert ino == os.stat(tmp_path / "new.txt").st_ino
    assert guest.call("fd_filestat_set_size", fd, 4) == 0
    assert (tmp_path / "new.txt").read_bytes() == b"0123"
    assert guest.call("fd_allocate", fd, 0, 100) == 0
    assert (tmp_path / "new.txt").stat().st_size == 100
    assert guest.call("fd_allocate", fd, 10, 20) == 0  # inside: the size stays
    assert (tmp_path / "new.txt").stat().st_size == 100
    # A huge region grows the file without taking the host's disk.
    assert guest.call("fd_allocate", fd, 1 << 40, 1 << 20) == 0
    grown = (tmp_path / "new.txt").stat()
    assert grown.st_size == (1 << 40) + (1 << 20) and grown.st_blocks * 512 < 1 << 20
    assert guest.call("fd_filestat_set_size", fd, 100) == 0
    assert guest.call("fd_filestat_set_times", fd, 5 * 10**9, 7 * 10**9, 1 | 4) == 0
    assert (tmp_path / "new.txt").stat().st_mtime_ns == 7 * 10**9
    assert guest.call("fd_fdstat_get", fd, 200) == 0
    kind, flags, base, inheriting = struct.unpack("<BxHxxxxQQ", guest.get(200, 24))
    assert (kind, flags, base & Rights.FD_WRITE) == (4, 0, Rights.FD_WRITE)
    assert guest.call("fd_fdstat_set_flags", fd, 1) == 0  # APPEND
    assert guest.call("fd_fdstat_get", fd, 200) == 0 and guest.get(202, 2) == b"\1\0"
    assert guest.call("fd_fdstat_set_rights", fd, Rights.FD_READ, 0) == 0
    assert guest.call("fd_write", fd, 0, 1, 16) == Errno.NOTCAPABLE
    assert guest.call("fd_fdstat_set_rights", fd, Rights.FD_READ | Rights.FD_WRITE, 0) \
        == Errno.NOTCAPABLE
    assert guest.call("fd_renumber", fd, 1) == 0
    assert guest.call("fd_close", fd) == Errno.BADF
    assert guest.call("fd_fdstat_get", 1, 200) == 0 and guest.get(200, 1) == b"\4"
    assert guest.call("fd_renumber", 1, 77) == Errno.BADF


def test_paths_ending_in_a_slash_name_directories(tier_engine, tmp_path):
    (tmp_path / "file").write_text("x")
    (tmp_path / "dir").mkdir()
    guest = Guest(tier_engine, config_with(tmp_path))
    assert open_file(guest, "file/")[0] == Errno.NOTDIR
    assert open_file(guest, "dir/")[0] == 0
    assert open_file(guest, "file", oflags=2)[0] == Errno.NOTDIR
    length = guest.put(1000, b"file/")
    assert guest.call("path_filestat_get", 3, 0, 1000, length, 100) == Errno.NOTDIR
    assert guest.call("path_unlink_file", 3, 1000, length) == Errno.NOTDIR
    length = guest.put(1000, b"dir")
    assert guest.call("path_unlink_file", 3, 1000, length) == Errno.ISDIR
    length = guest.put(1000, b"newdir/")
    assert guest.call("path_create_directory", 3, 1000, length) == 0
    assert (tmp_path / "newdir").is_dir()


def test_links_and_renames(tier_engine, tmp_path):
    (tmp_path / "file").write_text("content")
    guest = Guest(tier_engine, config_with(tmp_path))
    target, link = guest.put(1000, b"file"), guest.put(1100, b"alias")
    assert guest.call("path_symlink", 1000, target, 3, 1100, link) == 0
    assert os.readlink(tmp_path / "alias") == "file"
    assert guest.call("path_readlink", 3, 1100, link, 2000, 3, 16) == 0
    assert (guest.get(2000, 3), guest.u32(16)) == (b"fil", 3)
    assert guest.call("path_filestat_get", 3, 1, 1100, link, 100) == 0
    assert guest.get(116, 1) == b"\4"  # followed: a regular file
    assert guest.call("path_filestat_get", 3, 0, 1100, link, 100) == 0
    assert guest.get(116, 1) == b"\7"  # not followed: the link
    hard = guest.put(1200, b"hard")
    assert guest.call("path_link", 3, 1, 1100, link, 3, 1200, hard) == 0
    assert not os.path.islink(tmp_path / "hard") and (tmp_path / "hard").read_text() == "content"
    moved = guest.put(1300, b"moved")
    assert guest.call("path_rename", 3, 1200, hard, 3, 1300, moved) == 0
    assert (tmp_path / "moved").exists() and not (tmp_path / "hard").exists()
    assert guest.call("path_unlink_file", 3, 1300, moved) == 0
    assert guest.call("path_remove_directory", 3, 1100, link) == Errno.NOTDIR


def test_poll_oneoff_clocks_and_descriptors(tier_engine, tmp_path):
    (tmp_path / "file").write_bytes(b"12345")
    guest = Guest(tier_engine, config_with(tmp_path))
    assert guest.call("poll_oneoff", 0, 1000, 0, 16) == Errno.INVAL
    clock = struct.pack("<QB7xIxxxxQQH6x", 42, 0, 1, 30_000_000, 0, 0)
    guest.put(0, clock)
    start = time.monotonic()
    assert guest.call("poll_oneoff", 0, 1000, 1, 16) == 0
    assert time.monotonic() - start >= 0.029
    assert guest.u32(16) == 1
    userdata, error, kind = struct.unpack_from("<QHB", guest.get(1000, 32))
    assert (userdata, error, kind) == (42, 0, 0)
    _, fd = open_file(guest, "file", address=3000)
    subscriptions = (struct.pack("<QB7xIxxxxQQH6x", 1, 0, 1, 10**10, 0, 0)
                     + struct.pack("<QB7xI28x", 2, 1, fd)
                     + struct.pack("<QB7xI28x", 3, 2, 1)
                     + struct.pack("<QB7xIxxxxQQH6x", 4, 0, 99, 0, 0, 0)
                     + struct.pack("<QB7xI28x", 5, 1, 77))
    guest.put(0, subscriptions)
    start = time.monotonic()
    assert guest.call("poll_oneoff", 0, 1000, 5, 16) == 0
    assert time.monotonic() - start < 5  # the 10 s clock did not hold the ready descriptors
    events = {}
    for index in range(guest.u32(16)):
        userdata, error, kind, nbytes, _flags = struct.unpack_from(
            "<QHBxxxxxQH", guest.get(1000 + 32 * index, 32))
        events[userdata] = (error, kind, nbytes)
    assert events == {2: (0, 1, 5), 3: (0, 2, 0), 4: (Errno.INVAL, 0, 0), 5: (Errno.BADF, 1, 0)}
    guest.put(0, struct.pack("<QB7xIxxxxQQH6x", 10, 0, 1, 0, 0, 0)  # expired at once
              + struct.pack("<QB7xI28x", 11, 2, 1))  # stdout: writable at once
    assert guest.call("poll_oneoff", 0, 1000, 2, 16) == 0 and guest.u32(16) == 2
    assert {struct.unpack_from("<Q", guest.get(1000 + 32 * i, 8))[0] for i in range(2)} \
        == {10, 11}
    guest.put(0, struct.pack("<QB7xI28x", 8, 9, 0))  # an unknown event type
    assert guest.call("poll_oneoff", 0, 1000, 1, 16) == 0 and guest.u32(16) == 1
    assert struct.unpack_from("<QHB", guest.get(1000, 32)) == (8, Errno.INVAL, 9)
    absolute = struct.pack("<QB7xIxxxxQQH6x", 6, 0, 0, time.time_ns() - 10**9, 0, 1)
    guest.put(0, absolute)
    assert guest.call("poll_oneoff", 0, 1000, 1, 16) == 0 and guest.u32(16) == 1


def test_wasi_unstable_layouts(tier_engine, tmp_path):
    (tmp_path / "file").write_bytes(b"0123456789")
    guest = Guest(tier_engine, config_with(tmp_path),
                  ["path_open", "fd_filestat_get", "fd_seek", "poll_oneoff"],
                  module="wasi_unstable")
    _, fd = open_file(guest, "file")
    assert guest.call("fd_filestat_get", fd, 100) == 0
    dev, ino, kind, nlink, size = struct.unpack_from("<QQBxxxIQ", guest.get(100, 56))
    assert (kind, nlink, size) == (4, 1, 10)
    assert guest.call("fd_seek", fd, 3, 2, 16) == 0 and guest.u64(16) == 3  # 2 is SET here
    assert guest.call("fd_seek", fd, 2, 0, 16) == 0 and guest.u64(16) == 5  # 0 is CUR
    clock = struct.pack("<QB7xQIxxxxQQH6x", 7, 0, 0, 1, 1000, 0, 0)
    guest.put(0, clock)
    assert guest.call("poll_oneoff", 0, 1000, 1, 16) == 0
    assert struct.unpack_from("<QHB", guest.get(1000, 32)) == (7, 0, 0)


def test_read_only_preopens(tier_engine, tmp_path):
    (tmp_path / "file").write_text("keep")
    config = WasiConfig()
    config.preopen_dir(str(tmp_path), "/ro", DirPerms.READ_ONLY, FilePerms.READ_ONLY)
    guest = Guest(tier_engine, config)
    assert open_file(guest, "file")[0] == 0
    assert open_file(guest, "file", rights=WRITE)[0] == Errno.PERM
    assert open_file(guest, "other", oflags=1, rights=WRITE)[0] == Errno.PERM
    error, fd = open_file(guest, "file")
    assert guest.call("fd_write", fd, 0, 0, 16) == Errno.BADF
    assert guest.call("fd_filestat_set_size", fd, 0) == Errno.PERM
    assert (tmp_path / "file").read_text() == "keep"


def test_write_only_preopens_cannot_be_looked_into(tier_engine, tmp_path):
    (tmp_path / "file").write_text("secret")
    config = WasiConfig()
    config.preopen_dir(str(tmp_path), "/wo", DirPerms.WRITE_ONLY, FilePerms.WRITE_ONLY)
    guest = Guest(tier_engine, config)
    assert open_file(guest, "file")[0] == Errno.PERM
    assert guest.call("fd_readdir", 3, 0, 100, 0, 16) == Errno.PERM
    length = guest.put(1000, b"made")
    assert guest.call("path_create_directory", 3, 1000, length) == 0


def test_descriptor_table_is_bounded(tier_engine, tmp_path):
    (tmp_path / "file").write_text("x")
    guest = Guest(tier_engine, config_with(tmp_path))
    opened = 0
    while open_file(guest, "file")[0] == 0:
        opened += 1
        assert opened <= 1024
    assert open_file(guest, "file")[0] == Errno.MFILE
    for fd in range(4, 4 + opened):
        assert guest.call("fd_close", fd) == 0
    assert open_file(guest, "file")[0] == 0


def test_custom_output_callbacks(tier_engine):
    taken = []
    config = config_with(stdout_custom=lambda data: taken.append(data) or 2)
    guest = Guest(tier_engine, config)
    length = guest.put(100, b"hello")
    assert guest.call("fd_write", 1, guest.iovec(0, 100, length), 1, 16) == 0
    assert (taken, guest.u32(16)) == ([b"hello"], 2)

    def failing(data: bytes) -> None:
        raise KeyError("from the callback")

    guest = Guest(tier_engine, config_with(stderr_custom=failing))
    with pytest.raises(KeyError, match="from the callback"):
        guest.call("fd_write", 2, guest.iovec(0, 100, 5), 1, 16)


def test_sockets_handed_to_the_guest(tier_engine):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    config = WasiConfig()
    config.preopen_socket(listener)
    guest = Guest(tier_engine, config)
    client = socket.create_connection(listener.getsockname())
    try:
        assert guest.call("sock_accept", 3, 0, 16) == 0
        connection = guest.u32(16)
        client.sendall(b"ping")
        assert guest.call("sock_recv", connection, guest.iovec(0, 100, 16), 1, 0, 20, 24) == 0
        assert (guest.u32(20), guest.get(100, 4)) == (4, b"ping")
        length = guest.put(200, b"pong")
        assert guest.call("sock_send", connection, guest.iovec(0, 200, length), 1, 0, 20) == 0
        assert client.recv(4) == b"pong"
        assert guest.call("sock_shutdown", connection, 2) == 0
        assert guest.call("sock_shutdown", connection, 0) == Errno.INVAL
        assert guest.call("sock_accept", connection, 0, 16) == Errno.PERM
        assert guest.call("fd_close", connection) == 0
    finally:
        client.close()
        listener.close()


def test_write_only_files_still_allow_listing_directories(tier_engine, tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "file").write_text("hidden")
    config = WasiConfig()
    config.preopen_dir(str(tmp_path), "/d", DirPerms.READ_WRITE, FilePerms.WRITE_ONLY)
    guest = Guest(tier_engine, config)
    error, fd = open_file(guest, "sub", oflags=2)
    assert error == 0
    assert guest.call("fd_readdir", fd, 0, 200, 0, 16) == 0 and guest.u32(16) > 0
    assert open_file(guest, "sub/file")[0] == Errno.PERM
    assert open_file(guest, "sub/file", rights=WRITE & ~READ)[0] == 0


def test_symlink_creation_is_judged_where_the_directory_is_now(tier_engine, tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    guest = Guest(tier_engine, config_with(tmp_path))
    error, fd = open_file(guest, "a/b", oflags=2)
    assert error == 0
    target, first, second = guest.put(1000, b"../../x"), guest.put(1100, b"l1"), \
        guest.put(1200, b"l2")
    assert guest.call("path_symlink", 1000, target, fd, 1100, first) == 0  # a/b/l1 -> x
    old, new = guest.put(1300, b"a/b"), guest.put(1400, b"b")
    assert guest.call("path_rename", 3, 1300, old, 3, 1400, new) == 0
    # The descriptor now names /b: the same link would point above the preopen.
    assert guest.call("path_symlink", 1000, target, fd, 1200, second) == Errno.PERM
    assert os.readlink(tmp_path / "b" / "l1") == "../../x"
    assert not os.path.lexists(tmp_path / "b" / "l2")


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc/self/fd to count")
def test_host_descriptors_are_closed_with_the_store(tier_engine, tmp_path):
    import gc

    (tmp_path / "file").write_text("x")
    gc.collect()
    before = len(os.listdir("/proc/self/fd"))
    for _ in range(3):
        guest = Guest(tier_engine, config_with(tmp_path))
        for _ in range(20):
            assert open_file(guest, "file")[0] == 0
        assert len(os.listdir("/proc/self/fd")) >= before + 20
        del guest
        gc.collect()
    assert len(os.listdir("/proc/self/fd")) == before


def test_a_directory_descriptor_is_a_sandbox_of_its_own(tier_engine, tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "file.txt").write_text("sibling")
    guest = Guest(tier_engine, config_with(tmp_path))
    error, sub = open_file(guest, "sub", oflags=2)
    assert error == 0
    assert open_file(guest, "../file.txt", at=sub)[0] == Errno.PERM  # as wasmtime
    assert open_file(guest, "file.txt")[0] == 0
    assert open_file(guest, "sub", oflags=2, rights=WRITE)[0] == Errno.ISDIR  # as wasmtime
