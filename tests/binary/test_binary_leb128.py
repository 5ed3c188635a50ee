"""LEB128 reading and writing: limits, malformations, and the fast paths."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wasmic.binary.leb128 import (read_s32, read_signed, read_u32, read_unsigned, write_signed,
                                  write_unsigned)
from wasmic.errors import DecodeError


@pytest.mark.parametrize("data, bits, value, length", [
    (b"\x00", 32, 0, 1),
    (b"\x7f", 32, 127, 1),
    (b"\x80\x01", 32, 128, 2),
    (b"\x80\x00", 32, 0, 2),  # not minimal, but allowed while within the byte limit
    (b"\xff\xff\xff\xff\x0f", 32, 0xFFFFFFFF, 5),
    (b"\x80\x80\x80\x80\x00", 32, 0, 5),
    (b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 64, 2**64 - 1, 10),
    (b"\x01", 1, 1, 1),
    (b"\x7f\xff", 7, 127, 1),  # stops at the first byte without continuation
])
def test_read_unsigned(data, bits, value, length):
    assert read_unsigned(data, 0, bits) == (value, length)


@pytest.mark.parametrize("data, bits, value, length", [
    (b"\x00", 32, 0, 1),
    (b"\x7f", 32, -1, 1),
    (b"\x3f", 32, 63, 1),
    (b"\x40", 32, -64, 1),
    (b"\xc0\x00", 32, 64, 2),
    (b"\x80\x7f", 32, -128, 2),
    (b"\xff\xff\xff\xff\x07", 32, 2**31 - 1, 5),
    (b"\x80\x80\x80\x80\x78", 32, -2**31, 5),
    (b"\xff\xff\xff\xff\x7f", 32, -1, 5),
    (b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\x00", 64, 2**63 - 1, 10),
    (b"\x80\x80\x80\x80\x80\x80\x80\x80\x80\x7f", 64, -2**63, 10),
    (b"\xff\xff\xff\xff\x0f", 33, 2**32 - 1, 5),
    (b"\x80\x80\x80\x80\x70", 33, -2**32, 5),
])
def test_read_signed(data, bits, value, length):
    assert read_signed(data, 0, bits) == (value, length)


@pytest.mark.parametrize("reader, data, bits, reason", [
    (read_unsigned, b"\x80\x80\x80\x80\x80\x00", 32, "integer representation too long"),
    (read_unsigned, b"\x81\x00", 1, "integer representation too long"),
    (read_unsigned, b"\x82", 1, "integer too large"),
    (read_unsigned, b"\xff\xff\xff\xff\x1f", 32, "integer too large"),
    (read_unsigned, b"\x80\x80\x80\x80\x10", 32, "integer too large"),
    (read_unsigned, b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\x02", 64, "integer too large"),
    (read_unsigned, b"\x80", 32, "unexpected end"),
    (read_unsigned, b"", 32, "unexpected end"),
    (read_signed, b"\x80\x80\x80\x80\x80\x00", 32, "integer representation too long"),
    (read_signed, b"\xff\xff\xff\xff\x0f", 32, "integer too large"),  # positive, sign bits 0 1
    (read_signed, b"\x80\x80\x80\x80\x70", 32, "integer too large"),  # negative, sign bits 1 0
    (read_signed, b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 64, "integer too large"),
    (read_signed, b"\x80\x80\x80\x80\x80\x80\x80\x80\x80\x7e", 64, "integer too large"),
    (read_signed, b"\xff\xff\xff\xff\x1f", 33, "integer too large"),
    (read_signed, b"\xff\xff", 32, "unexpected end"),
])
def test_malformed(reader, data, bits, reason):
    with pytest.raises(DecodeError, match=reason):
        reader(data, 0, bits)


def test_malformed_error_names_the_offset():
    with pytest.raises(DecodeError) as info:
        read_unsigned(b"\x00\x00\xff\xff\xff\xff\x1f", 2, 32)
    assert info.value.offset == 6


@pytest.mark.parametrize("value, encoded", [
    (0, b"\x00"), (127, b"\x7f"), (128, b"\x80\x01"), (624485, b"\xe5\x8e\x26"),
    (2**32 - 1, b"\xff\xff\xff\xff\x0f"),
])
def test_write_unsigned_is_minimal(value, encoded):
    assert write_unsigned(value) == encoded


@pytest.mark.parametrize("value, encoded", [
    (0, b"\x00"), (-1, b"\x7f"), (63, b"\x3f"), (64, b"\xc0\x00"), (-64, b"\x40"),
    (-65, b"\xbf\x7f"), (-123456, b"\xc0\xbb\x78"), (-2**31, b"\x80\x80\x80\x80\x78"),
])
def test_write_signed_is_minimal(value, encoded):
    assert write_signed(value) == encoded


def test_write_unsigned_rejects_negative():
    with pytest.raises(ValueError):
        write_unsigned(-1)


@given(st.integers(0, 2**64 - 1))
def test_unsigned_round_trip(value):
    encoded = write_unsigned(value)
    assert read_unsigned(encoded, 0, 64) == (value, len(encoded))


@given(st.integers(-2**63, 2**63 - 1))
def test_signed_round_trip(value):
    encoded = write_signed(value)
    assert read_signed(encoded, 0, 64) == (value, len(encoded))


def outcome(reader, *args):
    try:
        return reader(*args)
    except DecodeError as e:
        return e.reason, e.offset


@given(st.binary(min_size=0, max_size=7))
def test_unrolled_u32_agrees_with_the_general_reader(data):
    assert outcome(read_u32, data, 0) == outcome(read_unsigned, data, 0, 32)


@given(st.binary(min_size=0, max_size=7))
def test_unrolled_s32_agrees_with_the_general_reader(data):
    assert outcome(read_s32, data, 0) == outcome(read_signed, data, 0, 32)


@given(st.lists(st.sampled_from([0x00, 0x01, 0x07, 0x08, 0x0f, 0x10, 0x3f, 0x40, 0x70, 0x77,
                                 0x78, 0x7f, 0x80, 0x81, 0xff]), max_size=6))
def test_unrolled_readers_agree_on_edge_bytes(byte_list):
    data = bytes(byte_list)
    assert outcome(read_u32, data, 0) == outcome(read_unsigned, data, 0, 32)
    assert outcome(read_s32, data, 0) == outcome(read_signed, data, 0, 32)
