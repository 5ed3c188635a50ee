"""Reading a module file for the import hook: the binary (``.wasm``) or the
text (``.wat``), refusing component binaries and text with a clear error."""

from __future__ import annotations

import re

from ..errors import WasmError
from ..frontend import MAGIC

CORE_LAYER = b"\x00\x00"
"""Bytes 6..7 of a core module's preamble (the version is bytes 4..5); a
component has layer 1 (``0d 00 01 00`` after the magic)."""

_COMPONENT_TEXT = re.compile(r"\A(?:\s|;;[^\n]*\n|\(;.*?;\))*\(\s*component\b", re.DOTALL)


def component_error(origin: str) -> WasmError:
    """The error for a component, which wasmic cannot run yet."""
    return WasmError(f"{origin} is a WebAssembly component; wasmic runs core modules only "
                     "(the component model is not supported yet)")


def read_module_source(origin: str, data: bytes) -> bytes | str:
    """The module in ``data``, the contents of the file ``origin``: bytes for
    a binary (any file starting with the wasm magic), else text for
    ``.wat``.  WasmError for a component, a ``.wasm`` that is not binary, or
    text not in UTF-8."""
    if data.startswith(MAGIC):
        if len(data) >= 8 and data[6:8] != CORE_LAYER:
            raise component_error(origin)
        return data
    if origin.endswith(".wasm"):
        raise WasmError(f"{origin} is not a wasm binary (it does not start with \\0asm)")
    try:
        text = data.decode("utf-8-sig")  # an editor may have put a BOM first
    except UnicodeDecodeError as error:
        raise WasmError(f"{origin} is not UTF-8 text (invalid byte at offset {error.start})"
                        ) from None
    if _COMPONENT_TEXT.match(text):
        raise component_error(origin)
    return text
