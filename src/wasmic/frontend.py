"""The front door of the pipeline: wasm bytes or WAT text in, a validated module out.

This is the one place that decides whether input is binary or text (binary
starts with the ``\\0asm`` magic; anything else is WAT), so the public API,
the CLI and the spec runner all treat input the same way.  The phases are
imported on first use: ``import wasmic`` stays cheap, and the public package
never imports a phase while that phase is itself being imported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Union

from .errors import ParseError

if TYPE_CHECKING:
    from .syntax.module import Module
    from .valid import ModuleInfo

WasmInput = Union[bytes, bytearray, memoryview, str]
"""What the public API accepts as a module: its binary or its WAT text."""

MAGIC = b"\0asm"


def parse_or_decode(wasm: WasmInput) -> Module:
    """The module in ``wasm``, decoded if binary, parsed if text; not validated.

    Raises DecodeError for a malformed binary and ParseError for malformed
    text (including bytes that are neither a binary nor UTF-8 text).
    """
    if isinstance(wasm, str):
        return _parse(wasm)
    if not isinstance(wasm, (bytes, bytearray, memoryview)):
        raise TypeError(f"expected wasm bytes or WAT text, got {type(wasm).__name__}")
    data = bytes(wasm)
    if data.startswith(MAGIC):
        from .binary import decode_module

        return decode_module(data)
    return _parse(_utf8(data))


def load(wasm: WasmInput) -> tuple[Module, ModuleInfo]:
    """Decode or parse ``wasm`` and validate it; the module and what validation learned.

    Raises a WasmError subclass naming the phase that rejected the input.
    """
    from .binary.decode import gc_paused
    from .valid import validate_module

    with gc_paused():  # millions of small objects, no cycles: collections only cost time
        module = parse_or_decode(wasm)
        return module, validate_module(module)


def validate(wasm: WasmInput) -> None:
    """Check that ``wasm`` (binary or WAT) is a valid module; raise WasmError if not."""
    load(wasm)


def wat2wasm(wat: str | bytes) -> bytearray:
    """The binary encoding of the WAT module ``wat``: a bytearray, not
    validated, with a name section for the text's identifiers, as
    wasmtime-py's ``wat2wasm`` does."""
    from .binary import encode_module
    from .binary.encode_names import name_section

    if isinstance(wat, (bytes, bytearray, memoryview)):
        wat = _utf8(bytes(wat))
    if not isinstance(wat, str):
        raise TypeError(f"expected WAT text, got {type(wat).__name__}")
    module = _parse(wat)
    binary = bytearray(encode_module(module))
    if not any(custom.name == "name" for custom in module.customs):
        binary += name_section(module.names)
    return binary


def _parse(text: str) -> Module:
    from .text import parse_module

    return parse_module(text)


def _utf8(data: bytes) -> str:
    """``data`` as text; bytes that are not UTF-8 are malformed text."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ParseError("malformed UTF-8 encoding", line, column) from None
