"""String literals of the text format: escapes to bytes, and names as UTF-8.

A string denotes a sequence of bytes: characters stand for their UTF-8
encoding, ``\\hh`` for one raw byte, ``\\u{...}`` for a Unicode scalar value.
Where the grammar asks for a *name* (imports, exports, invoke targets) the
bytes must also be valid UTF-8.
"""

from __future__ import annotations

import re

_SIMPLE_ESCAPES = {"t": b"\t", "n": b"\n", "r": b"\r", '"': b'"', "'": b"'", "\\": b"\\"}
_ESCAPE_RE = re.compile(
    r"\\(?:([0-9a-fA-F]{2})|u\{([0-9a-fA-F](?:_?[0-9a-fA-F])*)\}|(.?))", re.DOTALL
)
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


class StringError(Exception):
    """A malformed string literal; the parser adds the location."""


def string_bytes(literal: str) -> bytes:
    """The bytes denoted by a string literal, quotes included in ``literal``."""
    body = literal[1:-1]
    if _CONTROL_RE.search(body):
        raise StringError("illegal control character in string")
    if "\\" not in body:
        return body.encode("utf-8", "surrogatepass")
    out = bytearray()
    pos = 0
    for m in _ESCAPE_RE.finditer(body):
        out += body[pos:m.start()].encode("utf-8", "surrogatepass")
        pos = m.end()
        hex_byte, code_point, simple = m.groups()
        if hex_byte is not None:
            out.append(int(hex_byte, 16))
        elif code_point is not None:
            out += _encode_code_point(code_point.replace("_", ""))
        elif simple in _SIMPLE_ESCAPES:
            out += _SIMPLE_ESCAPES[simple]
        else:
            raise StringError(f"illegal escape \\{simple}")
    out += body[pos:].encode("utf-8", "surrogatepass")
    return bytes(out)


def _encode_code_point(digits: str) -> bytes:
    digits = digits.lstrip("0") or "0"
    value = int(digits, 16) if len(digits) <= 6 else 0x110000
    if value >= 0x110000 or 0xD800 <= value < 0xE000:
        raise StringError("illegal escape: not a Unicode scalar value")
    return chr(value).encode("utf-8")


def string_name(literal: str) -> str:
    """A string literal that must be a name: its bytes decoded as UTF-8."""
    data = string_bytes(literal)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise StringError("malformed UTF-8 encoding") from None
