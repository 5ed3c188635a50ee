"""Every numeric instruction of the native tier against an oracle, at edge values.

One module exports a wrapper per instruction that takes and returns bit
patterns (floats reinterpreted), so results compare exactly.  The oracle
is wasmtime where installed; explicit expectations below pin the classic
edge cases (division traps, float->int edges, NaN bits, shifts by the
width, rotates, clz/ctz of 0) either way.
"""

from __future__ import annotations

import itertools
import math
import struct

import pytest
from numeric_wrappers import NUMERIC, wrapper_module

from wasmic.runtime.trap import Trap, TrapCode
from wasmic.syntax.types import F32, F64, I32, I64

WAT = wrapper_module(NUMERIC)


def f32(x: float) -> int:
    return struct.unpack("<i", struct.pack("<f", x))[0]


def f64(x: float) -> int:
    return struct.unpack("<q", struct.pack("<d", x))[0]


def s32(bits: int) -> int:
    return bits - (1 << 32) if bits & 0x80000000 else bits


def s64(bits: int) -> int:
    return bits - (1 << 64) if bits & (1 << 63) else bits


I32_EDGES = [0, 1, -1, 2, 7, 31, 32, 33, 63, 64, 0x7FFFFFFF, -0x80000000, 0x12345678, -0x1234, 0x80, 0xFF]
I64_EDGES = [0, 1, -1, 2, 63, 64, 65, 0x7FFFFFFFFFFFFFFF, -0x8000000000000000, 0x123456789ABCDEF0,
             0xFFFFFFFF, -0x100000000, 32]
F32_EDGES = [s32(b) for b in (0, 0x80000000, 0x3F800000, 0xBF800000, 0x7F800000, 0xFF800000, 0x7FC00000,
                              0xFFC00000, 0x7FA00000, 0x7F800001, 0x7F7FFFFF, 0x00000001, 0x4F000000,
                              0xCF000000, 0x4F800000, 0x3F000000, 0x3FC00000, 0x40200000, 0xBFC00000,
                              0x5F000000, 0xDF000000, 0x5F800000, 0xBF7FFFFF, 0x4EFFFFFF)]
F64_EDGES = [s64(b) for b in (0, 0x8000000000000000, 0x3FF0000000000000, 0xBFF0000000000000,
                              0x7FF0000000000000, 0xFFF0000000000000, 0x7FF8000000000000,
                              0xFFF8000000000000, 0x7FF4000000000000, 0x7FF0000000000001,
                              0x7FEFFFFFFFFFFFFF, 0x0000000000000001, 0x41E0000000000000,
                              0xC1E0000000000000, 0x41E0000000200000, 0xC1E0000000200000,
                              0x41EFFFFFFFFFFFFF, 0x41F0000000000000, 0x3FE0000000000000,
                              0x4004000000000000, 0xC00C000000000000, 0x43E0000000000000,
                              0xC3E0000000000000, 0x43F0000000000000, 0xBFEFFFFFFFFFFFFF)]
EDGES = {I32: I32_EDGES, I64: I64_EDGES, F32: F32_EDGES, F64: F64_EDGES}


@pytest.fixture(scope="module")
def ops(native):
    return native.instantiate(WAT)


def call(ops, name, *args):
    """The result bits, or the trap code."""
    try:
        return ops[name](*args)
    except Trap as trap:
        return trap.trap_code


# -- explicit edge cases ----------------------------------------------------------------

INT_CASES = [
    ("i32.div_s", (1, 0), TrapCode.INTEGER_DIVISION_BY_ZERO),
    ("i32.div_s", (-0x80000000, -1), TrapCode.INTEGER_OVERFLOW),
    ("i32.rem_s", (-0x80000000, -1), 0),
    ("i32.div_u", (-1, 2), 0x7FFFFFFF),
    ("i32.rem_u", (5, 0), TrapCode.INTEGER_DIVISION_BY_ZERO),
    ("i32.div_s", (-7, 2), -3), ("i32.rem_s", (-7, 2), -1),
    ("i64.div_s", (-0x8000000000000000, -1), TrapCode.INTEGER_OVERFLOW),
    ("i64.rem_s", (-0x8000000000000000, -1), 0),
    ("i64.div_u", (1, 0), TrapCode.INTEGER_DIVISION_BY_ZERO),
    ("i32.shl", (1, 32), 1), ("i32.shl", (1, 33), 2), ("i32.shr_s", (-0x80000000, 63), -1),
    ("i32.shr_u", (-1, 32), -1), ("i64.shl", (1, 64), 1), ("i64.shr_u", (-1, 65), 0x7FFFFFFFFFFFFFFF),
    ("i32.rotl", (0x80000001, 1), 3), ("i32.rotr", (1, 1), -0x80000000), ("i32.rotl", (0x12345678, 32), 0x12345678),
    ("i64.rotr", (1, 65), -0x8000000000000000),
    ("i32.clz", (0,), 32), ("i32.ctz", (0,), 32), ("i64.clz", (0,), 64), ("i64.ctz", (0,), 64),
    ("i32.clz", (1,), 31), ("i64.popcnt", (-1,), 64),
    ("i32.extend8_s", (0x80,), -128), ("i64.extend32_s", (0x80000000,), -0x80000000),
    ("i32.wrap_i64", (0x1_0000_0005,), 5), ("i64.extend_i32_u", (-1,), 0xFFFFFFFF),
    ("i32.add", (0x7FFFFFFF, 1), -0x80000000), ("i64.mul", (0x7FFFFFFFFFFFFFFF, 2), -2),
    ("i32.lt_s", (-1, 0), 1), ("i32.lt_u", (-1, 0), 0),
]

FLOAT_TO_INT_CASES = [
    ("i32.trunc_f32_s", f32(float("nan")), TrapCode.BAD_CONVERSION_TO_INTEGER),
    ("i32.trunc_f32_s", f32(2147483648.0), TrapCode.INTEGER_OVERFLOW),
    ("i32.trunc_f32_s", f32(-2147483648.0), -0x80000000),
    ("i32.trunc_f32_u", f32(-0.9), 0), ("i32.trunc_f32_u", f32(-1.0), TrapCode.INTEGER_OVERFLOW),
    ("i32.trunc_f64_s", f64(-2147483648.9), -0x80000000),
    ("i32.trunc_f64_s", f64(-2147483649.0), TrapCode.INTEGER_OVERFLOW),
    ("i32.trunc_f64_s", f64(2147483647.9), 0x7FFFFFFF),
    ("i32.trunc_f64_u", f64(4294967295.9), -1), ("i32.trunc_f64_u", f64(4294967296.0), TrapCode.INTEGER_OVERFLOW),
    ("i64.trunc_f64_s", f64(9223372036854775808.0), TrapCode.INTEGER_OVERFLOW),
    ("i64.trunc_f64_s", f64(-9223372036854775808.0), -0x8000000000000000),
    ("i64.trunc_f64_u", f64(18446744073709549568.0), -2048),
    ("i64.trunc_f32_u", f32(float("inf")), TrapCode.INTEGER_OVERFLOW),
    ("i32.trunc_sat_f32_s", f32(float("nan")), 0), ("i32.trunc_sat_f32_s", f32(-3e9), -0x80000000),
    ("i32.trunc_sat_f64_u", f64(5e9), -1), ("i32.trunc_sat_f64_u", f64(-5.0), 0),
    ("i64.trunc_sat_f64_s", f64(float("-inf")), -0x8000000000000000),
    ("i64.trunc_sat_f32_u", f32(float("inf")), -1),
]

NAN32, NAN64 = 0x7FC00000, 0x7FF8000000000000
FLOAT_CASES = [
    ("f32.min", (f32(0.0), f32(-0.0)), f32(-0.0)), ("f32.max", (f32(-0.0), f32(0.0)), f32(0.0)),
    ("f64.min", (f64(-0.0), f64(0.0)), f64(-0.0)), ("f64.max", (f64(0.0), f64(-0.0)), f64(0.0)),
    ("f32.neg", (s32(0x7FA00001),), s32(0xFFA00001)), ("f32.abs", (s32(0xFFA00001),), s32(0x7FA00001)),
    ("f64.copysign", (s64(0x7FF4000000000001), f64(-1.0)), s64(0xFFF4000000000001)),
    ("f32.nearest", (f32(2.5),), f32(2.0)), ("f32.nearest", (f32(-0.5),), f32(-0.0)),
    ("f64.nearest", (f64(3.5),), f64(4.0)), ("f64.trunc", (f64(-0.7),), f64(-0.0)),
    ("f32.ceil", (f32(-0.5),), f32(-0.0)), ("f64.floor", (f64(-0.5),), f64(-1.0)),
    ("f32.sqrt", (f32(-0.0),), f32(-0.0)),
    ("f32.convert_i64_u", (-1,), f32(18446744073709551616.0)),
    ("f64.convert_i64_u", (-1,), f64(18446744073709551616.0)),
    ("f32.convert_i64_s", (0x7FFFFF4000000001,), s32(0x5EFFFFFF)),  # rounds once, not via f64
    ("f64.promote_f32", (f32(1.5),), f64(1.5)), ("f32.demote_f64", (f64(1e300),), f32(float("inf"))),
    ("f32.eq", (NAN32, NAN32), 0), ("f64.ne", (NAN64, NAN64), 1), ("f32.lt", (f32(-0.0), f32(0.0)), 0),
]


@pytest.mark.parametrize("name, args, expected", INT_CASES + FLOAT_CASES)
def test_edge_cases(ops, name, args, expected):
    assert call(ops, name, *args) == expected


@pytest.mark.parametrize("name, arg, expected", FLOAT_TO_INT_CASES)
def test_float_to_int(ops, name, arg, expected):
    assert call(ops, name, arg) == expected


def _is_nan(vtype, bits: int) -> bool:
    if vtype == F32:
        return (bits & 0x7F800000) == 0x7F800000 and bits & 0x7FFFFF != 0
    return (bits & 0x7FF0000000000000) == 0x7FF0000000000000 and bits & 0xFFFFFFFFFFFFF != 0


def _quiet_payload(vtype, bits: int) -> tuple[bool, bool]:
    """(quiet bit set, payload is exactly canonical)."""
    if vtype == F32:
        return bool(bits & 0x400000), (bits & 0x7FFFFF) == 0x400000
    return bool(bits & (1 << 51)), (bits & 0xFFFFFFFFFFFFF) == 1 << 51


BIT_EXACT = ("abs", "neg", "copysign", "reinterpret_i32", "reinterpret_i64")
NAN_PRODUCING = [i for i in NUMERIC if i.results and i.results[0] in (F32, F64)
                 and i.name.split(".")[1] not in BIT_EXACT]


@pytest.mark.parametrize("info", NAN_PRODUCING, ids=lambda i: i.name)
def test_nan_results_are_canonical_or_arithmetic(ops, info):
    """NaN results follow the spec: canonical when every NaN input was, else
    at least quiet (the bit-exact ops -- abs, neg, copysign, reinterpret -- are
    not arithmetic and are left out)."""
    result = info.results[0]
    for args in itertools.product(*(EDGES[t][:12] for t in info.params)):
        bits = call(ops, info.name, *args) & ((1 << (32 if result == F32 else 64)) - 1)
        if not _is_nan(result, bits):
            continue
        quiet, canonical = _quiet_payload(result, bits)
        assert quiet, (info.name, args, hex(bits))
        nan_inputs = [(t, a & ((1 << (32 if t == F32 else 64)) - 1)) for t, a in zip(info.params, args)
                      if t in (F32, F64) and _is_nan(t, a & ((1 << (32 if t == F32 else 64)) - 1))]
        if all(_quiet_payload(t, a)[1] for t, a in nan_inputs):
            assert canonical, (info.name, args, hex(bits))


@pytest.fixture(scope="module")
def oracle():
    import wasmtime
    store = wasmtime.Store()
    instance = wasmtime.Instance(store, wasmtime.Module(store.engine, WAT), [])
    return store, instance.exports(store), wasmtime.Trap


@pytest.mark.parametrize("info", NUMERIC, ids=lambda i: i.name)
def test_against_wasmtime(ops, oracle, info):
    store, exports, oracle_trap = oracle
    theirs_func = exports[info.name]
    result = info.results[0]
    edges = [EDGES[t] if len(info.params) == 1 else EDGES[t][:14] for t in info.params]
    for args in itertools.product(*edges):
        ours = call(ops, info.name, *args)
        try:
            theirs = theirs_func(store, *args)
        except oracle_trap as exc:
            assert isinstance(ours, TrapCode), (info.name, args, ours, exc)
            continue
        if ours != theirs and result in (F32, F64):
            width = 32 if result == F32 else 64
            if _is_nan(result, ours % (1 << width)) and _is_nan(result, theirs % (1 << width)):
                continue  # NaN choice is nondeterministic; the test above checks ours
        assert ours == theirs, (info.name, args)


def test_float_values_cross_the_boundary_exactly(native):
    """f32 NaN payloads survive Python floats both ways (a hardware
    conversion would quiet a signalling NaN)."""
    exports = native.instantiate("""(module
      (func (export "id32") (param f32) (result f32) local.get 0)
      (func (export "bits32") (param f32) (result i32) local.get 0 i32.reinterpret_f32)
      (func (export "snan32") (result f32) i32.const 0x7fa00001 f32.reinterpret_i32)
      (func (export "id64") (param f64) (result f64) local.get 0))""")
    snan = exports["snan32"]()
    assert math.isnan(snan)
    assert exports["bits32"](snan) == 0x7FA00001
    assert exports["bits32"](exports["id32"](snan)) == 0x7FA00001
    assert exports["id32"](1.1) == struct.unpack("<f", struct.pack("<f", 1.1))[0]
    assert exports["id32"](3) == 3.0
    assert exports["id64"](-0.0) == 0.0 and math.copysign(1, exports["id64"](-0.0)) == -1


def test_multiply_add_is_rounded_twice(native):
    """a * b + c rounds the product first (wasm has no fused multiply-add):
    with a = b = 1 + 2**-30 and c = -(1 + 2**-29), the exact product's last
    term 2**-60 is lost in the rounding, so the sum is exactly 0.0, where an
    FMA would give 2**-60."""
    exports = native.instantiate("""(module (func (export "madd") (param f64 f64 f64) (result f64)
      local.get 0 local.get 1 f64.mul local.get 2 f64.add))""")
    a = 1 + 2.0 ** -30
    assert exports["madd"](a, a, -(1 + 2.0 ** -29)) == 0.0
