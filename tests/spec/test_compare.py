"""Result matching of the spec runner: exact bits, NaN classes, lanes, references."""

import struct

from wasmic.spec.compare import (format_expected, format_value, is_arithmetic_nan,
                                 is_canonical_nan, lanes, matches, mismatch)
from wasmic.syntax.script import Const, NanPattern, RefFuncPattern, V128Pattern
from wasmic.syntax.types import EXTERNREF, F32, F64, FUNCREF, I32, I64, V128


def f32(value: float) -> int:
    return struct.unpack("<I", struct.pack("<f", value))[0]


def f64(value: float) -> int:
    return struct.unpack("<Q", struct.pack("<d", value))[0]


def test_integers_compare_by_bits_and_type():
    assert matches(Const(I32, 0xFFFFFFFF), Const(I32, 0xFFFFFFFF))
    assert not matches(Const(I32, 1), Const(I32, 2))
    assert not matches(Const(I32, 1), Const(I64, 1))


def test_floats_compare_by_exact_bits():
    assert matches(Const(F32, f32(1.5)), Const(F32, f32(1.5)))
    assert not matches(Const(F32, f32(0.0)), Const(F32, f32(-0.0)))
    assert not matches(Const(F64, 0x7FF8000000000001), Const(F64, 0x7FF8000000000000))
    assert matches(Const(F64, 0x7FF4000000000000), Const(F64, 0x7FF4000000000000))


def test_canonical_nan_accepts_either_sign_and_nothing_else():
    assert is_canonical_nan(0x7FC00000, F32) and is_canonical_nan(0xFFC00000, F32)
    assert not is_canonical_nan(0x7FC00001, F32)
    assert not is_canonical_nan(0x7FA00000, F32)  # signalling
    assert is_canonical_nan(0xFFF8000000000000, F64)
    assert not is_canonical_nan(0x7FF8000000000001, F64)


def test_arithmetic_nan_accepts_any_quiet_payload():
    assert is_arithmetic_nan(0x7FC00001, F32) and is_arithmetic_nan(0xFFFFFFFF, F32)
    assert not is_arithmetic_nan(0x7F800001, F32)  # signalling
    assert not is_arithmetic_nan(0x7F800000, F32)  # infinity
    assert is_arithmetic_nan(0x7FFC000000000000, F64)
    assert not is_arithmetic_nan(0x7FF0000000000001, F64)


def test_nan_patterns_check_the_result_type():
    assert matches(NanPattern(F32, "canonical"), Const(F32, 0x7FC00000))
    assert not matches(NanPattern(F64, "canonical"), Const(F32, 0x7FC00000))
    assert matches(NanPattern(F64, "arithmetic"), Const(F64, 0xFFF8000000000123))
    assert not matches(NanPattern(F64, "arithmetic"), Const(F64, f64(1.0)))


def test_lanes_are_little_endian():
    value = int.from_bytes(bytes(range(16)), "little")
    assert lanes(value, "i8x16") == list(range(16))
    assert lanes(value, "i32x4") == [0x03020100, 0x07060504, 0x0B0A0908, 0x0F0E0D0C]
    assert lanes(value, "i64x2") == [0x0706050403020100, 0x0F0E0D0C0B0A0908]


def v128(lane_bits, width):
    return sum(bits << (i * width) for i, bits in enumerate(lane_bits))


def test_v128_lanes_compare_exactly_or_by_nan_class():
    canonical = NanPattern(F32, "canonical")
    expected = V128Pattern("f32x4", (f32(1.0), canonical, f32(-0.0), NanPattern(F32, "arithmetic")))
    good = v128([f32(1.0), 0xFFC00000, f32(-0.0), 0x7FC12345], 32)
    assert matches(expected, Const(V128, good))
    assert not matches(expected, Const(V128, v128([f32(1.0), 0x7FC00001, f32(-0.0), 0x7FC00000], 32)))
    assert not matches(expected, Const(V128, v128([f32(1.0), 0x7FC00000, f32(0.0), 0x7FC00000], 32)))
    assert not matches(expected, Const(I64, good))
    ints = V128Pattern("i16x8", tuple(range(8)))
    assert matches(ints, Const(V128, v128(range(8), 16)))
    assert matches(Const(V128, good), Const(V128, good))


def test_references():
    assert matches(Const(FUNCREF, None), Const(FUNCREF, None))
    assert not matches(Const(FUNCREF, None), Const(EXTERNREF, None))
    assert not matches(Const(FUNCREF, None), Const(FUNCREF, object()))
    assert matches(RefFuncPattern(), Const(FUNCREF, object()))
    assert not matches(RefFuncPattern(), Const(FUNCREF, None))
    assert matches(Const(EXTERNREF, 7), Const(EXTERNREF, 7))
    assert not matches(Const(EXTERNREF, 7), Const(EXTERNREF, 8))
    assert not matches(Const(EXTERNREF, 7), Const(EXTERNREF, None))


def test_mismatch_explains_count_and_first_difference():
    assert mismatch([Const(I32, 1)], [Const(I32, 1)]) is None
    assert mismatch([], []) is None
    assert "expected 1 results, got 0" in mismatch([Const(I32, 1)], [])
    reason = mismatch([Const(I32, 1), NanPattern(F32, "canonical")],
                      [Const(I32, 1), Const(F32, f32(2.0))])
    assert reason.startswith("result 1: expected (f32.const nan:canonical)")
    assert "2.0" in reason and "0x40000000" in reason


def test_formatting():
    assert format_value(Const(I32, 42)) == "(i32.const 0x2a)"
    assert format_value(Const(EXTERNREF, None)) == "(ref.null extern)"
    assert format_value(Const(EXTERNREF, 3)) == "(ref.extern 3)"
    assert format_expected(RefFuncPattern()) == "(ref.func)"
    assert format_expected(V128Pattern("i8x16", (1,) * 16)).startswith("(v128.const i8x16 0x1 ")
