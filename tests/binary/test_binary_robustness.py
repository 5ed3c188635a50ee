"""Hostile input: a module using every section and instruction, mutated at
random, must decode to a module that round-trips or raise ``DecodeError``,
never anything else."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from wasmic.binary import decode_module, encode_module
from wasmic.errors import DecodeError
from wasmic.syntax import (EXTERNREF, FUNCREF, I32, I64, OPS, V128, CustomSection, Data, DataMode,
                           Elem, ElemMode, Export, ExternKind, Func, FuncType, Global, GlobalType,
                           Import, Limits, Memory, MemoryType, Module, Op, Table, TableType)

END = (Op.END,)
CANNED = {  # one example of each immediate kind
    "none": (), "label": (0,), "func": (1,), "local": (0,), "global": (0,), "table": (0,),
    "data": (0,), "elem": (0,), "mem": (0,), "br_table": ((0, 0), 0), "call_indirect": (0, 0),
    "table.init": (0, 0), "table.copy": (0, 0), "memory.init": (0, 0), "memory.copy": (0, 0),
    "select_t": ((I32,),), "reftype": (FUNCREF,), "memarg": (2, 300, 0), "lane": (1,),
    "memarg_lane": (0, 0, 0, 1), "i32": (2**31,), "i64": (2**63 + 5,), "f32": (0x7FC00001,),
    "f64": (0x7FF8000000000001,), "v128": (2**127 + 3,), "shuffle": (bytes(range(16)),),
    "blocktype": (None,),
}


def every_instruction() -> list:
    body = []
    for code, info in OPS.items():
        if code in (Op.ELSE, Op.END):
            continue
        body.append((code, *CANNED[info.imm]))
        if info.imm == "blocktype":
            body += ([(Op.NOP,), (Op.ELSE,)] if code == Op.IF else []) + [END]
    return body + [END]


def rich_module() -> Module:
    offset = [(Op.I32_CONST, 0), END]
    return Module(
        types=[FuncType(), FuncType((I32, I64), (V128,))],
        imports=[Import("env", "f", ExternKind.FUNC, 1),
                 Import("env", "t", ExternKind.TABLE, TableType(Limits(1, 2), EXTERNREF)),
                 Import("env", "m", ExternKind.MEMORY, MemoryType(Limits(1))),
                 Import("env", "g", ExternKind.GLOBAL, GlobalType(I32, True))],
        funcs=[Func(0, (I32, I32, V128), every_instruction())],
        tables=[Table(TableType(Limits(3), FUNCREF))],
        mems=[Memory(MemoryType(Limits(0, 1)))],
        globals=[Global(GlobalType(I64), [(Op.I64_CONST, 7), END])],
        exports=[Export("run", ExternKind.FUNC, 1), Export("mem", ExternKind.MEMORY, 0)],
        start=1,
        elems=[Elem(FUNCREF, [[(Op.REF_FUNC, 1), END]], ElemMode("active", 1, offset)),
               Elem(FUNCREF, [[(Op.REF_NULL, FUNCREF), END]], ElemMode("passive")),
               Elem(FUNCREF, [], ElemMode("declarative"))],
        datas=[Data(b"hello", DataMode("active", 0, offset)), Data(b"", DataMode("passive"))],
        data_count=2,
        customs=[CustomSection("first", b"\x01", 0),
                 CustomSection("name", b"\x01\x04\x01\x01\x01f", 11)],
    )


SEED = encode_module(rich_module())

mutations = st.lists(st.tuples(st.sampled_from(["set", "insert", "delete", "truncate"]),
                               st.integers(8, len(SEED) - 1), st.integers(0, 255)),
                     min_size=1, max_size=3)


def test_seed_round_trips():
    m = decode_module(SEED)
    assert m == rich_module()
    assert encode_module(m) == SEED
    assert m.names.funcs == {1: "f"}


@settings(max_examples=400, deadline=None)
@given(mutations)
def test_mutated_module_is_decoded_or_rejected(changes):
    data = bytearray(SEED)
    for kind, index, byte in changes:
        index = min(index, len(data))
        if kind == "set" and index < len(data):
            data[index] = byte
        elif kind == "insert":
            data.insert(index, byte)
        elif kind == "delete":
            del data[index:index + 1]
        else:
            del data[index:]
    try:
        m = decode_module(bytes(data))
    except DecodeError as e:
        assert e.reason and e.offset is not None
        return
    assert decode_module(encode_module(m)) == m
