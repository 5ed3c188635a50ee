"""Numeric literals: integer ranges, float rounding (f32 without double
rounding), NaN payloads, and malformed spellings."""

from __future__ import annotations

import math
import struct
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wasmic.text.numbers import F32, F64, LiteralError, parse_float, parse_int, parse_nat, round_exact


def f32_bits(x: float) -> int:
    return struct.unpack("<I", struct.pack("<f", x))[0]


def f64_bits(x: float) -> int:
    return struct.unpack("<Q", struct.pack("<d", x))[0]


@pytest.mark.parametrize("text, bits, expected", [
    ("0", 32, 0), ("-1", 32, 0xFFFFFFFF), ("4294967295", 32, 0xFFFFFFFF),
    ("-2147483648", 32, 0x80000000), ("0x7fff_ffff", 32, 0x7FFFFFFF), ("+0x10", 32, 16),
    ("-0x8000_0000", 32, 0x80000000), ("1_000_000", 32, 1000000),
    ("18446744073709551615", 64, 2**64 - 1), ("-9223372036854775808", 64, 2**63),
    ("0" * 5000 + "7", 32, 7),  # leading zeros beyond int()'s digit limit
])
def test_integers(text, bits, expected):
    assert parse_int(text, bits) == expected


@pytest.mark.parametrize("text, bits", [
    ("4294967296", 32), ("-2147483649", 32), ("0x1_0000_0000", 32),
    ("18446744073709551616", 64), ("-9223372036854775809", 64), ("9" * 5000, 64),
])
def test_integer_out_of_range(text, bits):
    with pytest.raises(LiteralError, match=f"i{bits} constant out of range"):
        parse_int(text, bits)


@pytest.mark.parametrize("text", ["1__0", "_1", "1_", "0x_1", "0x", "1x", "0x1g", "--1", "+-1",
                                  "1.0", "nan", "0X10", "1e3"])
def test_malformed_integers(text):
    with pytest.raises(LiteralError):
        parse_int(text, 32)


def test_nat_rejects_signs_and_bounds():
    assert parse_nat("0xffff_ffff") == 2**32 - 1
    assert parse_nat("255", 8) == 255
    for text in ["+1", "-0", "1.0"]:
        with pytest.raises(LiteralError, match="unexpected token"):
            parse_nat(text)
    with pytest.raises(LiteralError, match="out of range"):
        parse_nat("4294967296")


@pytest.mark.parametrize("text, expected", [
    ("0", 0), ("-0", 0x80000000), ("1", 0x3F800000), ("0x1p0", 0x3F800000), ("1.", 0x3F800000),
    ("1.e0", 0x3F800000), ("0x1.fp+3", 0x41780000), ("0x1.P3", 0x41000000), ("1E-1", 0x3DCCCCCD),
    ("inf", 0x7F800000), ("-inf", 0xFF800000), ("nan", 0x7FC00000), ("-nan", 0xFFC00000),
    ("nan:0x1", 0x7F800001), ("+nan:0x7f_ffff", 0x7FFFFFFF), ("-nan:0x200000", 0xFFA00000),
    ("0x1p-149", 1), ("0x1p-150", 0), ("0x1.000001p-150", 1), ("0x1.8p-149", 2),
    ("0x1.fffffep127", 0x7F7FFFFF), ("3.4028234663852886e38", 0x7F7FFFFF),
    ("1_000.000_1", f32_bits(1000.0001)),
    # exactly halfway between two f32 values: ties to even
    ("0x1.000001p0", 0x3F800000), ("0x1.000003p0", 0x3F800002),
    ("1.000000059604644775390625", 0x3F800000),
    # just above halfway, in ways that round to a halfway f64 (the double rounding trap)
    ("1.00000005960464477550", 0x3F800001), ("0x1.00000100000000001p0", 0x3F800001),
    ("+0x1.00000100000000001p-50", 0x26800001), ("-0x1.000001fffffffffffp-50", 0xA6800001),
    ("1.000000059604644775390626", 0x3F800001),
    # subnormal halfway cases
    ("0x1.8p-148", 3), ("0x1.4p-148", 2), ("0x1.cp-148", 4), ("0x1.40000000000000001p-148", 3),
])
def test_f32_literals(text, expected):
    assert parse_float(text, 32) == expected


@pytest.mark.parametrize("text, expected", [
    ("0x1.fffffffffffffp1023", 0x7FEFFFFFFFFFFFFF), ("0x1p-1074", 1), ("0x1p-1075", 0),
    ("0x1.0000000000000fffffp0", 0x3FF0000000000001), ("0x1.00000000000008p0", 0x3FF0000000000000),
    ("nan:0xf_ffff_ffff_ffff", 0x7FFFFFFFFFFFFFFF), ("-nan", 0xFFF8000000000000),
    ("2.2250738585072012e-308", 0x0010000000000000), ("0.1", f64_bits(0.1)),
    ("1e-400", 0), ("-1e-400", 2**63), ("0." + "0" * 400 + "1e400", f64_bits(0.1)),
])
def test_f64_literals(text, expected):
    assert parse_float(text, 64) == expected


@pytest.mark.parametrize("text, bits", [
    ("0x1p128", 32), ("1e39", 32), ("-3.4028236e38", 32), ("0x1.ffffffp127", 32),
    ("340282356779733661637539395458142568448", 32),  # f32 max + half an ulp: to even = inf
    ("0x1p1024", 64), ("1e309", 64), ("1" + "0" * 400, 64), ("0x1.fffffffffffff8p1023", 64),
    ("nan:0x0", 32), ("nan:0x80_0000", 32), ("nan:0x10_0000_0000_0000", 64),
])
def test_float_out_of_range(text, bits):
    with pytest.raises(LiteralError, match="constant out of range"):
        parse_float(text, bits)


def test_f32_max_plus_less_than_half_ulp_still_rounds_down():
    assert parse_float("340282356779733623858607532500980858880", 32) == 0x7F7FFFFF


@pytest.mark.parametrize("text", ["1.0e", "0x", "0x.", "0x1p", "1e_1", "1._0", "_1.0", ".5",
                                  "nan:1", "nan:0x", "infinity", "1.0f", "0x1.0p+_1", "1__0.0"])
def test_malformed_floats(text):
    with pytest.raises(LiteralError, match="unknown operator|unexpected token"):
        parse_float(text, 32)


def test_huge_literals_stay_fast():
    long_mantissa = "0x1." + "0" * 100_000 + "1p0"
    assert parse_float(long_mantissa, 32) == 0x3F800000
    assert parse_float("0." + "0" * 10_000 + "1e10001", 32) == 0x3F800000
    with pytest.raises(LiteralError, match="out of range"):
        parse_float("1e" + "9" * 10_000, 64)
    assert parse_float("1e-" + "9" * 10_000, 64) == 0


def nearest_f32(x: Fraction, negative: bool = False) -> int:
    """Oracle: the f32 nearest to x (ties to even), by checking the neighbours
    of a double-rounded guess with exact arithmetic."""
    try:
        bits = f32_bits(float(x))
    except OverflowError:  # beyond the f32 range: the largest finite value is the guess
        bits = 0x7F7FFFFF
    candidates = [b for b in (bits - 1, bits, bits + 1) if 0 <= b <= 0x7F7FFFFF]
    values = {b: Fraction(struct.unpack("<f", struct.pack("<I", b))[0]) for b in candidates}
    target = abs(x)
    best = min(candidates, key=lambda b: (abs(values[b] - target), b & 1))
    return best | (0x80000000 if negative else 0)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 2**80), st.integers(-200, 60), st.booleans())
def test_decimal_f32_rounds_from_the_exact_value(mantissa, exponent, negative):
    text = f"{'-' if negative else ''}{mantissa}e{exponent}"
    x = Fraction(mantissa) * Fraction(10) ** exponent
    if x >= 2**128 - 2**103:
        with pytest.raises(LiteralError):
            parse_float(text, 32)
    else:
        assert parse_float(text, 32) == nearest_f32(x, negative), text


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 2**100), st.integers(-250, 100))
def test_hex_f32_near_halfway_points(mantissa, exponent):
    # Mantissas with 25+ significant bits land on or near f32 halfway points.
    text = f"0x{mantissa:x}p{exponent}"
    x = Fraction(mantissa) * Fraction(2) ** exponent
    if x >= 2**128 - 2**103:
        return
    assert parse_float(text, 32) == nearest_f32(x), text


@settings(max_examples=200, deadline=None)
@given(st.fractions(min_value=0, max_value=Fraction(2**1000)))
def test_round_exact_matches_python_for_f64(x):
    expected = f64_bits(x.numerator / x.denominator)
    assert round_exact(False, x.numerator, x.denominator, F64) == expected


@settings(max_examples=200, deadline=None)
@given(st.fractions(min_value=0, max_value=Fraction(2**120)))
def test_round_exact_matches_oracle_for_f32(x):
    assert round_exact(False, x.numerator, x.denominator, F32) == nearest_f32(x)


def test_round_exact_overflow():
    with pytest.raises(LiteralError):
        round_exact(False, 2**128, 1, F32)
    assert round_exact(True, 0, 1, F32) == 0x80000000
    assert math.isinf(struct.unpack("<f", struct.pack("<I", F32.infinity))[0])


def exact_decimal(x: Fraction) -> str:
    """The finite decimal expansion of a dyadic rational."""
    k = 0
    while (x * 10**k).denominator != 1:
        k += 1
    digits = str((x * 10**k).numerator).rjust(k + 1, "0")
    return f"{digits[:-k]}.{digits[-k:]}" if k else digits


@settings(max_examples=300, deadline=None)
@given(st.integers(2**23, 2**24 - 1), st.integers(-140, 100), st.integers(30, 70),
       st.sampled_from([-1, 0, 1]))
def test_f32_halfway_points_hex_and_decimal(significand, exponent, far, delta):
    # (2m+1)/2 is halfway between the f32 values m and m+1; delta nudges it by
    # far less than an f64 ulp, where double rounding would go wrong.
    scaled = ((2 * significand + 1) << far) + delta
    x = Fraction(scaled, 2 ** (far + 1)) * Fraction(2) ** exponent
    expected = nearest_f32(x)
    assert parse_float(f"0x{scaled:x}p{exponent - far - 1}", 32) == expected
    assert parse_float(exact_decimal(x), 32) == expected
