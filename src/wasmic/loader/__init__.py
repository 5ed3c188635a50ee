"""The import hook: ``import wasmic.loader``, then ``import foo`` loads
``foo.wasm`` (or ``foo.wat``) found on ``sys.path`` or in a package.

The file is compiled (through the native tier's cache), its imports are
resolved, it is instantiated, and its exports become the module's
attributes (after its ``_initialize``, for a WASI reactor): functions
callable without a store (``foo.add(1, 2)``),
memories, tables and globals as wasmic objects used with the module's store
``foo.__wasm_store__``.  The wasm import ``mod::name`` is attribute ``name``
of the module ``mod`` (imported: Python or wasm; ``.mod`` is relative to the
package), except WASI's, which wasmic provides.  A Python function whose
first parameter is annotated ``wasmic.Caller`` gets the calling instance's
``Caller`` (to reach its memory).  An AssemblyScript module (one exporting
its runtime) gets AssemblyScript values instead (``assemblyscript_link``).
Call ``configure`` before
importing to choose the engine, the stores, WASI's configuration, or to
provide import modules directly.  ``python -m wasmic.loader foo`` (or
``foo.wasm``) runs it as a program (its ``_start``).

Importing this package is cheap: the runtime is imported with the first
wasm module.
"""

from __future__ import annotations

import sys
from importlib.machinery import PathFinder

from .hook import SUFFIXES, WasmFinder, WasmLoader
from .module import WasmModule
from .settings import configure, reset

__all__ = ["SUFFIXES", "WasmFinder", "WasmLoader", "WasmModule", "configure",
           "install", "reset", "uninstall"]


def install() -> None:
    """Add the finder to ``sys.meta_path``, just before Python's path finder
    (which it consults first), unless it is there; done when this module is
    first imported."""
    if not any(isinstance(finder, WasmFinder) for finder in sys.meta_path):
        before = next((index for index, finder in enumerate(sys.meta_path)
                       if finder is PathFinder), len(sys.meta_path))
        sys.meta_path.insert(before, WasmFinder())


def uninstall() -> None:
    """Remove the finder: wasm files are no longer importable (modules
    already imported stay)."""
    sys.meta_path[:] = [finder for finder in sys.meta_path if not isinstance(finder, WasmFinder)]


install()
