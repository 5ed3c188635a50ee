"""Typed arrays, Array<T> and StaticArray<T> (copies and views), on both tiers."""

from array import array

import numpy
import pytest
from as_fixtures import load_fixture

from wasmic import WasmError


def test_every_typed_array_lifts_and_lowers(values):
    assert values.sumInt8([1, -2, 127]) == 126
    assert values.doubleUint8(b"\x01\x7f") == array("B", [2, 254])
    assert values.clampedFrom([-5, 100, 300]).tolist() == [0, 100, 255]
    assert values.negateInt16([1, -32767]).tolist() == [-1, 32767]
    assert values.incrementUint16([0, 65534]).tolist() == [1, 65535]
    assert values.squareInt32([3, -4]).tolist() == [9, 16]
    assert values.shiftUint32([0x80000001, 3]).tolist() == [2, 6]
    assert values.negateInt64([2**40, -(2**62)]).tolist() == [-(2**40), 2**62]
    assert values.maxUint64([1, 2**64 - 1, 7]) == 2**64 - 1
    assert values.halveFloat32([1.0, -3.0]).tolist() == [0.5, -1.5]
    assert values.scaleFloat64([1.5, 2.0], 2.0).tolist() == [3.0, 4.0]


def test_typed_arrays_are_array_array_copies(values):
    result = values.squareInt32([1, 2, 3])
    assert isinstance(result, array) and result.typecode in "il"
    assert numpy.frombuffer(result, dtype=numpy.int32).tolist() == [1, 4, 9]


def test_lowering_from_buffers(values):
    assert values.squareInt32(numpy.array([2, 3], dtype=numpy.int32)).tolist() == [4, 9]
    assert values.scaleFloat64(array("d", [0.25]), 4.0).tolist() == [1.0]
    assert values.halveFloat32(numpy.array([4.0], dtype=numpy.float32)).tolist() == [2.0]
    assert values.sumInt8(bytes([1, 2, 255])) == 2  # bytes reinterpret as int8
    assert values.squareInt32(range(4)).tolist() == [0, 1, 4, 9]
    assert values.squareInt32(x for x in (5,)).tolist() == [25]


def test_subarray_view_starts_past_its_buffer(values):
    assert values.middleOf([1, 2, 3, 4, 5]).tolist() == [2, 3, 4]


def test_typed_array_element_errors(values):
    with pytest.raises(TypeError, match="squareInt32.*values.*Int32Array"):
        values.squareInt32([2**31])
    with pytest.raises(TypeError, match="Int32Array"):
        values.squareInt32(["a"])
    with pytest.raises(TypeError, match="sequence"):
        values.squareInt32(3)
    with pytest.raises(TypeError, match="must not be None"):
        values.squareInt32(None)


def test_array_view_is_zero_copy(values):
    raw = values.keepFloats.raw(4)
    view = values.get_array_view(raw)
    assert view.format == "d" and view.tolist() == [0.0, 1.0, 2.0, 3.0]
    view[3] = 100.0
    view.release()
    assert values.keptSum() == 103.0
    assert values.get_array(raw) == [0.0, 1.0, 2.0, 100.0]


def test_array_of_numbers(values):
    assert values.range(5) == [0, 1, 2, 3, 4]
    assert values.range(0) == []
    assert values.sumArray([1.5, 2.5, 3]) == 7.0
    assert values.flags(3) == [True, False, True]


def test_array_of_strings_and_nullable_elements(values):
    assert values.upperAll(["ab", "ç", ""]) == ["AB", "Ç", ""]
    assert values.upperAll(["😀a", "b\ud800"]) == ["😀A", "B\ud800"]  # astral, lone surrogate
    assert values.upperAll(("x" for _ in range(3))) == ["X", "X", "X"]
    assert values.joinWords(["a", None, "b"]) == "a,<null>,b"
    with pytest.raises(TypeError, match="must not be None"):
        values.upperAll(["a", None])


def test_nested_arrays(values):
    assert values.transpose([[1, 2], [3, 4], [5, 6]]) == [[1, 3, 5], [2, 4, 6]]
    assert values.transpose([]) == []


def test_many_managed_elements_survive_collection(values):
    words = [f"word{i}" * 20 for i in range(300)]
    assert values.upperAll(words) == [word.upper() for word in words]


def test_static_arrays(values):
    assert values.staticSquares(4) == [0, 1, 4, 9]
    assert values.staticSum([1.5, 2.5]) == 4.0
    assert values.staticNames(["x", "y", "z"]) == ["z", "y", "x"]


def test_array_helpers_by_id_and_by_name(values):
    ptr = values.pin(values.new_array(values.Int32Array_ID, [3, 4]))
    try:
        assert values.get_array(ptr) == [3, 4]
        assert values.squareInt32.func(values.store, ptr) != 0
    finally:
        values.unpin(ptr)
    ptr = values.new_array(values.ArrayI32_ID, [7, 8, 9])
    assert values.get_array(ptr) == [7, 8, 9]
    ptr = values.new_array(values.StaticArrayI32_ID, [5])
    assert values.get_array(ptr) == [5]
    ptr = values.new_array("Array<String>", ["p", "q"])
    assert values.get_array(ptr, "Array<String>") == ["p", "q"]
    assert len(values.get_array(ptr)) == 2  # pointers, without a type


def test_array_helper_errors(values):
    with pytest.raises(WasmError, match="not an array"):
        values.get_array_view(values.new_string("s"))
    with pytest.raises(WasmError, match="not an array"):
        values.new_array("String", [])
    with pytest.raises(WasmError, match="not in the module's type table"):
        values.new_array(10_000, [1])


def test_results_past_the_memory_size_before_the_call(values):
    """The call grows the memory; the result lies past any view taken before."""
    before = values.memory.data_len(values.store)
    numbers = values.range(50_000)
    assert values.memory.data_len(values.store) > before
    assert numbers[:3] == [0, 1, 2] and numbers[-1] == 49_999 and len(numbers) == 50_000


def test_view_strategy_follows_the_tier(values, tier):
    """A kept view on the native tier (its memory never moves), fresh views on
    the Python tier (a live view would stop its bytearray from growing)."""
    assert values._heap.keeps_view is (tier == "native")


def test_clamped_and_boolean_elements_are_converted_not_copied(tier, values):
    """Elements the fast paths leave to the Python conversion, nullable or not."""
    ids = {"Uint8ClampedArray": values._heap.header(values.clampedFrom.raw([1]))[0],
           "Array<bool>": values._heap.header(values.flags.raw(1))[0]}
    values = load_fixture(tier, "values", type_ids=ids)
    clamped = values.new_array("Uint8ClampedArray", [-5, 100.4, 300])
    assert values.get_array(clamped) == [0, 100, 255]
    clamped = values.new_array("Uint8ClampedArray | null", [256, -1])
    assert values.get_array(clamped) == [255, 0]
    flags = values.new_array("Array<bool>", [1, 0, "yes"])
    assert values.get_array(flags, "Array<bool>") == [True, False, True]
