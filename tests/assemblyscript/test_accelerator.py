"""The C accelerator of the codecs: used on the native tier, byte for byte
what the Python codecs write, and safe with bad arguments.  (Every other
test of this folder also runs on the native tier with and without it.)"""

from array import array

import pytest
from as_fixtures import load_fixture
from hypothesis import given, settings
from hypothesis import strategies as st

from wasmic import WasmError
from wasmic.assemblyscript import arrays, strings

NUMBER_RANGES = {"b": (-2**7, 2**7 - 1), "B": (0, 2**8 - 1), "h": (-2**15, 2**15 - 1),
                 "H": (0, 2**16 - 1), "i": (-2**31, 2**31 - 1), "I": (0, 2**32 - 1),
                 "q": (-2**63, 2**63 - 1), "Q": (0, 2**64 - 1)}


@pytest.fixture(scope="module")
def native():
    """values.ts on the native tier, one instance for the module's examples."""
    return load_fixture("native", "values")


def payload(instance, ptr: int, size: int) -> bytes:
    return bytes(instance._heap.refresh()[ptr:ptr + size])


def test_the_tiers_pick_their_codecs(tier, values):
    boundary = values._heap.boundary
    if tier == "python":
        assert boundary is None
    else:  # the folder's fixture turns it off for the "python-codecs" run
        assert boundary is None or type(boundary).__name__ == "Boundary"


def test_the_native_tier_uses_the_accelerator(native):
    assert type(native._heap.boundary).__name__ == "Boundary"
    assert native.greet.__globals__["new_string"] == native._heap.boundary.string


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF,
                                      blacklist_categories=())))
def test_strings_are_written_and_read_as_the_python_codecs_do(native, text):
    boundary = native._heap.boundary
    encoded = strings.encode(text)
    ptr = boundary.string(text)
    assert payload(native, ptr - 4, 4) == len(encoded).to_bytes(4, "little")
    assert payload(native, ptr, len(encoded)) == encoded
    assert boundary.string_at(ptr) == strings.lift_string(native._heap.refresh(), ptr) == text


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(NUMBER_RANGES)).flatmap(
    lambda code: st.tuples(st.just(code), st.lists(st.integers(*NUMBER_RANGES[code])))))
def test_integers_are_stored_as_array_array_stores_them(native, case):
    code, values = case
    boundary = native._heap.boundary
    ptr = boundary.numbers(values, code, 1, 0)  # a StaticArray-like object
    expected = array(arrays.array_code(code), values).tobytes()
    assert payload(native, ptr, len(expected)) == expected
    assert boundary.numbers_at(ptr, code, True) == values
    assert boundary.numbers_at(boundary.numbers(values, code, 1, 16), code, False) == values


@settings(max_examples=100, deadline=None)
@given(st.sampled_from("fd"), st.lists(st.floats(allow_nan=False) | st.integers(-2**53, 2**53)))
def test_floats_are_stored_as_array_array_stores_them(native, code, values):
    ptr = native._heap.boundary.numbers(values, code, 1, 0)
    expected = array(code, values)
    assert payload(native, ptr, len(expected) * expected.itemsize) == expected.tobytes()
    assert native._heap.boundary.numbers_at(ptr, code, True) == expected.tolist()


def test_booleans_are_read_as_bools(native):
    ptr = native._heap.boundary.buffer(b"\x01\x00\x02", 1)
    assert native._heap.boundary.numbers_at(ptr, "?", True) == [True, False, True]


@pytest.mark.parametrize("code, values", [
    ("i", [2**31]), ("I", [-1]), ("B", [256]), ("q", [2**63]), ("Q", [2**64]),
    ("i", [1.5]), ("i", [True]), ("d", ["x"]), ("d", [2**2000]), ("h", [None]),
])
def test_anything_but_plain_numbers_is_left_to_the_python_codecs(native, code, values):
    assert native._heap.boundary.numbers(values, code, 1, 0) is NotImplemented
    assert native._heap.boundary.numbers(tuple(values), code, 1, 0) is NotImplemented


def test_iterables_other_than_lists_and_tuples_are_left_to_the_python_codecs(native):
    assert native._heap.boundary.numbers(range(3), "i", 1, 0) is NotImplemented
    assert native.sumArray(range(4)) == 6  # the Python codecs then take them


def test_views_and_arrays_point_at_their_buffer(native):
    boundary, heap = native._heap.boundary, native._heap
    header = boundary.numbers([1, 2, 3], "i", 1, 16)  # the Array layout, class id aside
    buffer, start, capacity, length = arrays._ARRAY.unpack_from(heap.refresh(), header)
    assert (buffer, start, capacity, length) == (buffer, buffer, 12, 3)
    assert payload(native, buffer, 12) == array("i", [1, 2, 3]).tobytes()
    header = boundary.view(b"\x01\x02", 1, 12, 0)
    buffer, start, length = arrays._VIEW.unpack_from(heap.refresh(), header)
    assert start == buffer and length == 2 and payload(native, buffer, 2) == b"\x01\x02"


def test_string_arrays_reject_bad_elements_and_stay_usable(native):
    boundary = native._heap.boundary
    with pytest.raises(TypeError, match="expected a str element, got int"):
        boundary.string_array(["a", 5], 1, 16, False)
    with pytest.raises(TypeError, match="must not be None"):
        boundary.string_array(["a", None], 1, 16, False)
    with pytest.raises(TypeError, match="sequence of str"):
        boundary.string_array("abc", 1, 16, False)
    native.collect()  # the half-built arrays were unpinned: collectable, no abort
    assert native.joinWords(["x", None, "y"]) == "x,<null>,y"


@pytest.mark.parametrize("call, error", [
    (lambda b: b.string(b"bytes"), TypeError),
    (lambda b: b.buffer(b"x"), TypeError),
    (lambda b: b.buffer(b"x", -1), OverflowError),
    (lambda b: b.buffer("text", 1), TypeError),
    (lambda b: b.view(b"x", 1, 13, 0), ValueError),
    (lambda b: b.view(b"x", 1, 0, 0), ValueError),
    (lambda b: b.numbers([1], "z", 1, 0), ValueError),
    (lambda b: b.numbers([1], "i", 1, 2**32), OverflowError),
    (lambda b: b.numbers_at(16, "x", True), ValueError),
    (lambda b: b.numbers_at(3, "i", True), IndexError),
    (lambda b: b.numbers_at(0xFFFFFFF8, "i", False), IndexError),
    (lambda b: b.string_at(2**32), OverflowError),
    (lambda b: b.string_at(3), IndexError),
    (lambda b: b.string_at(0xFFFFFFF0), IndexError),
    (lambda b: b.strings_at(0xFFFFFFF0, 8), IndexError),
])
def test_bad_arguments_raise(native, call, error):
    with pytest.raises(error):
        call(native._heap.boundary)


def test_a_boundary_needs_a_buffer(native):
    boundary_type = type(native._heap.boundary)
    with pytest.raises(TypeError, match="buffer protocol"):
        boundary_type(native.store, None, None, None, object())
    with pytest.raises(RuntimeError, match="before __init__"):
        boundary_type.__new__(boundary_type).string("x")


def test_an_allocator_giving_addresses_past_the_memory_is_an_error(native):
    heap = native._heap
    boundary = type(heap.boundary)(native.store, lambda store, size, class_id: 0x7FFFFFF0,
                                   heap._pin, heap._unpin, native.memory._native)
    with pytest.raises(WasmError, match=r"allocator \(__new\) gave an object.*past the end"):
        boundary.string("text")
    with pytest.raises(WasmError, match="past the end"):
        boundary.numbers([1, 2], "i", 1, 0)


def test_errors_of_the_allocator_reach_the_caller(native):
    def failing(store, size, class_id):
        raise MemoryError("no room")

    heap = native._heap
    boundary = type(heap.boundary)(native.store, failing, heap._pin, heap._unpin,
                                   native.memory._native)
    with pytest.raises(MemoryError, match="no room"):
        boundary.string_array(["a"], 1, 16, False)


def test_without_the_extension_the_python_codecs_work(monkeypatch):
    from wasmic.assemblyscript import accelerator

    def cannot_build(cache):
        raise WasmError("no C compiler here")

    monkeypatch.setattr(accelerator, "_loaded", [])
    monkeypatch.setattr(accelerator, "_build_and_load", cannot_build)
    instance = load_fixture("native", "values")
    assert instance._heap.boundary is None and accelerator._loaded == [None]
    assert instance.greet("fallback") == "Hello, fallback!"
    assert instance.squareInt32([3]).tolist() == [9]
