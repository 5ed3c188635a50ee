"""wasmic: a WebAssembly runtime for Python.

The public API, re-exported from the modules that define it.  Names follow
wasmtime-py where both have the concept, so code written for it keeps working.
"""

from .errors import DecodeError, ParseError, ValidationError, WasmError, WasmtimeError
from .frontend import load, validate, wat2wasm

__version__ = "0.1.0"

__all__ = [
    "DecodeError", "ParseError", "ValidationError", "WasmError", "WasmtimeError",
    "load", "validate", "wat2wasm", "__version__",
]
