"""Numeric literals of the text format, as the bit patterns the syntax tree keeps.

Integers: decimal or ``0x`` hex digits with single ``_`` separators, an
optional sign; an N-bit constant accepts -2^(N-1) .. 2^N-1 and is stored as
its unsigned N-bit pattern.  Floats: decimal or hex (``0x1.fp+3``), ``inf``,
``nan`` and ``nan:0x...``, correctly rounded (to nearest, ties to even) from
the exact value straight to the target width; a value that rounds to
infinity is "constant out of range".

Rounding is done by Python's correctly rounded ``float()`` and
``float.fromhex()`` for f64.  For f32 the f64 result is rounded again, which
gives the right answer unless the f64 value sits exactly halfway between two
f32 values (where double rounding could go the wrong way); those rare cases
are rounded from the exact rational value instead (``round_exact``).
"""

from __future__ import annotations

import re
import struct
from functools import lru_cache, wraps

_DEC = r"[0-9](?:_?[0-9])*"
_HEX = r"[0-9a-fA-F](?:_?[0-9a-fA-F])*"
_NAT_RE = re.compile(rf"0x({_HEX})|({_DEC})")
_INT_RE = re.compile(rf"([+-]?)(?:0x({_HEX})|({_DEC}))")
_DEC_FLOAT_RE = re.compile(rf"([+-]?)({_DEC})(?:\.({_DEC})?)?(?:[eE]([+-]?{_DEC}))?")
_HEX_FLOAT_RE = re.compile(rf"([+-]?)0x({_HEX})(?:\.({_HEX})?)?(?:[pP]([+-]?{_DEC}))?")
_SPECIAL_FLOAT_RE = re.compile(rf"([+-]?)(?:(inf)|nan(?::0x({_HEX}))?)")

_MAX_INT_DIGITS = 40  # more significant digits than any 64-bit value has
_MAX_EXACT_DIGITS = 800  # enough decimal digits to round any f64 correctly


class LiteralError(Exception):
    """A malformed or out-of-range literal; the parser adds the location."""


class FloatFormat:
    """An IEEE binary interchange format: field widths and special values."""

    def __init__(self, bits: int, mantissa_bits: int):
        self.bits = bits
        self.mantissa_bits = mantissa_bits
        self.exponent_bits = bits - 1 - mantissa_bits
        self.bias = (1 << (self.exponent_bits - 1)) - 1
        self.sign_bit = 1 << (bits - 1)
        self.infinity = ((1 << self.exponent_bits) - 1) << mantissa_bits
        self.quiet_bit = 1 << (mantissa_bits - 1)


F32 = FloatFormat(32, 23)
F64 = FloatFormat(64, 52)
FORMATS = {32: F32, 64: F64}


def _malformed(text: str) -> LiteralError:
    """A literal of the wrong kind, or no literal at all (a reserved token)."""
    if is_number(text):
        return LiteralError(f"unexpected token {text}")
    return LiteralError(f"unknown operator {text}")


def _int_out_of_range(bits: int) -> LiteralError:
    return LiteralError(f"i{bits} constant out of range")


def parse_nat(text: str, bits: int = 32) -> int:
    """An unsigned integer without sign (indices, offsets, alignments, lanes)."""
    m = _NAT_RE.fullmatch(text)
    if m is None:
        raise _malformed(text)
    value = _bounded_int(m.group(1), 16) if m.group(1) else _bounded_int(m.group(2), 10)
    if value >= 1 << bits:
        raise _int_out_of_range(bits)
    return value


def _memoized(convert):
    """Cache the conversions of short literals, which spec scripts repeat a lot
    (long ones are not kept, so hostile input cannot pin much memory)."""
    cached = lru_cache(maxsize=1 << 14)(convert)

    @wraps(convert)
    def convert_literal(text: str, bits: int) -> int:
        return cached(text, bits) if len(text) <= 64 else convert(text, bits)
    return convert_literal


@_memoized
def parse_int(text: str, bits: int) -> int:
    """An N-bit integer constant, signed or unsigned, as its unsigned bit pattern."""
    m = _INT_RE.fullmatch(text)
    if m is None:
        raise _malformed(text)
    sign, hex_digits, dec_digits = m.groups()
    value = _bounded_int(hex_digits, 16) if hex_digits else _bounded_int(dec_digits, 10)
    if sign == "-":
        if value > 1 << (bits - 1):
            raise _int_out_of_range(bits)
        return -value & ((1 << bits) - 1)
    if value >= 1 << bits:
        raise _int_out_of_range(bits)
    return value


def _bounded_int(digits: str, base: int) -> int:
    stripped = digits.replace("_", "").lstrip("0")
    if len(stripped) > _MAX_INT_DIGITS:
        return 1 << 128  # out of range of every integer type
    return int(stripped or "0", base)


def is_number(text: str) -> bool:
    """Whether an atom is a numeric literal (integer or float) at all."""
    return bool(_INT_RE.fullmatch(text) or _DEC_FLOAT_RE.fullmatch(text)
                or _HEX_FLOAT_RE.fullmatch(text) or _SPECIAL_FLOAT_RE.fullmatch(text))


@_memoized
def parse_float(text: str, bits: int) -> int:
    """A 32- or 64-bit float constant as its IEEE bit pattern."""
    fmt = FORMATS[bits]
    m = _HEX_FLOAT_RE.fullmatch(text) if "0x" in text else _DEC_FLOAT_RE.fullmatch(text)
    if m is None:
        return _special_float(text, fmt)
    negative = m.group(1) == "-"
    cleaned = text.replace("_", "")
    try:
        value = float.fromhex(cleaned) if m.re is _HEX_FLOAT_RE else float(cleaned)
    except OverflowError:
        raise LiteralError("constant out of range") from None
    if value in (float("inf"), float("-inf")):
        raise LiteralError("constant out of range")
    if bits == 64:
        return struct.unpack("<Q", struct.pack("<d", value))[0]
    if _is_f32_midpoint(value):
        num, den = _exact_fraction(m, hexadecimal=m.re is _HEX_FLOAT_RE)
        return round_exact(negative, num, den, F32)
    try:
        return struct.unpack("<I", struct.pack("<f", value))[0]
    except OverflowError:
        raise LiteralError("constant out of range") from None


def _special_float(text: str, fmt: FloatFormat) -> int:
    m = _SPECIAL_FLOAT_RE.fullmatch(text)
    if m is None:
        raise _malformed(text)
    sign = fmt.sign_bit if m.group(1) == "-" else 0
    if m.group(2):
        return sign | fmt.infinity
    payload = fmt.quiet_bit if m.group(3) is None else _bounded_int(m.group(3), 16)
    if not 1 <= payload < 1 << fmt.mantissa_bits:
        raise LiteralError("constant out of range")
    return sign | fmt.infinity | payload


def _is_f32_midpoint(value: float) -> bool:
    """Whether a (finite) f64 lies exactly halfway between two adjacent f32 values."""
    bits = struct.unpack("<Q", struct.pack("<d", value))[0]
    if (bits >> 52) & 0x7FF >= 1023 - 126:  # f32 normal range: 24 significant bits
        return bits & 0x1FFFFFFF == 0x10000000
    scaled = abs(value) * 2.0 ** 150  # f32 subnormal range: a grid of 2^-149
    return scaled == int(scaled) and int(scaled) % 2 == 1


def _exact_fraction(m: re.Match, hexadecimal: bool) -> tuple[int, int]:
    """The exact magnitude of a matched finite literal as num/den.

    Excess digits are cut to a bound that cannot change the rounding, with a
    sticky nonzero digit standing for any nonzero digits cut.
    """
    whole = m.group(2).replace("_", "")
    frac = (m.group(3) or "").replace("_", "")
    exponent = _exponent_value(m.group(4) or "0")
    base, digit_weight = (16, 4) if hexadecimal else (10, 1)
    digits = (whole + frac).lstrip("0")
    shift = -len(frac) * digit_weight  # in units of bits (hex) or decimal digits
    if len(digits) > _MAX_EXACT_DIGITS:
        dropped = digits[_MAX_EXACT_DIGITS:]
        shift += len(dropped) * digit_weight
        digits = digits[:_MAX_EXACT_DIGITS] + ("1" if dropped.strip("0") else "0")
        shift -= digit_weight
    mantissa = int(digits or "0", base)
    radix = 2 if hexadecimal else 10
    total = exponent + shift
    if total >= 0:
        return mantissa * radix ** total, 1
    return mantissa, radix ** -total


def _exponent_value(text: str) -> int:
    digits = text.lstrip("+-").replace("_", "").lstrip("0") or "0"
    value = int(digits) if len(digits) <= 6 else 10 ** 6  # beyond: inf or 0 anyway
    return -value if text.startswith("-") else value


def round_exact(negative: bool, num: int, den: int, fmt: FloatFormat) -> int:
    """Round num/den (>= 0) to ``fmt``, to nearest with ties to even, as bits.

    Raises LiteralError when the result would be infinite.
    """
    sign = fmt.sign_bit if negative else 0
    if num == 0:
        return sign
    precision = fmt.mantissa_bits + 1
    min_exponent = 1 - fmt.bias
    exponent = num.bit_length() - den.bit_length()  # floor(log2(num/den)) or one more
    if (num << max(0, -exponent)) < (den << max(0, exponent)):
        exponent -= 1
    exponent = max(exponent, min_exponent)
    scale = precision - 1 - exponent
    scaled_num, scaled_den = (num << scale, den) if scale >= 0 else (num, den << -scale)
    significand, remainder = divmod(scaled_num, scaled_den)
    if 2 * remainder > scaled_den or (2 * remainder == scaled_den and significand & 1):
        significand += 1
    if significand == 1 << precision:
        significand >>= 1
        exponent += 1
    if exponent > fmt.bias:
        raise LiteralError("constant out of range")
    if significand < 1 << (precision - 1):  # subnormal
        return sign | significand
    biased = exponent + fmt.bias
    return sign | biased << fmt.mantissa_bits | (significand - (1 << (precision - 1)))
