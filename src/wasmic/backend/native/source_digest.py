"""A digest of the sources that shape a compiled library -- the emitters and
the C runtime and headers -- part of every cache key, so an edited emitter
never loads a library built by the old one (the version number alone would
not change during development).  The toolchain's flags are keyed apart."""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

_HERE = Path(__file__).parent


@functools.cache
def backend_digest() -> str:
    """SHA-256 over the emitters (``emit_*.py``, ``cnames.py``), the big-function
    policy (``big_functions.py``) and ``csrc``."""
    digest = hashlib.sha256()
    for folder, wanted in ((_HERE, _is_emitter), (_HERE / "csrc", _is_c_source)):
        for name in sorted(os.listdir(folder)):
            if wanted(name):
                digest.update(name.encode() + b"\0" + (folder / name).read_bytes() + b"\0")
    return digest.hexdigest()


def _is_emitter(name: str) -> bool:
    return name.endswith(".py") and (name.startswith("emit_") or name in ("cnames.py", "big_functions.py"))


def _is_c_source(name: str) -> bool:
    return name.endswith((".c", ".h"))
