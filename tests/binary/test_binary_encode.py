"""Encoding: canonical output, and decode(encode(m)) == m for built modules."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wasmic.binary import decode_module, encode_module
from wasmic.syntax import (EXTERNREF, F64, FUNCREF, I32, I64, OPS, V128, CustomSection, Data,
                           DataMode, Elem, ElemMode, Func, FuncType, Module, Op, ValueType)
from wasm_bytes import HEADER, VOID_TYPE, code_entry, module, section, vec

END = (Op.END,)
OFFSET = [(Op.I32_CONST, 0), END]


def round_trip(m: Module) -> bytes:
    encoded = encode_module(m)
    assert decode_module(encoded) == m
    assert encode_module(decode_module(encoded)) == encoded
    return encoded


def one_func(body: list, locals_: tuple = ()) -> Module:
    return Module(types=[FuncType()], funcs=[Func(0, locals_, body)])


def test_empty_module_is_just_the_header():
    assert round_trip(Module()) == HEADER


def test_locals_are_run_length_merged():
    encoded = round_trip(one_func([END], (I32, I32, I64, I32)))
    assert encoded == module(section(1, vec([VOID_TYPE])), section(3, vec([b"\x00"])),
                             section(10, vec([code_entry(b"\x0b", b"\x03\x02\x7f\x01\x7e\x01\x7f")])))


def test_leb128s_are_minimal():
    body = [(Op.I32_CONST, 0xFFFFFFFF), (Op.DROP,), (Op.I64_CONST, 64), (Op.DROP,),
            (Op.I32_LOAD, 2, 128, 0), (Op.DROP,), END]
    encoded = round_trip(one_func(body))
    assert b"\x41\x7f\x1a\x42\xc0\x00\x1a\x28\x02\x80\x01\x1a\x0b" in encoded


def test_decoding_padded_leb128s_then_encoding_is_canonical():
    padded = module(section(1, b"\x81\x80\x80\x80\x00" + VOID_TYPE))
    assert encode_module(decode_module(padded)) == module(section(1, vec([VOID_TYPE])))


def elem_flags(elem: Elem) -> int:
    m = Module(tables=[], elems=[elem])
    encoded = round_trip(m)
    return encoded[encoded.index(b"\x09") + 3]  # id, size, count, then the flags


def ref_func(index: int) -> list:
    return [(Op.REF_FUNC, index), END]


@pytest.mark.parametrize("elem, flags", [
    (Elem(FUNCREF, [ref_func(0)], ElemMode("active", 0, OFFSET)), 0),
    (Elem(FUNCREF, [ref_func(0)], ElemMode("passive")), 1),
    (Elem(FUNCREF, [ref_func(0)], ElemMode("active", 1, OFFSET)), 2),
    (Elem(FUNCREF, [], ElemMode("declarative")), 3),
    (Elem(FUNCREF, [[(Op.REF_NULL, FUNCREF), END]], ElemMode("active", 0, OFFSET)), 4),
    (Elem(FUNCREF, [ref_func(0), [(Op.GLOBAL_GET, 0), END]], ElemMode("passive")), 5),
    (Elem(EXTERNREF, [], ElemMode("active", 0, OFFSET)), 6),
    (Elem(EXTERNREF, [[(Op.REF_NULL, EXTERNREF), END]], ElemMode("declarative")), 7),
])
def test_smallest_element_segment_form(elem, flags):
    assert elem_flags(elem) == flags


@pytest.mark.parametrize("mode, flags", [
    (DataMode("active", 0, OFFSET), 0), (DataMode("passive"), 1), (DataMode("active", 2, OFFSET), 2),
])
def test_smallest_data_segment_form(mode, flags):
    encoded = round_trip(Module(datas=[Data(b"xy", mode)]))
    assert encoded[encoded.index(b"\x0b", 8) + 3] == flags


@pytest.mark.parametrize("data_count, present", [(None, False), (0, True), (1, True)])
def test_data_count_section_iff_set(data_count, present):
    datas = [Data(b"", DataMode("passive"))] * (data_count or 0)
    encoded = round_trip(Module(datas=datas, data_count=data_count))
    assert (section(12, bytes((data_count or 0,))) in encoded) == present


def test_custom_sections_go_back_where_they_were():
    m = one_func([END])
    m.customs = [CustomSection("first", b"1", 0), CustomSection("after-type", b"", 1),
                 CustomSection("after-code", b"2", 10), CustomSection("last", b"", 11)]
    encoded = round_trip(m)
    positions = [encoded.index(c.name.encode()) for c in m.customs]
    assert positions == sorted(positions)
    assert encoded.index(b"first") < encoded.index(b"\x01\x04\x01\x60")


def test_empty_section_kept_when_a_custom_section_is_anchored_to_it():
    m = Module(customs=[CustomSection("x", b"", 2)])  # after the (empty) import section
    assert round_trip(m) == module(section(2, b"\x00"), section(0, b"\x01x"))


def test_nonzero_memory_index_uses_the_multi_memory_form():
    body = [(Op.I32_CONST, 0), (Op.I32_LOAD, 2, 0, 1), (Op.DROP,), END]
    assert b"\x28\x42\x01\x00" in encode_module(one_func(body))


# -- every instruction, with generated immediates ------------------------------

u32s = st.integers(0, 2**32 - 1)
value_types = st.sampled_from(list(ValueType))
IMMEDIATES = {
    "none": st.tuples(),
    "label": st.tuples(u32s), "func": st.tuples(u32s), "local": st.tuples(u32s),
    "global": st.tuples(u32s), "table": st.tuples(u32s), "data": st.tuples(u32s),
    "elem": st.tuples(u32s), "mem": st.just((0,)),
    "br_table": st.tuples(st.lists(u32s, max_size=4).map(tuple), u32s),
    "call_indirect": st.tuples(u32s, u32s), "table.init": st.tuples(u32s, u32s),
    "table.copy": st.tuples(u32s, u32s), "memory.init": st.tuples(u32s, st.just(0)),
    "memory.copy": st.just((0, 0)),
    "select_t": st.tuples(st.lists(value_types, max_size=3).map(tuple)),
    "reftype": st.tuples(st.sampled_from([FUNCREF, EXTERNREF])),
    "memarg": st.tuples(st.integers(0, 31), u32s, st.just(0)),
    "memarg_lane": st.tuples(st.integers(0, 31), u32s, st.just(0), st.integers(0, 255)),
    "lane": st.tuples(st.integers(0, 255)),
    "i32": st.tuples(u32s), "i64": st.tuples(st.integers(0, 2**64 - 1)),
    "f32": st.tuples(u32s), "f64": st.tuples(st.integers(0, 2**64 - 1)),
    "v128": st.tuples(st.integers(0, 2**128 - 1)),
    "shuffle": st.tuples(st.binary(min_size=16, max_size=16)),
    "blocktype": st.tuples(st.one_of(st.none(), value_types, u32s)),
}
STRUCTURED = {Op.BLOCK, Op.LOOP, Op.IF, Op.ELSE, Op.END}
plain_instrs = st.sampled_from(sorted(c for c in OPS if c not in STRUCTURED)).flatmap(
    lambda code: IMMEDIATES[OPS[code].imm].map(lambda imm: (code, *imm)))


@st.composite
def bodies(draw, depth: int = 0) -> list:
    """Instruction lists with well-nested blocks (the caller adds the final end)."""
    out = []
    for _ in range(draw(st.integers(0, 6))):
        if depth < 3 and draw(st.integers(0, 5)) == 0:
            op = draw(st.sampled_from([Op.BLOCK, Op.LOOP, Op.IF]))
            out.append((op, draw(IMMEDIATES["blocktype"])[0]))
            out += draw(bodies(depth + 1))
            if op == Op.IF and draw(st.booleans()):
                out += [(Op.ELSE,), *draw(bodies(depth + 1))]
            out.append(END)
        else:
            out.append(draw(plain_instrs))
    return out


@settings(max_examples=300, deadline=None)
@given(bodies(), st.lists(st.sampled_from([I32, I64, F64, V128, FUNCREF]), max_size=6))
def test_any_body_round_trips(body, locals_):
    m = one_func(body + [END], tuple(locals_))
    m.data_count = 0
    round_trip(m)


def test_every_op_is_covered_by_the_generators():
    assert {info.imm for info in OPS.values()} <= set(IMMEDIATES)
