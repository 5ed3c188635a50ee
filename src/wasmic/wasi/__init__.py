"""WASI preview1 for wasmic: run command-line programs compiled to
WebAssembly, sandboxed to the directories they are given.

``WasiConfig`` describes what a program may see; ``Store.set_wasi`` makes
a context of it for one store and ``Linker.define_wasi`` defines the
functions (``wasi_snapshot_preview1`` and ``wasi_unstable``).  Wasmer
style helpers: ``get_version`` and ``StateBuilder``.
"""

from .config import DirPerms, FilePerms, WasiConfig
from .errno import Errno
from .state_builder import Environment, StateBuilder
from .version import Version, get_version

__all__ = ["DirPerms", "Environment", "Errno", "FilePerms", "StateBuilder", "Version",
           "WasiConfig", "get_version"]
