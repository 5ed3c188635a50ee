"""LEB128 integers as the WebAssembly binary format uses them.

An N-bit integer takes at most ceil(N/7) bytes.  Readers enforce every rule
of the spec and raise ``DecodeError`` with its wording: a longer encoding is
"integer representation too long", set bits beyond the N bits of the last
byte (or, for signed integers, bits that are not the sign's extension) are
"integer too large", and running out of bytes is "unexpected end".  Writers
produce the shortest encoding.
"""

from __future__ import annotations

from ..errors import DecodeError

UNEXPECTED_END = "unexpected end of section or function"
TOO_LONG = "integer representation too long"
TOO_LARGE = "integer too large"


def read_unsigned(data: bytes, pos: int, bits: int) -> tuple[int, int]:
    """Read an unsigned ``bits``-bit LEB128 at ``pos``; return (value, next position)."""
    result = 0
    shift = 0
    last = pos + (bits - 1) // 7  # index of the last byte allowed
    end = len(data)
    while True:
        if pos >= end:
            raise DecodeError(UNEXPECTED_END, end)
        byte = data[pos]
        if pos == last:
            if (byte & 0x7F) >> (bits - shift):
                raise DecodeError(TOO_LARGE, pos)
            if byte & 0x80:
                raise DecodeError(TOO_LONG, pos + 1)
        result |= (byte & 0x7F) << shift
        pos += 1
        if not byte & 0x80:
            return result, pos
        shift += 7


def read_signed(data: bytes, pos: int, bits: int) -> tuple[int, int]:
    """Read a signed ``bits``-bit LEB128 at ``pos``; return (value, next position)."""
    result = 0
    shift = 0
    last = pos + (bits - 1) // 7
    end = len(data)
    while True:
        if pos >= end:
            raise DecodeError(UNEXPECTED_END, end)
        byte = data[pos]
        if pos == last:
            # The sign bit and the unused bits above it must all be equal.
            mask = (0x7F << (bits - shift - 1)) & 0x7F
            if byte & mask not in (0, mask):
                raise DecodeError(TOO_LARGE, pos)
            if byte & 0x80:
                raise DecodeError(TOO_LONG, pos + 1)
        result |= (byte & 0x7F) << shift
        pos += 1
        shift += 7
        if not byte & 0x80:
            if byte & 0x40:
                result -= 1 << shift
            return result, pos


def read_u32(data: bytes, pos: int) -> tuple[int, int]:
    """``read_unsigned(data, pos, 32)``, unrolled: linkers pad relocated
    indices to five bytes, so every length is common."""
    try:
        b = data[pos]
        if b < 0x80:
            return b, pos + 1
        v = b & 0x7F
        b = data[pos + 1]
        if b < 0x80:
            return v | b << 7, pos + 2
        v |= (b & 0x7F) << 7
        b = data[pos + 2]
        if b < 0x80:
            return v | b << 14, pos + 3
        v |= (b & 0x7F) << 14
        b = data[pos + 3]
        if b < 0x80:
            return v | b << 21, pos + 4
        v |= (b & 0x7F) << 21
        b = data[pos + 4]
        if b < 0x10:  # the 4 remaining bits, no continuation
            return v | b << 28, pos + 5
    except IndexError:
        pass
    return read_unsigned(data, pos, 32)


def read_s32(data: bytes, pos: int) -> tuple[int, int]:
    """``read_signed(data, pos, 32)``, unrolled like ``read_u32``."""
    try:
        b = data[pos]
        if b < 0x80:
            return (b - 0x80 if b & 0x40 else b), pos + 1
        v = b & 0x7F
        b = data[pos + 1]
        if b < 0x80:
            v |= b << 7
            return (v - 0x4000 if b & 0x40 else v), pos + 2
        v |= (b & 0x7F) << 7
        b = data[pos + 2]
        if b < 0x80:
            v |= b << 14
            return (v - 0x200000 if b & 0x40 else v), pos + 3
        v |= (b & 0x7F) << 14
        b = data[pos + 3]
        if b < 0x80:
            v |= b << 21
            return (v - 0x10000000 if b & 0x40 else v), pos + 4
        v |= (b & 0x7F) << 21
        b = data[pos + 4]
        if b < 0x08 or 0x78 <= b < 0x80:  # sign bit extended, no continuation
            v |= (b & 0x0F) << 28
            return (v - 0x100000000 if b & 0x08 else v), pos + 5
    except IndexError:
        pass
    return read_signed(data, pos, 32)


def write_unsigned(value: int) -> bytes:
    """The shortest unsigned LEB128 encoding of ``value`` (>= 0)."""
    if value < 0x80:
        if value < 0:
            raise ValueError(f"negative value {value} for unsigned LEB128")
        return bytes((value,))
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def write_signed(value: int) -> bytes:
    """The shortest signed LEB128 encoding of ``value``."""
    if -0x40 <= value < 0x40:
        return bytes((value & 0x7F,))
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if (value == 0 and not byte & 0x40) or (value == -1 and byte & 0x40):
            out.append(byte)
            return bytes(out)
        out.append(byte | 0x80)
