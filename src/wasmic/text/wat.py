"""WAT entry points: text to ``Module`` and text to binary.

A text may be a ``(module ...)`` form or a bare list of module fields; the
script forms ``(module binary "...")`` and ``(module quote "...")`` are
accepted too (bytes decoded by ``wasmic.binary``, quoted text parsed).
"""

from __future__ import annotations

from ..errors import ParseError
from ..syntax.module import Module
from .cursor import Cursor
from .lexer import Source, read
from .module_parser import parse_fields


def source_text(text: str | bytes, name: str | None = None) -> Source:
    """A Source for ``text``; bytes must be UTF-8."""
    if isinstance(text, (bytes, bytearray, memoryview)):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ParseError(f"malformed UTF-8 encoding at byte {exc.start}") from None
    return Source(text, name)


def parse_module(text: str | bytes) -> Module:
    """Parse a module in the text format (errors are ParseError with line:column)."""
    source = source_text(text)
    root = read(source)
    c = Cursor(root, source)
    if len(root) == 1 and c.peek_head() == "module":
        return guarded(module_form, c.sub("module"))
    return guarded(parse_fields, c)


def module_form(c: Cursor) -> Module:
    """The module of a ``(module ...)`` form, the cursor standing after ``module``."""
    name = c.optional_id()
    if c.take_keyword("binary"):
        return decode_binary(c.strings(), c)
    if c.take_keyword("quote"):
        quoted = c.strings()
        c.end()
        return parse_module(quoted)
    return parse_fields(c, name)


def decode_binary(data: bytes, c: Cursor) -> Module:
    """Decode ``(module binary ...)`` bytes with the binary decoder."""
    c.end()
    from ..binary import decode_module  # the binary phase is optional for text parsing
    return decode_module(data)


def guarded(parse, c: Cursor):
    """Run a parser, turning runaway nesting into a ParseError."""
    try:
        return parse(c)
    except RecursionError:
        raise c.error("nesting too deep") from None


def wat2wasm(text: str | bytes) -> bytearray:
    """Assemble a text module into the binary format."""
    from ..binary import encode_module
    return encode_module(parse_module(text))
