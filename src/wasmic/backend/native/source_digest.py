"""A digest of the native backend's own sources, part of every cache key,
so an edited emitter or runtime never loads a library built by the old one
(the version number alone would not change during development)."""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

_HERE = Path(__file__).parent


@functools.lru_cache(maxsize=None)
def backend_digest() -> str:
    """SHA-256 over this package's .py files and its C sources and headers."""
    digest = hashlib.sha256()
    for folder, suffixes in ((_HERE, (".py",)), (_HERE / "csrc", (".c", ".h"))):
        for name in sorted(os.listdir(folder)):
            if name.endswith(suffixes):
                digest.update(name.encode() + b"\0" + (folder / name).read_bytes() + b"\0")
    return digest.hexdigest()
