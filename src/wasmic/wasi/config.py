"""``WasiConfig``: what a WASI program may see of the host -- arguments,
environment, standard streams and preopened directories -- and the
permission enums ``DirPerms`` and ``FilePerms``.

The configuration is a description; ``Store.set_wasi`` builds a fresh
WASI context (descriptor table, open directories) from it for each store.
As in wasmtime-py, the stream and argument fields can only be set; files
named by ``stdin_file`` / ``stdout_file`` / ``stderr_file`` are opened
when set (and an error raised right away if they cannot be).
"""

from __future__ import annotations

import enum
import os
import socket
import stat
import sys
import weakref
from collections.abc import Callable, Iterable
from typing import Any, Union

from ..errors import WasmError
from ..runtime.describe import describe
from .streams import CustomOutput, StreamSpec

PathLike = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]


class _Perms(enum.Enum):
    """Permissions as two bits: 1 to read, 2 to write."""

    @property
    def readable(self) -> bool:
        """Whether reading is allowed."""
        return bool(self.value & 1)

    @property
    def writable(self) -> bool:
        """Whether writing is allowed."""
        return bool(self.value & 2)


class DirPerms(_Perms):
    """What the guest may do with a preopened directory tree: look inside
    (read: look up, open, list, inspect entries), change its entries
    (write: create, remove, rename, link, set times), or both."""

    READ_ONLY = 1
    WRITE_ONLY = 2
    READ_WRITE = 3


class FilePerms(_Perms):
    """The most the guest may do with a file inside a preopened directory:
    open it for reading, for writing (or truncate it), or both."""

    READ_ONLY = 1
    WRITE_ONLY = 2
    READ_WRITE = 3


class Preopen:
    """A host directory offered to the guest under ``guest_path``."""

    __slots__ = ("host_path", "guest_path", "dir_perms", "file_perms")

    def __init__(self, host_path: str, guest_path: str, dir_perms: DirPerms,
                 file_perms: FilePerms):
        self.host_path = host_path
        self.guest_path = guest_path
        self.dir_perms = dir_perms
        self.file_perms = file_perms


def _setter(name: str, doc: str) -> property:
    """A property that can be set (through ``_set_<name>``) but not read,
    as in wasmtime-py."""

    def get(self: Any) -> Any:
        raise AttributeError(f"WasiConfig.{name} can only be set")

    def put(self: Any, value: Any) -> None:
        getattr(self, f"_set_{name}")(value)

    return property(get, put, doc=doc)


class WasiConfig:
    """The host resources a WASI program gets (nothing by default: no
    arguments, no environment, empty stdin, discarded output, no files)."""

    def __init__(self) -> None:
        self._argv: list[str] = []
        self._env: list[tuple[str, str]] = []
        self._streams: list[StreamSpec | None] = [None, None, None]
        self._preopens: list[Preopen] = []
        self._sockets: list[socket.socket] = []

    argv = _setter("argv", "The program's arguments, ``argv[0]`` (its name) first.")
    env = _setter("env", "The environment: an iterable of (name, value) pairs.")
    stdin_file = _setter("stdin_file", "A file (which must exist) read as stdin.")
    stdout_file = _setter("stdout_file", "A file (created or truncated) receiving stdout.")
    stderr_file = _setter("stderr_file", "A file (created or truncated) receiving stderr.")
    stdout_custom = _setter("stdout_custom", "A callable given each write to stdout as "
                            "bytes; it returns how many it took (None: all).")
    stderr_custom = _setter("stderr_custom", "As ``stdout_custom``, for stderr.")

    def _set_argv(self, argv: Iterable[str]) -> None:
        self._argv = _strings(argv, "argv")

    def _set_env(self, pairs: Iterable[Iterable[str]]) -> None:
        env = []
        for pair in _iterate(pairs, "env"):
            items = _strings(pair, "an env pair")
            if len(items) != 2:
                raise TypeError(f"an env entry must be a (name, value) pair, got {describe(pair)}")
            if "=" in items[0] or not items[0]:
                raise WasmError(f"invalid environment variable name {items[0]!r}")
            env.append((items[0], items[1]))
        self._env = env

    def _set_stdin_file(self, path: PathLike) -> None:
        self._streams[0] = _open_stream(path, os.O_RDONLY, "stdin")

    def _set_stdout_file(self, path: PathLike) -> None:
        self._streams[1] = _open_stream(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, "stdout")

    def _set_stderr_file(self, path: PathLike) -> None:
        self._streams[2] = _open_stream(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, "stderr")

    def _set_stdout_custom(self, callback: Callable[[bytes], int | None]) -> None:
        self._streams[1] = _custom(callback)

    def _set_stderr_custom(self, callback: Callable[[bytes], int | None]) -> None:
        self._streams[2] = _custom(callback)

    def inherit_argv(self) -> None:
        """Give the program this process's arguments (``sys.argv``)."""
        self._argv = list(sys.argv)

    def inherit_env(self) -> None:
        """Give the program this process's environment variables."""
        self._env = list(os.environ.items())

    def inherit_stdin(self) -> None:
        """Let the program read this process's stdin."""
        self._streams[0] = StreamSpec.inherited(0)

    def inherit_stdout(self) -> None:
        """Let the program write to this process's stdout."""
        self._streams[1] = StreamSpec.inherited(1)

    def inherit_stderr(self) -> None:
        """Let the program write to this process's stderr."""
        self._streams[2] = StreamSpec.inherited(2)

    def preopen_dir(self, path: str, guest_path: str, dir_perms: DirPerms = DirPerms.READ_WRITE,
                    file_perms: FilePerms = FilePerms.READ_WRITE) -> None:
        """Let the program use the host directory ``path`` as ``guest_path``,
        with ``dir_perms`` on the directory tree and at most ``file_perms``
        on the files in it.  Nothing outside ``path`` is reachable."""
        host_path = os.fsdecode(_fspath(path, "path"))
        if not isinstance(guest_path, str):
            raise TypeError(f"expected a str guest_path, got {describe(guest_path)}")
        if not isinstance(dir_perms, DirPerms):
            raise TypeError(f"expected DirPerms, got {describe(dir_perms)}")
        if not isinstance(file_perms, FilePerms):
            raise TypeError(f"expected FilePerms, got {describe(file_perms)}")
        if not os.path.isdir(host_path):
            raise WasmError(f"failed to add preopen dir: {host_path!r} is not a directory")
        self._preopens.append(Preopen(host_path, guest_path, dir_perms, file_perms))


    def preopen_socket(self, sock: socket.socket) -> None:
        """Hand the program a socket (a wasmic extension, like wasmtime's
        ``--tcplisten``): it gets the next descriptor after the
        preopened directories and may ``sock_accept`` on it if it listens.
        Each store gets its own duplicate of the socket."""
        if not isinstance(sock, socket.socket):
            raise TypeError(f"expected a socket.socket, got {describe(sock)}")
        self._sockets.append(sock)


def _fspath(path: Any, what: str) -> str | bytes:
    try:
        return os.fspath(path)
    except TypeError:
        raise TypeError(f"expected a path for {what}, got {describe(path)}") from None


def _iterate(values: Any, what: str) -> list:
    if isinstance(values, (str, bytes)):
        raise TypeError(f"expected an iterable for {what}, got {describe(values)}")
    try:
        return list(values)
    except TypeError:
        raise TypeError(f"expected an iterable for {what}, got {describe(values)}") from None


def _strings(values: Any, what: str) -> list[str]:
    items = _iterate(values, what)
    for item in items:
        if not isinstance(item, str):
            raise TypeError(f"expected str items in {what}, got {describe(item)}")
        if "\0" in item:
            raise WasmError(f"{what} contains a NUL character: {item!r}")
    return items


def _open_stream(path: PathLike, flags: int, what: str) -> StreamSpec:
    name = _fspath(path, what)
    try:
        fd = os.open(name, flags | os.O_CLOEXEC, 0o666)
    except OSError as error:
        raise WasmError(f"failed to set {what} file {os.fsdecode(name)!r}: "
                        f"{error.strerror}") from None
    if stat.S_ISDIR(os.fstat(fd).st_mode):
        os.close(fd)
        raise WasmError(f"failed to set {what} file {os.fsdecode(name)!r}: it is a directory")
    spec = StreamSpec.host_file(fd)
    weakref.finalize(spec, os.close, fd)
    return spec


def _custom(callback: Any) -> StreamSpec:
    if not callable(callback):
        raise TypeError(f"expected a callable, got {describe(callback)}")
    return StreamSpec.custom(CustomOutput(callback))
