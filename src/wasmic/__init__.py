"""wasmic: a WebAssembly runtime for Python.

The public API, re-exported from the modules that define it.  Names follow
wasmtime-py where both have the concept, so code written for it keeps working.
"""

from .errors import DecodeError, ParseError, ValidationError, WasmError, WasmtimeError
from .frontend import load, validate, wat2wasm

__version__ = "0.1.0"

_RUNTIME = (
    "Caller", "Config", "Engine", "ExitTrap", "ExportType", "Frame", "Func", "FuncType", "Global",
    "GlobalType", "ImportType", "Instance", "InstanceExports", "InstancePre", "Limits", "Linker",
    "Memory", "MemoryType", "Module", "SharedMemory", "Store", "StoreContext", "Table", "TableType",
    "Tag", "TagType", "Trap", "TrapCode", "Val", "ValType",
)

_WASI = ("DirPerms", "FilePerms", "WasiConfig")

_ANNOTATIONS = ("i32", "i64", "f32", "f64", "v128", "externref", "funcref")
"""Types for annotating host functions (``Func(store, pyfunc)``)."""

_CONVENIENCE = ("instantiate", "BoundInstance")

__all__ = [
    "DecodeError", "ParseError", "ValidationError", "WasmError", "WasmtimeError",
    "load", "validate", "wat2wasm", "__version__", *_RUNTIME, *_WASI, *_ANNOTATIONS,
    *_CONVENIENCE,
]


def __getattr__(name: str):
    """The runtime classes, imported on first use so ``import wasmic`` stays cheap."""
    if name in _RUNTIME:
        from . import runtime

        return getattr(runtime, name)
    if name in _WASI:
        from . import wasi

        return getattr(wasi, name)
    if name in _ANNOTATIONS:
        from .runtime import annotations

        return getattr(annotations, name)
    if name in _CONVENIENCE:
        from . import convenience

        return getattr(convenience, name)
    raise AttributeError(f"module 'wasmic' has no attribute {name!r}")
