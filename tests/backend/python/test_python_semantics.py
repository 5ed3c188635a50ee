"""Instruction semantics of the python tier where the spec suite is thin:
single-precision rounding after every f32 operation, NaN payloads through
every bit-preserving path, i64 extremes, and the trapping conversions."""

from __future__ import annotations

import struct

import pytest

from wasmic.runtime import Instance, Module, Store, Trap, TrapCode


def exports(wat: str):
    store = Store()
    instance = Instance(store, Module(store.engine, f"(module (memory 1) {wat})"), [])
    found = instance.exports(store)
    return lambda name, *args: found[name](store, *args)


def f32_bits(value: float) -> int:
    return struct.unpack("<I", struct.pack("<f", value))[0]


# -- f32 rounding ----------------------------------------------------------------------

def test_every_f32_operation_rounds_to_single_precision():
    call = exports("""
      (func (export "add") (param f32 f32) (result f32) (f32.add (local.get 0) (local.get 1)))
      (func (export "chain") (param f32) (result f32)
        (f32.sub (f32.add (local.get 0) (f32.const 1)) (local.get 0)))
      (func (export "mul") (param f32 f32) (result f32) (f32.mul (local.get 0) (local.get 1)))
      (func (export "div") (param f32 f32) (result f32) (f32.div (local.get 0) (local.get 1)))
      (func (export "sqrt") (param f32) (result f32) (f32.sqrt (local.get 0)))
      (func (export "demote") (param f64) (result f32) (f32.demote_f64 (local.get 0)))
      (func (export "from_i64") (param i64) (result f32) (f32.convert_i64_u (local.get 0)))""")
    assert call("add", 16777216.0, 1.0) == 16777216.0  # 2**24 + 1 is not a float
    # (x + 1) - x is 0 in single precision for x = 2**24 (not 1, as in double).
    assert call("chain", 16777216.0) == 0.0
    assert call("mul", 3.4028234663852886e38, 2.0) == float("inf")
    assert call("div", 1.0, 3.0) == 0.3333333432674408
    assert call("sqrt", 2.0) == 1.4142135381698608
    assert call("demote", 1e300) == float("inf")
    assert call("demote", 1.0000000596046448) == 1.0  # a tie rounds to even
    # 2**64 - 1 rounds once to 2**64 (double rounding would be wrong elsewhere):
    assert call("from_i64", 0xFFFFFFFFFFFFFFFF) == 18446744073709551616.0
    assert call("from_i64", 0x8000008000000001) == 9223373136366403584.0


# -- NaN payloads --------------------------------------------------------------------------

def test_signalling_nan_bits_survive_load_store_reinterpret_and_sign_ops():
    call = exports("""
      (func (export "roundtrip") (param i32) (result i32)
        (f32.store (i32.const 0) (f32.reinterpret_i32 (local.get 0)))
        (i32.reinterpret_f32 (f32.load (i32.const 0))))
      (func (export "neg") (param i32) (result i32)
        (i32.reinterpret_f32 (f32.neg (f32.reinterpret_i32 (local.get 0)))))
      (func (export "abs") (param i32) (result i32)
        (i32.reinterpret_f32 (f32.abs (f32.reinterpret_i32 (local.get 0)))))
      (func (export "copysign") (param i32 i32) (result i32)
        (i32.reinterpret_f32 (f32.copysign (f32.reinterpret_i32 (local.get 0))
                                           (f32.reinterpret_i32 (local.get 1)))))
      (func (export "through_local") (param i32) (result i32) (local f32)
        (local.set 1 (f32.reinterpret_i32 (local.get 0)))
        (i32.reinterpret_f32 (select (local.get 1) (f32.const 0) (i32.const 1))))
      (func (export "f64_roundtrip") (param i64) (result i64)
        (f64.store (i32.const 8) (f64.reinterpret_i64 (local.get 0)))
        (i64.reinterpret_f64 (f64.load (i32.const 8))))""")
    snan = 0x7FA00001
    assert call("roundtrip", snan) == snan
    assert call("through_local", snan) == snan
    assert call("neg", snan) & 0xFFFFFFFF == snan | 0x80000000
    assert call("abs", snan | 0x80000000) == snan
    assert call("copysign", snan, 0x80000000) & 0xFFFFFFFF == snan | 0x80000000
    assert call("f64_roundtrip", 0x7FF0000000000001) == 0x7FF0000000000001


def test_arithmetic_on_a_nan_gives_a_quiet_nan_with_its_payload():
    call = exports("""
      (func (export "add") (param i32) (result i32)
        (i32.reinterpret_f32 (f32.add (f32.reinterpret_i32 (local.get 0)) (f32.const 1))))
      (func (export "promote") (param i32) (result i64)
        (i64.reinterpret_f64 (f64.promote_f32 (f32.reinterpret_i32 (local.get 0)))))
      (func (export "zero_div") (result i32)
        (i32.reinterpret_f32 (f32.div (f32.const 0) (f32.const 0))))""")
    assert call("add", 0x7FA00001) == 0x7FE00001
    assert call("promote", 0x7FA00001) == 0x7FFC000020000000
    assert call("zero_div") & 0x7FFFFFFF == 0x7FC00000


def test_min_max_signed_zeros_and_nearest_ties():
    call = exports("""
      (func (export "min") (param f64 f64) (result f64) (f64.min (local.get 0) (local.get 1)))
      (func (export "max") (param f64 f64) (result f64) (f64.max (local.get 0) (local.get 1)))
      (func (export "nearest") (param f64) (result f64) (f64.nearest (local.get 0)))""")
    assert str(call("min", 0.0, -0.0)) == "-0.0" and str(call("min", -0.0, 0.0)) == "-0.0"
    assert str(call("max", -0.0, 0.0)) == "0.0" and str(call("max", 0.0, -0.0)) == "0.0"
    assert [call("nearest", x) for x in (0.5, 1.5, 2.5, -2.5)] == [0.0, 2.0, 2.0, -2.0]
    assert str(call("nearest", -0.4)) == "-0.0"


# -- integers ----------------------------------------------------------------------------------

def test_i64_extremes():
    call = exports("""
      (func (export "div_s") (param i64 i64) (result i64) (i64.div_s (local.get 0) (local.get 1)))
      (func (export "rem_s") (param i64 i64) (result i64) (i64.rem_s (local.get 0) (local.get 1)))
      (func (export "mul") (param i64 i64) (result i64) (i64.mul (local.get 0) (local.get 1)))
      (func (export "shr_s") (param i64 i64) (result i64) (i64.shr_s (local.get 0) (local.get 1)))
      (func (export "rotl") (param i64 i64) (result i64) (i64.rotl (local.get 0) (local.get 1)))""")
    low = -(1 << 63)
    with pytest.raises(Trap) as caught:
        call("div_s", low, -1)
    assert caught.value.trap_code is TrapCode.INTEGER_OVERFLOW
    assert call("rem_s", low, -1) == 0
    assert call("div_s", -7, 2) == -3 and call("rem_s", -7, 2) == -1
    assert call("mul", low, -1) == low
    assert call("shr_s", low, 65) == low >> 1  # the count is taken modulo 64
    assert call("rotl", 0x8000000000000001, 1) == 3


def test_trapping_and_saturating_truncation():
    call = exports("""
      (func (export "trunc") (param f64) (result i32) (i32.trunc_f64_s (local.get 0)))
      (func (export "sat") (param f64) (result i32) (i32.trunc_sat_f64_s (local.get 0)))""")
    assert call("trunc", -2147483648.9) == -2147483648
    with pytest.raises(Trap) as caught:
        call("trunc", 2147483648.0)
    assert caught.value.trap_code is TrapCode.INTEGER_OVERFLOW
    assert str(caught.value).startswith("integer overflow")
    with pytest.raises(Trap) as caught:
        call("trunc", float("nan"))
    assert str(caught.value).startswith("invalid conversion to integer")
    assert call("sat", 1e10) == 2147483647 and call("sat", float("nan")) == 0
    assert call("sat", float("-inf")) == -2147483648


def test_memory_grow_bounds():
    call = exports("""(func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
      (func (export "size") (result i32) memory.size)""")
    assert call("grow", 0x10000) == -1  # 65537 pages would exceed 4 GiB
    assert call("grow", -1) == -1
    assert call("grow", 2) == 1
    assert call("size") == 3


def test_bit_counts_of_constants():
    call = exports("""
      (func (export "clz") (result i32) (i32.clz (i32.const 8192)))
      (func (export "popcnt") (result i64) (i64.popcnt (i64.const 255)))""")
    assert call("clz") == 18 and call("popcnt") == 8


# -- signed comparisons of loaded values ------------------------------------------------

@pytest.mark.parametrize("op", ["lt_s", "gt_s", "le_s", "ge_s"])
def test_signed_compare_of_a_bounds_checked_load(op):
    # A load is a conditional expression (value if in bounds else trap); the
    # sign flip of a signed comparison must apply to the whole of it.
    call = exports(f"""
      (func (export "cmp") (param i32 i32) (result i32)
        (i32.store (i32.const 8) (local.get 0))
        (i32.{op} (i32.load (i32.const 8)) (local.get 1)))
      (func (export "cmp64") (param i64 i64) (result i32)
        (i64.store (i32.const 8) (local.get 0))
        (i64.{op} (i64.load (i32.const 8)) (local.get 1)))""")
    compare = {"lt_s": int.__lt__, "gt_s": int.__gt__, "le_s": int.__le__, "ge_s": int.__ge__}[op]
    for left, right in [(1, 0), (0, 1), (-1, 0), (0, -1), (5, 5), (-7, -3)]:
        assert call("cmp", left, right) == int(compare(left, right))
        assert call("cmp64", left, right) == int(compare(left, right))
