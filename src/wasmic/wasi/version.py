"""``get_version``: which WASI a module imports (Wasmer's helper).

``Version.LATEST`` is ``wasi_snapshot_preview1``, ``Version.SNAPSHOT0``
the older ``wasi_unstable``.  As in Wasmer, only function imports count:
without ``strict`` the first one from a WASI module name decides; with
``strict`` every function import must come from one and the same WASI
module name, else there is no version (None).
"""

from __future__ import annotations

import enum

from ..runtime.describe import describe
from ..runtime.module import Module
from ..runtime.types import FuncType


class Version(enum.Enum):
    """A WASI version, by its import module name."""

    SNAPSHOT0 = "wasi_unstable"
    SNAPSHOT1 = "wasi_snapshot_preview1"
    LATEST = "wasi_snapshot_preview1"


def get_version(module: Module, strict: bool = False) -> Version | None:
    """The WASI version ``module`` imports, or None (see the module's doc)."""
    if not isinstance(module, Module):
        raise TypeError(f"expected Module, got {describe(module)}")
    names = [imported.module for imported in module.imports
             if isinstance(imported.type, FuncType)]
    wasi = {value.value for value in Version}
    if strict:
        if not names or len(set(names)) != 1 or names[0] not in wasi:
            return None
        return Version(names[0])
    return next((Version(name) for name in names if name in wasi), None)
