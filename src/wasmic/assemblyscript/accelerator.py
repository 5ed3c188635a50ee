"""The C accelerator of the codecs (``csrc/as_boundary.c``) on the native tier.

The native tier already needs a C compiler; there the codecs move strings
and arrays through a small extension built with the same toolchain and
cached the same way (``_wasmic_as_boundary``), cutting the interpreter's
share of a small boundary call.  It is an optimization only: the Python
codecs stay the reference, run on the Python tier, and take over whenever
the extension cannot be built or loaded (say, a native artifact loaded on a
machine without a compiler).
"""

from __future__ import annotations

import hashlib
import logging
import threading
from pathlib import Path
from types import ModuleType
from typing import Any

from ..errors import WasmError
from ..runtime.native_externs import NativeMemory
from ..runtime.store import store_of
from ..runtime.tier import cache_dir

NAME = "_wasmic_as_boundary"
SOURCE = Path(__file__).parent / "csrc" / "as_boundary.c"

_log = logging.getLogger(__name__)
_lock = threading.Lock()
_loaded: list[ModuleType | None] = []
"""The extension once tried (one per process, like the native runtime): None if it failed."""


def boundary_for(store: Any, memory: Any, new: Any, pin: Any, unpin: Any) -> Any:
    """A ``Boundary`` over ``memory`` using the module's runtime functions,
    or None where the Python codecs do the work (not a native memory, or no
    extension here)."""
    if not isinstance(memory, NativeMemory) or None in (new, pin, unpin):
        return None
    extension = _extension(cache_dir(store_of(store).engine.config))
    if extension is None:
        return None
    return extension.Boundary(store, new, pin, unpin, memory._native)


def _extension(cache: str | None) -> ModuleType | None:
    with _lock:
        if not _loaded:
            try:
                _loaded.append(_build_and_load(cache))
            except WasmError as error:
                _log.info("AssemblyScript values go through the Python codecs: %s", error)
                _loaded.append(None)
        return _loaded[0]


def _build_and_load(cache: str | None) -> ModuleType:
    from ..backend.native import toolchain
    from ..backend.native.cache import ArtifactCache, cache_root
    from ..backend.native.loader import load_library

    artifacts = ArtifactCache(cache_root(cache))
    compiler = toolchain.find_compiler(artifacts.root)
    digest = hashlib.sha256(SOURCE.read_bytes()).hexdigest()
    extension = load_library(compiler, artifacts, NAME, [SOURCE], digest, toolchain.sanitizing())
    extension.configure(WasmError)
    return extension
