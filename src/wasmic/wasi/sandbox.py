"""Resolving guest paths inside a preopened directory, without escaping it.

A guest path is never joined onto a host path.  It is walked one
component at a time from the host descriptor of the directory it is
relative to: each directory is opened relative to the previous one with
``O_NOFOLLOW`` (so the host never follows a link on its own), ``..``
goes back up the stack of directories walked (and refusing to go above
its start), and a symbolic link met on the way is read and its target
walked in the same manner -- an absolute target, or one that climbs
above the preopen, is refused with EPERM, as wasmtime does; more than
``MAX_SYMLINKS`` links is ELOOP.  What results is a host directory
descriptor inside the sandbox and one plain name in it, which the caller
uses with the ``*at`` system calls (``dir_fd=``, ``follow_symlinks=False``).
"""

from __future__ import annotations

import os
import stat
from collections import deque

from .errno import Errno, WasiError

MAX_SYMLINKS = 40
"""Symbolic links followed while resolving one path (Linux's limit)."""

MAX_DEPTH = 4096
"""How far ``depth_below`` climbs looking for the preopen."""

_WALK_FLAGS = (getattr(os, "O_PATH", os.O_RDONLY) | os.O_DIRECTORY | os.O_NOFOLLOW
               | os.O_CLOEXEC)


class Resolved:
    """A resolved path: the name ``name`` (a single component, or ``"."``
    for the directory itself) in the host directory ``dir_fd``.
    ``must_be_dir`` is set when the guest path ended in a slash.  Close it
    (or use ``with``) when done."""

    __slots__ = ("dir_fd", "name", "must_be_dir", "_owned")

    def __init__(self, dir_fd: int, name: str, must_be_dir: bool, owned: bool):
        self.dir_fd, self.name = dir_fd, name
        self.must_be_dir, self._owned = must_be_dir, owned

    def lstat(self) -> os.stat_result:
        """The entry itself (a link is not followed)."""
        return os.stat(self.name, dir_fd=self.dir_fd, follow_symlinks=False)

    def check_directory(self) -> None:
        """NOTDIR if the path ended in a slash and names an existing
        entry that is not a directory."""
        if self.must_be_dir:
            try:
                mode = self.lstat().st_mode
            except FileNotFoundError:
                return
            if not stat.S_ISDIR(mode):
                raise WasiError(Errno.NOTDIR)

    def close(self) -> None:
        """Release the directory descriptor (if the walk opened it)."""
        if self._owned:
            self._owned = False
            os.close(self.dir_fd)

    def __enter__(self) -> Resolved:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _split(path: str) -> tuple[deque[str], bool]:
    """The components of a relative path, and whether it ended in "/" or
    "/." (then the last component must be a directory and is followed)."""
    if path.startswith("/"):
        raise WasiError(Errno.PERM, f"absolute path {path!r} leaves the sandbox")
    parts = deque(path.split("/"))
    trailing = False
    while len(parts) > 1 and parts[-1] in ("", "."):
        parts.pop()
        trailing = True
    return parts, trailing


def resolve(base_fd: int, path: str, follow: bool) -> Resolved:
    """Walk ``path`` from the host directory ``base_fd``, never above it.
    With ``follow`` a link in the last component is followed too (still
    within the sandbox)."""
    if not path:
        raise WasiError(Errno.NOENT, "empty path")
    if "\0" in path:
        raise WasiError(Errno.INVAL, "a path contains a NUL character")
    parts, trailing = _split(path)
    stack = [base_fd]
    links = 0
    try:
        while parts:
            part = parts.popleft()
            if part in ("", "."):
                continue
            if part == "..":
                if len(stack) == 1:
                    raise WasiError(Errno.PERM, f"{path!r} climbs out of the sandbox")
                os.close(stack.pop())
                continue
            last = not parts
            target = None
            if last and not (follow or trailing):
                return _result(stack, part, trailing)
            if last:
                target = _link_target(stack[-1], part)
                if target is None:
                    return _result(stack, part, trailing)
            else:
                try:
                    stack.append(os.open(part, _WALK_FLAGS, dir_fd=stack[-1]))
                    continue
                except OSError as error:
                    target = _link_target(stack[-1], part)
                    if target is None:
                        raise error from None
            links += 1
            if links > MAX_SYMLINKS:
                raise WasiError(Errno.LOOP, f"too many symbolic links in {path!r}")
            more, more_trailing = _split(target)
            trailing = trailing or (last and more_trailing)
            parts.extendleft(reversed(more))
        return _result(stack, ".", trailing)
    except BaseException:
        for fd in stack[1:]:
            os.close(fd)
        raise


def _result(stack: list[int], name: str, trailing: bool) -> Resolved:
    for fd in stack[1:-1]:
        os.close(fd)
    return Resolved(stack[-1], name, trailing, len(stack) > 1)


def _link_target(dir_fd: int, name: str) -> str | None:
    """The target of the link ``name`` in ``dir_fd``; None if it is not a
    link (or does not exist)."""
    try:
        if not stat.S_ISLNK(os.stat(name, dir_fd=dir_fd, follow_symlinks=False).st_mode):
            return None
        return os.readlink(name, dir_fd=dir_fd)
    except FileNotFoundError:
        return None


def identity(fd: int) -> tuple[int, int]:
    """(device, inode): what tells one directory from another."""
    info = os.fstat(fd)
    return info.st_dev, info.st_ino


def depth_below(dir_fd: int, root: tuple[int, int]) -> int | None:
    """How many levels the directory ``dir_fd`` lies below the directory
    whose ``identity`` is ``root``, found by climbing ``..`` on the host
    (so it holds after renames); None if ``root`` is not above it."""
    current, owned = dir_fd, False
    try:
        for depth in range(MAX_DEPTH):
            here = identity(current)
            if here == root:
                return depth
            parent = os.open("..", _WALK_FLAGS, dir_fd=current)
            if owned:
                os.close(current)
            current, owned = parent, True
            if identity(current) == here:  # the file system's root
                return None
        return None
    finally:
        if owned:
            os.close(current)


def symlink_stays_inside(target: str, depth: int | None) -> bool:
    """Whether a link with content ``target``, made ``depth`` components
    below its preopen, names something inside the preopen (judged on the
    text: absolute targets and ones climbing above the preopen are not)."""
    if target.startswith("/") or "\0" in target or depth is None:
        return False
    level = depth
    for part in target.split("/"):
        if part == "..":
            level -= 1
            if level < 0:
                return False
        elif part not in ("", "."):
            level += 1
    return True
