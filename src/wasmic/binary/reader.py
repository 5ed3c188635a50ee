"""A cursor over a module's bytes for the parts outside function bodies.

Like the spec's reference decoder, reads are bounded by the end of the whole
binary, not of the current section; each section (and each function body)
is checked afterwards to have used exactly its declared size.  This gives
the spec's classification of truncated and oversized sections.
"""

from __future__ import annotations

from ..errors import DecodeError
from ..syntax.types import VALUE_TYPE_BY_CODE, Limits, ValueType
from .leb128 import TOO_LONG, UNEXPECTED_END, read_u32, read_unsigned

REF_TYPE_BY_CODE = {code: t for code, t in VALUE_TYPE_BY_CODE.items() if t.is_ref}


class Reader:
    """Reads bytes, LEB128 integers, names and small types, advancing ``pos``."""

    __slots__ = ("data", "pos", "end", "memo")

    def __init__(self, data: bytes, pos: int = 0):
        self.data = data
        self.pos = pos
        self.end = len(data)
        self.memo: dict[int, tuple] = {}  # shared instruction tuples, see expr.decode_expr

    def fail(self, message: str, pos: int | None = None) -> DecodeError:
        """An error at ``pos`` (default: the current position), to be raised."""
        return DecodeError(message, self.pos if pos is None else pos)

    def byte(self) -> int:
        pos = self.pos
        if pos >= self.end:
            raise self.fail(UNEXPECTED_END, self.end)
        self.pos = pos + 1
        return self.data[pos]

    def bytes(self, n: int) -> bytes:
        pos = self.pos
        if n > self.end - pos:
            raise self.fail(UNEXPECTED_END, self.end)
        self.pos = pos + n
        return self.data[pos:pos + n]

    def u32(self) -> int:
        value, self.pos = read_u32(self.data, self.pos)
        return value

    def u1(self) -> int:
        """A flag encoded as a 1-bit LEB128 (limits), as the spec reads it."""
        value, self.pos = read_unsigned(self.data, self.pos, 1)
        return value

    def length(self) -> int:
        """A u32 byte count (of a section, body or string) that must not exceed
        the bytes left counted from the count itself, as in the reference
        decoder; a count that fits that but not the bytes after it is then
        "unexpected end" when read."""
        start = self.pos
        n = self.u32()
        if n > self.end - start:
            raise self.fail("length out of bounds", start)
        return n

    def name(self) -> str:
        start = self.pos
        raw = self.bytes(self.length())
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise self.fail("malformed UTF-8 encoding", start) from None

    def type_code(self) -> int:
        """A type constructor byte; the spec reads it as a 7-bit signed LEB128."""
        code = self.byte()
        if code & 0x80:
            raise self.fail(TOO_LONG, self.pos)
        return code

    def value_type(self) -> ValueType:
        return self._type_in(VALUE_TYPE_BY_CODE, "malformed value type")

    def ref_type(self) -> ValueType:
        return self._type_in(REF_TYPE_BY_CODE, "malformed reference type")

    def _type_in(self, types: dict[int, ValueType], malformed: str) -> ValueType:
        """The type ``types`` gives the next type code; ``malformed`` if none."""
        t = types.get(self.type_code())
        if t is None:
            raise self.fail(malformed, self.pos - 1)
        return t

    def limits(self) -> Limits:
        has_max = self.u1()
        minimum = self.u32()
        return Limits(minimum, self.u32() if has_max else None)
