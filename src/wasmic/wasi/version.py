"""``get_version``: which WASI a module imports (Wasmer's helper).

``Version.LATEST`` is ``wasi_snapshot_preview1``, ``Version.SNAPSHOT0``
the older ``wasi_unstable``.  A module importing neither has no WASI
version (None).  With ``strict=True`` a module must import from one WASI
module name only; without it the first WASI import decides.
"""

from __future__ import annotations

import enum

from ..errors import WasmError
from ..runtime.describe import describe
from ..runtime.module import Module


class Version(enum.Enum):
    """A WASI version, by its import module name."""

    SNAPSHOT0 = "wasi_unstable"
    SNAPSHOT1 = "wasi_snapshot_preview1"
    LATEST = "wasi_snapshot_preview1"


def get_version(module: Module, strict: bool = False) -> Version | None:
    """The WASI version ``module`` imports, or None if it imports no WASI.
    With ``strict``, importing from both versions is a ``WasmError``."""
    if not isinstance(module, Module):
        raise TypeError(f"expected Module, got {describe(module)}")
    names = {value.value for value in Version}
    found = []
    for imported in module.imports:
        if imported.module in names and imported.module not in found:
            found.append(imported.module)
    if not found:
        return None
    if strict and len(found) > 1:
        raise WasmError(f"the module imports several WASI versions: {', '.join(found)}")
    return Version(found[0])
