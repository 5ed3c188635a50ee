"""The on-disk cache of compiled libraries.

Entries are keyed by a hash of everything the library depends on (see
``cache_key``) and live in ``<root>/native/<k[:2]>/<k>.so``, where root is
``Config.cache`` / the ``cache_dir`` argument, else ``$WASMIC_CACHE_DIR``,
else the user cache directory (``$XDG_CACHE_HOME/wasmic``, ``~/.cache/wasmic``,
``~/Library/Caches/wasmic``, ``%LOCALAPPDATA%\\wasmic``).

Safety with concurrent processes: a library is built in a private
temporary directory under the root, sealed (a trailer with the SHA-256 of
its bytes is appended; loaders ignore trailing bytes), and moved into place
with ``os.replace``, which is atomic: readers see the old file, the new
file, or nothing, never a partial one.  Two processes building the same
entry both succeed; the last rename wins with identical content.  A reader
checks the seal before use, so a truncated or corrupt entry is removed and
rebuilt, never loaded.  An unwritable cache is a WasmError naming it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable
from contextlib import contextmanager
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

from ...errors import WasmError

SEAL_MAGIC = b"\0wasmic-seal\0"
_SEAL_SIZE = len(SEAL_MAGIC) + 32


def cache_root(override: str | os.PathLike | None = None) -> Path:
    """The cache root directory (not created)."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get("WASMIC_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "wasmic"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "wasmic"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "wasmic"


def python_abi() -> str:
    """What a compiled extension is tied to on the Python side (without
    sysconfig, which costs milliseconds to load)."""
    return "|".join([sys.implementation.cache_tag or "", sys.version, EXTENSION_SUFFIXES[0],
                     machine()])


def machine() -> str:
    """The CPU architecture (``platform.machine()``, without importing
    ``platform``, which costs milliseconds where ``os.uname`` exists)."""
    if hasattr(os, "uname"):
        return os.uname().machine
    import platform

    return platform.machine()


def cache_key(parts: Iterable[bytes | str]) -> str:
    """A hex digest of ``parts`` (each length-prefixed, so boundaries count)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


class ArtifactCache:
    """Sealed libraries under ``root``."""

    def __init__(self, root: Path):
        self.root = root

    def path(self, key: str) -> Path:
        return self.root / "native" / key[:2] / f"{key}.so"

    def lookup(self, key: str) -> Path | None:
        """The entry for ``key`` if present and intact; a corrupt one is removed."""
        path = self.path(key)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if unseal(data) is not None:
            return path
        try:
            path.unlink()
        except OSError:
            pass
        return None

    @contextmanager
    def build_dir(self):
        """A private temporary directory on the cache's file system (WasmError
        if the cache cannot be written); build directories a killed process
        left behind are removed once they are a day old."""
        tmp_root = self.root / "tmp"
        try:
            tmp_root.mkdir(parents=True, exist_ok=True)
            _remove_stale(tmp_root)
            path = Path(tempfile.mkdtemp(prefix="build-", dir=tmp_root))
        except OSError as exc:
            raise self._unwritable(exc) from None
        try:
            yield path
        finally:
            shutil.rmtree(path, ignore_errors=True)

    def store(self, key: str, built: Path) -> Path:
        """Seal ``built`` (a file in a build dir) and move it into place atomically."""
        final = self.path(key)
        try:
            data = built.read_bytes()
            with open(built, "ab") as out:
                out.write(seal(data))
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(built, final)
        except OSError as exc:
            raise self._unwritable(exc) from None
        return final

    def put(self, key: str, data: bytes | memoryview) -> Path:
        """The entry for ``key``, written from ``data`` unless an intact one is there."""
        path = self.lookup(key)
        if path is not None:
            return path
        with self.build_dir() as tmp:
            built = tmp / "library.so"
            try:
                built.write_bytes(data)
            except OSError as exc:
                raise self._unwritable(exc) from None
            return self.store(key, built)

    def _unwritable(self, exc: OSError) -> WasmError:
        return WasmError(f"cannot write to the wasmic cache {self.root} ({exc.strerror or exc}); "
                         "set WASMIC_CACHE_DIR or Config.cache to a writable directory")


STALE_BUILD_SECONDS = 24 * 3600
"""Age after which a build directory is taken as abandoned (builds take minutes at most)."""


def _remove_stale(tmp_root: Path) -> None:
    now = time.time()
    for entry in tmp_root.glob("build-*"):
        try:
            if now - entry.stat().st_mtime > STALE_BUILD_SECONDS:
                shutil.rmtree(entry, ignore_errors=True)
        except OSError:
            pass  # another process removed it first


def seal(data: bytes) -> bytes:
    """The trailer appended to a library: magic + SHA-256 of its bytes."""
    return SEAL_MAGIC + hashlib.sha256(data).digest()


def unseal(data: bytes) -> bytes | None:
    """The library bytes if ``data`` ends with a valid seal, else None."""
    if len(data) < _SEAL_SIZE:
        return None
    body, trailer = data[:-_SEAL_SIZE], data[-_SEAL_SIZE:]
    if trailer != seal(body):
        return None
    return body
