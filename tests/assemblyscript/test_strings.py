"""Strings and ArrayBuffers across the boundary, on both tiers."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wasmic import Trap, WasmError


@pytest.mark.parametrize("text", ["", "world", "héllo wörld", "😀 astral", "x" * 5000])
def test_string_round_trip(values, text):
    assert values.greet(text) == f"Hello, {text}!"
    assert values.stringLength(text) == len(text.encode("utf-16-le")) // 2


def test_astral_characters_are_two_code_units(values):
    assert values.codeUnitAt("😀", 0) == 0xD83D
    assert values.codeUnitAt("😀", 1) == 0xDE00


def test_lone_surrogates_are_kept_both_ways(values):
    assert values.loneSurrogate() == "\ud800x"
    assert values.stringLength("\udc00") == 1
    assert values.greet("\ud800") == "Hello, \ud800!"


def test_nullable_strings(values):
    assert values.maybeName(True) == "someone"
    assert values.maybeName(False) is None
    assert values.isNull(None) is True
    assert values.isNull("") is False


def test_non_nullable_string_rejects_none_and_other_types(values):
    with pytest.raises(TypeError, match="greet.*name.*None"):
        values.greet(None)
    with pytest.raises(TypeError, match="greet.*name.*expected a str"):
        values.greet(42)


def test_array_buffer_round_trip(values):
    assert values.reverseBytes(b"abc") == b"cba"
    assert values.reverseBytes(bytearray(b"\x00\xff")) == b"\xff\x00"
    assert values.reverseBytes(memoryview(b"xyz")) == b"zyx"
    assert values.reverseBytes(b"") == b""
    with pytest.raises(TypeError, match="bytes-like"):
        values.reverseBytes("text")


def test_string_helpers(values):
    ptr = values.pin(values.new_string("pinned"))
    try:
        assert values.get_string(ptr) == "pinned"
        assert values.stringLength.func(values.store, ptr) == 6
    finally:
        values.unpin(ptr)
    assert values.get_string(0) is None
    buffer = values.new_array_buffer(b"\x01\x02")
    assert values.get_array_buffer(buffer) == b"\x01\x02"
    with pytest.raises(WasmError, match="not a string"):
        values.get_string(buffer)
    with pytest.raises(TypeError, match="pointer"):
        values.get_string("text")


def test_string_constant_global(values):
    assert values.GREETING == "hi there"


TEXTS = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF,
                                       blacklist_categories=()), max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.none() | TEXTS, max_size=12))
def test_any_strings_cross_both_ways_unchanged(values, texts):
    """Every code point (lone surrogates included), alone and in arrays."""
    for text in texts:
        if text is not None:
            assert values.greet(text) == f"Hello, {text}!"
    assert values.joinWords(texts) == ",".join("<null>" if t is None else t for t in texts)
    present = [t for t in texts if t is not None]
    assert values.staticNames(present) == present[::-1]


def test_an_allocator_giving_addresses_past_the_memory_is_an_error(values):
    """A broken (or hostile) __new: a WasmError naming it, on every codec path."""
    heap = values._heap
    past_the_end = values.memory.data_len(values.store) + 64
    heap.boundary = None  # the Python codecs (the accelerator has its own test)
    heap._new = heap.alloc = lambda *args: past_the_end
    with pytest.raises(WasmError, match=r"allocator \(__new\) gave an object"):
        values.new_string("text")
    with pytest.raises((WasmError, Trap)):  # the runtime's __pin may trap on it first
        values.new_array("Array<String>", ["a", "b"])
    with pytest.raises(WasmError, match=r"allocator \(__new\) gave an object"):
        values.new_array_buffer(b"bytes")
