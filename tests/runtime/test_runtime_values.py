"""``Val`` and the boundary converters: ranges, rounding, errors, the
generated per-signature converters, and agreement with wasmtime-py."""

from __future__ import annotations

import ctypes
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wasmic.errors import WasmError
from wasmic.runtime import values
from wasmic.runtime.types import ValType
from wasmic.runtime.values import (Val, args_from_wasm, args_to_wasm, from_wasm, register_funcref,
                                   results_from_wasm, results_to_wasm, round_f32, to_wasm)
from wasmic.syntax.types import EXTERNREF, F32, F64, FUNCREF, I32, I64, V128

FLT_MAX = 3.4028234663852886e38



class FakeFunc:
    """Stands in for the runtime's Func."""


@pytest.fixture
def func_class():
    saved = values._func_class, values._funcref_to_wasm, values._funcref_from_wasm
    register_funcref(FakeFunc)
    yield FakeFunc
    values._func_class, values._funcref_to_wasm, values._funcref_from_wasm = saved


# --- Val -----------------------------------------------------------------------

@pytest.mark.parametrize("given_, stored", [(0, 0), (-1, -1), (0xFFFFFFFF, -1), (2**31, -2**31),
                                            (-2**31, -2**31), (2**31 - 1, 2**31 - 1), (True, 1)])
def test_val_i32_is_stored_signed(given_, stored):
    val = Val.i32(given_)
    assert val.value == stored and type(val.value) is int
    assert val.type == ValType.i32()
    assert val.as_i32() == stored and val.as_i64() is None


@pytest.mark.parametrize("given_, stored", [(2**64 - 1, -1), (2**63, -2**63), (-2**63, -2**63)])
def test_val_i64_is_stored_signed(given_, stored):
    assert Val.i64(given_).value == Val.i64(given_).as_i64() == stored


@pytest.mark.parametrize("make, bad", [(Val.i32, 2**32), (Val.i32, -2**31 - 1),
                                       (Val.i64, 2**64), (Val.i64, -2**63 - 1),
                                       (Val.v128, 2**128), (Val.v128, -2**127 - 1),
                                       (Val.i32, 10**400)])
def test_val_integers_out_of_range_raise_wasm_error(make, bad):
    with pytest.raises(WasmError, match="out of range"):
        make(bad)


def test_errors_about_huge_ints_do_not_print_them():
    with pytest.raises(WasmError, match="an int of 20001 bits"):
        Val.i32(2**20000)


@pytest.mark.parametrize("make", [Val.i32, Val.i64, Val.v128])
@pytest.mark.parametrize("bad", [1.0, "1", None, b"1", [1]])
def test_val_integers_reject_non_ints(make, bad):
    with pytest.raises(TypeError):
        make(bad)


@pytest.mark.parametrize("bad", [1.0, "1", None])
def test_val_integer_type_errors_match_wasmtime(wt, bad):
    for ours, theirs in [(Val.i32, wt.Val.i32), (Val.i64, wt.Val.i64)]:
        with pytest.raises(TypeError):
            ours(bad)
        with pytest.raises(TypeError):
            theirs(bad)


@pytest.mark.parametrize("value", [0, 1, -1, 2**31 - 1, 2**31, 2**32 - 1, -2**31])
def test_val_i32_matches_wasmtime_in_range(wt, value):
    assert Val.i32(value).value == wt.Val.i32(value).value
    assert Val.i64(value).value == wt.Val.i64(value).value


def test_val_v128_is_unsigned():
    assert Val.v128(-1).value == 2**128 - 1
    assert Val.v128(5).as_v128() == 5
    assert Val.v128(5).type == ValType.v128()


@pytest.mark.parametrize("value", [0.1, 1e300, -1e300, FLT_MAX, 3.4028236e38, 1.5, -0.0, math.inf])
def test_val_f32_rounds_like_wasmtime(wt, value):
    assert Val.f32(value).value == wt.Val.f32(value).value
    assert math.copysign(1, Val.f32(value).value) == math.copysign(1, value)


def test_val_floats_accept_ints_and_float_like_objects():
    class Half:
        def __float__(self):
            return 0.5
    assert Val.f64(3).value == 3.0 and type(Val.f64(3).value) is float
    assert Val.f32(Half()).value == 0.5
    assert math.isnan(Val.f64(math.nan).value)


@pytest.mark.parametrize("make", [Val.f32, Val.f64])
@pytest.mark.parametrize("bad", ["1.0", None, b"x", 1j, [1.0]])
def test_val_floats_reject_non_numbers(make, bad):
    with pytest.raises(TypeError):
        make(bad)


@pytest.mark.parametrize("make", [Val.f32, Val.f64])
def test_val_floats_reject_ints_beyond_float_range(make):
    with pytest.raises(WasmError, match="out of range"):
        make(10**400)


def test_val_references():
    marker = object()
    assert Val.externref(marker).value is marker
    assert Val.externref(marker).as_externref() is marker
    assert Val.externref(None).value is None
    assert Val.funcref(None).as_funcref() is None
    assert Val.funcref(None).type == ValType.funcref()
    assert Val.ref_null(ValType.externref()) == Val.externref(None)
    assert Val.ref_null(ValType.funcref()).type == ValType.funcref()


def test_val_funcref_needs_a_func(func_class):
    f = func_class()
    assert Val.funcref(f).as_funcref() is f
    with pytest.raises(TypeError, match="Func"):
        Val.funcref(5)


def test_val_funcref_before_any_func_class_is_known():
    saved = values._func_class
    values._func_class = None
    try:
        with pytest.raises(TypeError):
            Val.funcref(object())
    finally:
        values._func_class = saved


@pytest.mark.parametrize("ty", [ValType.i32(), ValType.v128(), None, "funcref"])
def test_val_ref_null_rejects_non_reference_types(ty):
    with pytest.raises(WasmError, match="ref_null"):
        Val.ref_null(ty)


def test_val_ref_null_error_matches_wasmtime(wt):
    with pytest.raises(wt.WasmtimeError, match="Invalid reference type"):
        wt.Val.ref_null(wt.ValType.i32())
    with pytest.raises(WasmError, match="Invalid reference type"):
        Val.ref_null(ValType.i32())


def test_val_as_methods_give_none_for_other_types():
    val = Val.f64(1.5)
    assert [val.as_i32(), val.as_i64(), val.as_f32(), val.as_v128(), val.as_funcref(),
            val.as_externref()] == [None] * 6
    assert val.as_f64() == 1.5
    assert Val.f32(2.0).as_f32() == 2.0


def test_val_equality_like_wasmtime(wt):
    assert (Val.i32(1) == Val.i32(1)) == (wt.Val.i32(1) == wt.Val.i32(1)) is True
    assert (Val.i32(1) == 1) == (wt.Val.i32(1) == 1) is True
    assert (Val.i32(1) == Val.i64(1)) == (wt.Val.i32(1) == wt.Val.i64(1)) is False
    assert (Val.i32(1) != Val.i32(2)) is True
    for val in (Val.i32(1), wt.Val.i32(1)):
        with pytest.raises(TypeError):
            hash(val)


def test_val_constructor_and_repr():
    assert Val(ValType.i64(), 2**64 - 1).value == -1
    assert repr(Val.i32(-1)) == "Val.i32(-1)"
    assert repr(Val.externref(None)) == "Val.externref(None)"
    with pytest.raises(TypeError):
        Val("i32", 1)


def test_val_of_val_must_agree_on_type():
    assert Val.i32(Val.i32(3)).value == 3
    with pytest.raises(TypeError, match="wrong type of `Val`"):
        Val.i32(Val.i64(3))


# --- single-value converters ---------------------------------------------------------

@pytest.mark.parametrize("ty, public, internal", [
    (I32, -1, 0xFFFFFFFF), (I32, 5, 5), (I64, -2, 2**64 - 2), (V128, 7, 7),
    (F32, 0.1, 0.10000000149011612), (F64, 0.1, 0.1), (EXTERNREF, "x", "x"), (FUNCREF, None, None),
])
def test_single_converters(ty, public, internal):
    assert to_wasm(ty)(public) == internal
    assert to_wasm(ValType._from_syntax(ty))(public) == internal
    back = from_wasm(ty)(internal)
    assert back == (round_f32(public) if ty is F32 else public)


def test_single_converters_reject_unknown_types():
    with pytest.raises(TypeError):
        to_wasm("i32x")
    with pytest.raises(TypeError):
        from_wasm(None)


def test_converters_accept_index_like_ints():
    class Index:
        def __index__(self):
            return -1
    assert to_wasm(I32)(Index()) == 0xFFFFFFFF


@given(st.floats(allow_nan=False))
def test_round_f32_agrees_with_the_c_cast(x):
    assert round_f32(x) == ctypes.c_float(x).value


def test_round_f32_edges():
    assert round_f32(FLT_MAX) == FLT_MAX
    midpoint = 2.0**128 - 2.0**103  # halfway between FLT_MAX and 2**128
    assert round_f32(math.nextafter(midpoint, 0)) == FLT_MAX
    assert round_f32(midpoint) == math.inf  # a tie, rounded to the even neighbour
    assert round_f32(-1e39) == -math.inf
    assert math.isnan(round_f32(math.nan))
    assert math.copysign(1, round_f32(-0.0)) == -1
    assert round_f32(1e-46) == 0.0


@given(st.integers(-2**31, 2**32 - 1))
def test_i32_round_trip_is_signed(x):
    internal = to_wasm(I32)(x)
    assert 0 <= internal < 2**32
    assert from_wasm(I32)(internal) == (x - 2**32 if x >= 2**31 else x)


@given(st.integers(-2**63, 2**64 - 1))
def test_i64_round_trip_is_signed(x):
    internal = to_wasm(I64)(x)
    assert 0 <= internal < 2**64
    assert from_wasm(I64)(internal) == (x - 2**64 if x >= 2**63 else x)


# --- signature converters ----------------------------------------------------------

ALL = (I32, I64, F32, F64, V128, EXTERNREF, FUNCREF)


def test_args_to_wasm_converts_every_type(func_class):
    f = func_class()
    convert = args_to_wasm(ALL)
    assert convert((-1, -1, 0.1, 2, -1, "x", f)) == (
        0xFFFFFFFF, 2**64 - 1, 0.10000000149011612, 2.0, 2**128 - 1, "x", f)
    assert convert((Val.i32(1), Val.i64(2), Val.f32(3.0), Val.f64(4.0), Val.v128(5),
                    Val.externref(None), Val.funcref(None))) == (1, 2, 3.0, 4.0, 5, None, None)


def test_args_to_wasm_is_cached_per_signature():
    assert args_to_wasm([I32, F64]) is args_to_wasm((I32, F64))
    assert args_to_wasm([ValType.i32(), ValType.f64()]) is args_to_wasm([I32, F64])
    assert args_to_wasm([I32]) is not args_to_wasm([I64])


@pytest.mark.parametrize("types, args, message", [
    ((I32, I32), (1,), "too few parameters provided: given 1, expected 2"),
    ((I32,), (1, 2, 3), "too many parameters provided: given 3, expected 1"),
    ((), (1,), "too many parameters provided: given 1, expected 0"),
])
def test_args_to_wasm_checks_the_count_like_wasmtime(types, args, message):
    with pytest.raises(WasmError) as info:
        args_to_wasm(types)(args)
    assert str(info.value) == message


@pytest.mark.parametrize("types, args, error, where", [
    ((I32, I32), (1, 1.5), TypeError, "parameter 1"),
    ((F64, I64), (1.5, 2**64), WasmError, "parameter 1"),
    ((F32,), ("x",), TypeError, "parameter 0"),
    ((FUNCREF,), (5,), TypeError, "parameter 0"),
    ((EXTERNREF,), (Val.i32(1),), TypeError, "parameter 0"),
    ((I32,), (Val.i64(1),), TypeError, "parameter 0"),
])
def test_args_to_wasm_names_the_bad_parameter(types, args, error, where):
    with pytest.raises(error, match=where):
        args_to_wasm(types)(args)


def test_args_to_wasm_without_parameters():
    assert args_to_wasm(())(()) == ()


def test_results_from_wasm_shapes():
    assert results_from_wasm(())(None) is None
    assert results_from_wasm((I32,))(0xFFFFFFFF) == -1
    assert results_from_wasm((F32, I64))((1.5, 2**64 - 1)) == [1.5, -1]
    assert results_from_wasm((EXTERNREF, FUNCREF))(("x", None)) == ["x", None]


def test_funcref_hook_maps_both_ways():
    class Inner:
        def __init__(self, outer):
            self.outer = outer
    saved = values._func_class, values._funcref_to_wasm, values._funcref_from_wasm
    try:
        register_funcref(FakeFunc, to_wasm=Inner, from_wasm=lambda inner: inner.outer)
        f = FakeFunc()
        (internal,) = args_to_wasm((FUNCREF,))((f,))
        assert isinstance(internal, Inner) and internal.outer is f
        assert results_from_wasm((FUNCREF, I32))((internal, 1)) == [f, 1]
        assert args_from_wasm((FUNCREF,))((internal,)) == (f,)
        assert results_to_wasm((FUNCREF,))(None) is None
    finally:
        values._func_class, values._funcref_to_wasm, values._funcref_from_wasm = saved


def test_args_from_wasm():
    assert args_from_wasm((I32, I64, F32))((0xFFFFFFFF, 1, 0.5)) == (-1, 1, 0.5)
    identity = args_from_wasm((F32, F64, EXTERNREF))
    args = (0.5, 1.5, "x")
    assert identity(args) is args


def test_results_to_wasm_shapes():
    assert results_to_wasm(())(None) is None
    assert results_to_wasm((I32,))(-1) == 0xFFFFFFFF
    assert results_to_wasm((I32, F32))([-1, 0.1]) == (0xFFFFFFFF, 0.10000000149011612)
    assert results_to_wasm((I32, I32))(iter((1, 2))) == (1, 2)


@pytest.mark.parametrize("types, returned, error, match", [
    ((), 5, WasmError, "callback produced results when it shouldn't"),
    ((I32, I32), 5, WasmError, "callback produced wrong number of results"),
    ((I32, I32), (1,), WasmError, "wrong number of results: expected 2, got 1 values"),
    ((I32, I32), (1, 2, 3), WasmError, "wrong number of results"),
    ((I32, I32), (1, "2"), TypeError, "result 1"),
    ((I32, I32), iter((1, "2")), TypeError, "result 1"),
    ((I32,), "2", TypeError, "i32"),
    ((I32,), 2**32, WasmError, "out of range"),
])
def test_results_to_wasm_errors(types, returned, error, match):
    with pytest.raises(error, match=match):
        results_to_wasm(types)(returned)


# --- agreement with wasmtime-py through a real call ----------------------------------------

@pytest.fixture(scope="module")
def identities(wt):
    store = wt.Store()
    module = wt.Module(store.engine, """(module
        (func (export "i32") (param i32) (result i32) local.get 0)
        (func (export "i64") (param i64) (result i64) local.get 0)
        (func (export "f32") (param f32) (result f32) local.get 0)
        (func (export "f64") (param f64) (result f64) local.get 0)
        (func (export "externref") (param externref) (result externref) local.get 0)
        (func (export "pair") (param i32 f64) (result f64 i32) local.get 1 local.get 0))""")
    exports = wt.Instance(store, module, []).exports(store)
    return lambda name, *args: exports[name](store, *args)


def ours(types, results, *args):
    return results_from_wasm(results)(tuple_or_single(args_to_wasm(types)(args), len(results)))


def tuple_or_single(values_, count):
    return values_[0] if count == 1 else values_


@pytest.mark.parametrize("name, value", [
    ("i32", 0), ("i32", -1), ("i32", 2**31), ("i32", 2**32 - 1), ("i32", -2**31), ("i32", True),
    ("i64", 2**63), ("i64", -5), ("i64", 2**64 - 1),
    ("f32", 0.1), ("f32", 1e300), ("f32", -3.4028236e38), ("f32", 1.5),
    ("f64", 0.1), ("f64", -0.0), ("f64", 1e308),
    ("externref", None), ("externref", "text"),
])
def test_identity_calls_agree_with_wasmtime(identities, name, value):
    kind = {"i32": I32, "i64": I64, "f32": F32, "f64": F64, "externref": EXTERNREF}[name]
    assert ours((kind,), (kind,), value) == identities(name, value)


def test_multi_value_call_agrees_with_wasmtime(identities):
    a, b = args_to_wasm((I32, F64))((2**32 - 1, 2.5))
    assert results_from_wasm((F64, I32))((b, a)) == identities("pair", 2**32 - 1, 2.5)


@pytest.mark.parametrize("name, value", [("i32", 1.0), ("i32", None), ("i32", "1"),
                                         ("i64", 2.5), ("f32", "x"), ("f64", None)])
def test_wrong_argument_types_raise_type_error_like_wasmtime(identities, name, value):
    kind = {"i32": I32, "i64": I64, "f32": F32, "f64": F64}[name]
    with pytest.raises(TypeError):
        identities(name, value)
    with pytest.raises(TypeError):
        args_to_wasm((kind,))((value,))


def test_argument_count_errors_match_wasmtime(identities, wt):
    for args in [(), (1, 2)]:
        with pytest.raises(wt.WasmtimeError) as theirs:
            identities("i32", *args)
        with pytest.raises(WasmError) as mine:
            args_to_wasm((I32,))(args)
        assert str(mine.value) == str(theirs.value)


def test_ints_for_floats_are_accepted_unlike_wasmtime(identities):
    # A deliberate leniency: wasmtime-py raises TypeError for an int argument of a float parameter.
    with pytest.raises(TypeError):
        identities("f64", 1)
    assert ours((F64,), (F64,), 1) == 1.0
