"""Numeric helpers called by generated code, for the instructions whose
exact wasm semantics do not fit in one Python expression.

Internal values: i32/i64 are unsigned ints, f64 a Python float, f32 a Python
float holding a single-precision value.  An f32 NaN is kept as the f64 NaN
whose payload is the f32 payload shifted left by 29 bits (what the hardware
widening does), built in software so that signalling NaNs keep their bits:
the C float->double conversion behind ``struct`` would quiet them.  Every
helper here either returns such a value or raises a trap.
"""

from __future__ import annotations

import math
import struct

from ...runtime.trap import Trap, TrapCode

_F32 = struct.Struct("<f")
_U32 = struct.Struct("<I")
_F64 = struct.Struct("<d")
_U64 = struct.Struct("<Q")

NAN = float("nan")  # the canonical NaN of both float types (0x7FF8000000000000)
INF = math.inf

_copysign = math.copysign
_sqrt = math.sqrt

# Rounding a double to single precision through a C cast: round to nearest
# even, to infinity past the largest float, NaN payloads kept (and quieted).
_ROUNDER = memoryview(bytearray(4)).cast("f")


def f32_round(x: float) -> float:
    """``x`` rounded to the nearest single-precision value."""
    _ROUNDER[0] = x
    return _ROUNDER[0]


# -- traps ------------------------------------------------------------------

def trap(code: TrapCode) -> Trap:
    """A trap of ``code`` with the spec's message, for ``raise``."""
    return Trap(code.message, code)


def _divide_by_zero() -> Trap:
    return trap(TrapCode.INTEGER_DIVISION_BY_ZERO)


def _overflow() -> Trap:
    return trap(TrapCode.INTEGER_OVERFLOW)


def _invalid_conversion() -> Trap:
    return trap(TrapCode.BAD_CONVERSION_TO_INTEGER)


# -- bit-exact float <-> bits -------------------------------------------------

def f32_from_bits(bits: int) -> float:
    """The f32 whose IEEE bit pattern is ``bits`` (NaN payloads kept exactly)."""
    if bits & 0x7F800000 == 0x7F800000 and bits & 0x7FFFFF:
        wide = ((bits & 0x80000000) << 32) | 0x7FF0000000000000 | ((bits & 0x7FFFFF) << 29)
        return _F64.unpack(_U64.pack(wide))[0]
    return _F32.unpack(_U32.pack(bits))[0]


def f32_bits(x: float) -> int:
    """The IEEE bit pattern of the f32 ``x`` (inverse of ``f32_from_bits``)."""
    if x != x:
        wide = _U64.unpack(_F64.pack(x))[0]
        payload = (wide >> 29) & 0x7FFFFF or 0x400000
        return ((wide >> 32) & 0x80000000) | 0x7F800000 | payload
    return _U32.unpack(_F32.pack(x))[0]


def f64_from_bits(bits: int) -> float:
    """The f64 whose IEEE bit pattern is ``bits``."""
    return _F64.unpack(_U64.pack(bits))[0]


def f64_bits(x: float) -> int:
    """The IEEE bit pattern of the f64 ``x``."""
    return _U64.unpack(_F64.pack(x))[0]


# -- integer division -----------------------------------------------------------

def _signed_division(bits: int):
    half, mask = 1 << (bits - 1), (1 << bits) - 1

    def div_s(a: int, b: int) -> int:
        if not b:
            raise _divide_by_zero()
        if a == half and b == mask:
            raise _overflow()
        a = (a ^ half) - half
        b = (b ^ half) - half
        q = abs(a) // abs(b)
        return (-q if (a < 0) != (b < 0) else q) & mask

    def rem_s(a: int, b: int) -> int:
        if not b:
            raise _divide_by_zero()
        a = (a ^ half) - half
        r = abs(a) % abs((b ^ half) - half)
        return (-r if a < 0 else r) & mask

    return div_s, rem_s


i32_div_s, i32_rem_s = _signed_division(32)
i64_div_s, i64_rem_s = _signed_division(64)


def div_u(a: int, b: int) -> int:
    """Unsigned division, trapping on a zero divisor."""
    if not b:
        raise _divide_by_zero()
    return a // b


def rem_u(a: int, b: int) -> int:
    """Unsigned remainder, trapping on a zero divisor."""
    if not b:
        raise _divide_by_zero()
    return a % b


# -- float arithmetic -------------------------------------------------------------

def fdiv(a: float, b: float) -> float:
    """IEEE division (Python raises on a zero divisor; IEEE gives inf or NaN)."""
    try:
        return a / b
    except ZeroDivisionError:
        if a != a:
            return a + a
        if a == 0.0:
            return NAN
        return _copysign(INF, a) * _copysign(1.0, b)


def fsqrt(x: float) -> float:
    """IEEE square root: NaN for negative operands instead of an exception."""
    try:
        return _sqrt(x)
    except ValueError:
        return NAN


def fmin(a: float, b: float) -> float:
    """wasm ``min``: NaN if either is NaN, and -0.0 below +0.0."""
    if a < b:
        return a
    if b < a:
        return b
    if a == b:
        return a if _copysign(1.0, a) < 0 else b
    return a + b


def fmax(a: float, b: float) -> float:
    """wasm ``max``: NaN if either is NaN, and +0.0 above -0.0."""
    if a > b:
        return a
    if b > a:
        return b
    if a == b:
        return a if _copysign(1.0, a) > 0 else b
    return a + b


def _rounding(to_integer):
    def rounded(x: float) -> float:
        if x != x:
            return x + x
        if x == 0.0 or x in (INF, -INF):
            return x
        return _copysign(float(to_integer(x)), x)

    return rounded


fceil = _rounding(math.ceil)
ffloor = _rounding(math.floor)
ftrunc = _rounding(math.trunc)
fnearest = _rounding(round)  # round() of a float ties to even


# -- conversions ------------------------------------------------------------------

def _truncation(low: float, high: float, mask: int):
    """Float -> int truncation, trapping outside (low, high) exclusive."""

    def truncate(x: float) -> int:
        if x != x:
            raise _invalid_conversion()
        if low < x < high:
            return int(x) & mask
        raise _overflow()

    return truncate


_M32, _M64 = 0xFFFFFFFF, 0xFFFFFFFFFFFFFFFF
i32_trunc_s = _truncation(-2147483649.0, 2147483648.0, _M32)
i32_trunc_u = _truncation(-1.0, 4294967296.0, _M32)
i64_trunc_s = _truncation(-9223372036854777856.0, 9223372036854775808.0, _M64)
i64_trunc_u = _truncation(-1.0, 18446744073709551616.0, _M64)


def _saturation(low: int, high: int, mask: int):
    """Float -> int truncation clamped to [low, high], NaN to 0."""
    low_f, high_f = float(low), float(high)

    def truncate(x: float) -> int:
        if x != x:
            return 0
        if x <= low_f:
            return low & mask
        if x >= high_f:
            return high & mask
        return int(x) & mask

    return truncate


i32_trunc_sat_s = _saturation(-(1 << 31), (1 << 31) - 1, _M32)
i32_trunc_sat_u = _saturation(0, _M32, _M32)
i64_trunc_sat_s = _saturation(-(1 << 63), (1 << 63) - 1, _M64)
i64_trunc_sat_u = _saturation(0, _M64, _M64)


def f32_from_int(n: int) -> float:
    """The integer ``n`` rounded once, to nearest even, to single precision.

    Above 2**53 ``float(n)`` would round first and the second rounding could
    differ, so ``n`` is first cut to 53 bits rounding to odd (the dropped bits
    ORed into the last kept one), which keeps the final rounding exact.
    """
    if -(1 << 53) <= n <= 1 << 53:
        return f32_round(float(n))
    magnitude = abs(n)
    shift = magnitude.bit_length() - 53
    kept = (magnitude >> shift) | (1 if magnitude & ((1 << shift) - 1) else 0)
    return f32_round(_copysign(math.ldexp(float(kept), shift), n))


def ctz(x: int, bits: int) -> int:
    """Count of trailing zero bits of ``x`` (``bits`` when zero)."""
    return (x & -x).bit_length() - 1 if x else bits


def rotl(x: int, k: int, bits: int) -> int:
    """``x`` rotated left by ``k`` (already reduced modulo ``bits``)."""
    return ((x << k) | (x >> (bits - k))) & ((1 << bits) - 1)


def rotr(x: int, k: int, bits: int) -> int:
    """``x`` rotated right by ``k`` (already reduced modulo ``bits``)."""
    return ((x >> k) | (x << (bits - k))) & ((1 << bits) - 1)
