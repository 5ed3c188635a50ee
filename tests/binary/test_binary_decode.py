"""Decoding: what a module decodes to, and each class of malformed binary."""

from __future__ import annotations

import time

import pytest

from wasmic.binary import decode_module
from wasmic.errors import DecodeError
from wasmic.syntax import (EXTERNREF, F32, FUNCREF, I32, I64, V128, CustomSection, ExternKind,
                           FuncType, GlobalType, Limits, Op)
from wasm_bytes import (HEADER, VOID_TYPE, code_entry, custom, func_module, module, name, section,
                        sleb, uleb, vec)


def malformed(data: bytes, reason: str) -> DecodeError:
    with pytest.raises(DecodeError) as info:
        decode_module(data)
    assert reason in str(info.value)
    return info.value


def body_of(data: bytes) -> list:
    return decode_module(data).funcs[0].body


def test_empty_module():
    m = decode_module(HEADER)
    assert m.types == [] and m.funcs == [] and m.customs == [] and m.data_count is None


def test_accepts_bytearray_and_memoryview():
    assert decode_module(bytearray(HEADER)) == decode_module(memoryview(HEADER))


@pytest.mark.parametrize("data, reason", [
    (b"", "unexpected end"), (b"\x00as", "unexpected end"), (b"\x00asm\x01\x00", "unexpected end"),
    (b"\x00ASM\x01\x00\x00\x00", "magic header not detected"),
    (b"\x00asm\x02\x00\x00\x00", "unknown binary version"),
])
def test_header(data, reason):
    malformed(data, reason)


def test_types_imports_and_exports():
    data = module(
        section(1, vec([b"\x60" + vec([b"\x7f", b"\x7e"]) + vec([b"\x7b"])])),
        section(2, vec([name("m") + name("f") + b"\x00\x00",
                        name("m") + name("t") + b"\x01\x6f\x01\x02\x03",
                        name("m") + name("mem") + b"\x02\x00\x01",
                        name("m") + name("g") + b"\x03\x7d\x01"])),
        section(7, vec([name("f") + b"\x00\x00", name("mem") + b"\x02\x00"])),
    )
    m = decode_module(data)
    assert m.types == [FuncType((I32, I64), (V128,))]
    assert [(i.module, i.name, i.kind) for i in m.imports] == [
        ("m", "f", ExternKind.FUNC), ("m", "t", ExternKind.TABLE), ("m", "mem", ExternKind.MEMORY),
        ("m", "g", ExternKind.GLOBAL)]
    assert m.imports[0].desc == 0
    assert m.imports[1].desc.elem == EXTERNREF and m.imports[1].desc.limits == Limits(2, 3)
    assert m.imports[2].desc.limits == Limits(1)
    assert m.imports[3].desc == GlobalType(F32, True)
    assert [(e.name, e.kind, e.index) for e in m.exports] == [
        ("f", ExternKind.FUNC, 0), ("mem", ExternKind.MEMORY, 0)]


def test_function_body_locals_and_offsets():
    body = b"\x20\x00\x41\x7f\x42\x80\x01\x6a\x0b"  # local.get 0; i32.const -1; i64.const 128; ...
    data = func_module(body, local_decls=vec([b"\x02\x7f", b"\x01\x7e"]))
    func = decode_module(data).funcs[0]
    assert func.type_index == 0
    assert func.locals == (I32, I32, I64)
    assert func.body == [(Op.LOCAL_GET, 0), (Op.I32_CONST, 0xFFFFFFFF), (Op.I64_CONST, 128),
                         (Op.I32_ADD,), (Op.END,)]
    start = data.index(body)
    assert list(func.offsets) == [start, start + 2, start + 4, start + 7, start + 8]


PADDED_ZERO = b"\x80\x80\x80\x80\x00"  # 0 as a five-byte LEB128, as linkers leave relocations


def test_offsets_follow_every_immediate_encoding():
    """Offsets count the real encoded length of each instruction: padded and
    multi-byte LEB128s, vectors, fixed-size floats, prefixed opcodes."""
    instrs = [
        b"\x20" + PADDED_ZERO, b"\x1a",                        # local.get 0 (padded); drop
        b"\x41" + sleb(-200), b"\x41" + PADDED_ZERO,            # i32.const, two and five bytes
        b"\x28\x02" + uleb(70000), b"\x1a",                     # i32.load offset=70000
        b"\x41\x00", b"\x28\x82\x00\x00", b"\x1a",             # i32.load with a padded align
        b"\x42" + sleb(2**40), b"\x1a", b"\x43" + bytes(4), b"\x1a",
        b"\x44" + bytes(8), b"\x1a",
        b"\x02" + sleb(0), b"\x41\x00", b"\x0e\x02\x00\x00\x00", b"\x0b",  # block (type 0) br_table
        b"\x41\x00", b"\x41\x00", b"\x41\x00", b"\x1c\x01\x7f", b"\x1a",  # select (result i32)
        b"\x41\x00", b"\x41\x00", b"\x41\x00", b"\xfc\x0b\x00",          # memory.fill
        b"\x10" + uleb(0), b"\x0b",
    ]
    data = func_module(b"".join(instrs), local_decls=vec([b"\x01\x7f"]), memory=True)
    func = decode_module(data).funcs[0]
    start = data.index(b"".join(instrs))
    expected = [start + sum(map(len, instrs[:i])) for i in range(len(instrs))]
    assert len(func.body) == len(instrs)
    assert list(func.offsets) == expected
    assert [func.offsets[i] for i in range(len(instrs))] == expected
    assert len(func.offsets) == len(instrs)


@pytest.mark.parametrize("immediate, value", [
    (sleb(-2**31), 2**31), (sleb(2**31 - 1), 2**31 - 1), (b"\x80\x80\x80\x80\x00", 0),
    (sleb(-129), 2**32 - 129), (sleb(300), 300),
])
def test_i32_const_is_the_unsigned_bit_pattern(immediate, value):
    assert body_of(func_module(b"\x41" + immediate + b"\x1a\x0b"))[0] == (Op.I32_CONST, value)


def test_i64_and_float_constants_keep_their_bits():
    nan_bits = 0x7FA00001
    body = (b"\x42" + sleb(-2**63) + b"\x1a" + b"\x43" + nan_bits.to_bytes(4, "little") + b"\x1a"
            + b"\x44" + (0xFFF8000000000001).to_bytes(8, "little") + b"\x1a\x0b")
    assert body_of(func_module(body))[:5:2] == [
        (Op.I64_CONST, 2**63), (Op.F32_CONST, nan_bits), (Op.F64_CONST, 0xFFF8000000000001)]


def test_block_types():
    body = (b"\x02\x40\x0b" + b"\x03\x7f\x41\x00\x0b\x1a" + b"\x02" + sleb(0) + b"\x0b"
            + b"\x41\x00\x04\x7b\xfd\x0c" + bytes(16) + b"\x05\xfd\x0c" + bytes(16) + b"\x0b\x1a\x0b")
    instrs = body_of(func_module(body))
    assert [i for i in instrs if i[0] in (Op.BLOCK, Op.LOOP, Op.IF)] == [
        (Op.BLOCK, None), (Op.LOOP, I32), (Op.BLOCK, 0), (Op.IF, V128)]


def test_multi_byte_type_index_block_type():
    assert body_of(func_module(b"\x02\x80\x00\x0b\x0b"))[0] == (Op.BLOCK, 0)


def test_other_immediates():
    body = (b"\x0e\x02\x00\x01\x02"  # br_table 0 1 2
            + b"\x11\x00\x01"  # call_indirect type 0 table 1
            + b"\x1c\x01\x7f"  # select (result i32)
            + b"\xd0\x6f"  # ref.null extern
            + b"\x28\x02\x10"  # i32.load align=4 offset=16
            + b"\x3f\x00\x40\x00"  # memory.size, memory.grow
            + b"\xfc\x0a\x00\x00\xfc\x0b\x00"  # memory.copy, memory.fill
            + b"\xfc\x0c\x01\x02\xfc\x0e\x03\x04\xfc\x0d\x05"  # table.init/copy, elem.drop
            + b"\xfd\x0d" + bytes(range(16))  # i8x16.shuffle
            + b"\xfd\x15\x03"  # i8x16.extract_lane_s 3
            + b"\xfd\x54\x00\x08\x01"  # v128.load8_lane offset=8 lane 1
            + b"\xfd\x80\x01"  # i16x8.abs: sub-opcode as a 2-byte u32
            + b"\xfc\x00\x0b")  # i32.trunc_sat_f32_s
    assert body_of(func_module(body)) == [
        (Op.BR_TABLE, (0, 1), 2), (Op.CALL_INDIRECT, 0, 1), (Op.SELECT_T, (I32,)),
        (Op.REF_NULL, EXTERNREF), (Op.I32_LOAD, 2, 16, 0), (Op.MEMORY_SIZE, 0),
        (Op.MEMORY_GROW, 0), (Op.MEMORY_COPY, 0, 0), (Op.MEMORY_FILL, 0), (Op.TABLE_INIT, 1, 2),
        (Op.TABLE_COPY, 3, 4), (Op.ELEM_DROP, 5), (Op.I8X16_SHUFFLE, bytes(range(16))),
        (Op.I8X16_EXTRACT_LANE_S, 3), (Op.V128_LOAD8_LANE, 0, 8, 0, 1), (Op.I16X8_ABS,),
        (Op.I32_TRUNC_SAT_F32_S,), (Op.END,)]


def test_v128_const_is_little_endian():
    value = int.from_bytes(bytes(range(1, 17)), "little")
    assert body_of(func_module(b"\xfd\x0c" + bytes(range(1, 17)) + b"\x1a\x0b"))[0] == (
        Op.V128_CONST, value)


def elem_module(*segments: bytes) -> bytes:
    return module(section(1, vec([VOID_TYPE])), section(3, vec([b"\x00"])),
                  section(4, vec([b"\x70\x00\x01", b"\x6f\x00\x01"])), section(9, vec(list(segments))),
                  section(10, vec([code_entry(b"\x0b")])))


OFFSET = b"\x41\x05\x0b"
REF_FUNC_0 = [(Op.REF_FUNC, 0), (Op.END,)]
REF_NULL = [(Op.REF_NULL, FUNCREF), (Op.END,)]


@pytest.mark.parametrize("segment, elem_type, init, mode, table", [
    (b"\x00" + OFFSET + vec([b"\x00"]), FUNCREF, [REF_FUNC_0], "active", 0),
    (b"\x01\x00" + vec([b"\x00"]), FUNCREF, [REF_FUNC_0], "passive", 0),
    (b"\x02\x01" + OFFSET + b"\x00" + vec([b"\x00"]), FUNCREF, [REF_FUNC_0], "active", 1),
    (b"\x03\x00" + vec([b"\x00"]), FUNCREF, [REF_FUNC_0], "declarative", 0),
    (b"\x04" + OFFSET + vec([b"\xd0\x70\x0b"]), FUNCREF, [REF_NULL], "active", 0),
    (b"\x05\x70" + vec([b"\xd2\x00\x0b"]), FUNCREF, [REF_FUNC_0], "passive", 0),
    (b"\x06\x01" + OFFSET + b"\x6f" + vec([b"\xd0\x6f\x0b"]), EXTERNREF,
     [[(Op.REF_NULL, EXTERNREF), (Op.END,)]], "active", 1),
    (b"\x07\x70" + vec([b"\xd0\x70\x0b"]), FUNCREF, [REF_NULL], "declarative", 0),
])
def test_element_segment_forms(segment, elem_type, init, mode, table):
    elem = decode_module(elem_module(segment)).elems[0]
    assert (elem.type, elem.init, elem.mode.kind, elem.mode.table) == (elem_type, init, mode, table)
    assert elem.mode.offset == ([(Op.I32_CONST, 5), (Op.END,)] if mode == "active" else None)


def test_data_segment_forms():
    data = module(section(5, vec([b"\x00\x01", b"\x00\x01"])), section(12, uleb(3)),
                  section(11, vec([b"\x00" + OFFSET + name("ab"), b"\x01" + name("c"),
                                   b"\x02\x01" + OFFSET + name("")])))
    m = decode_module(data)
    assert m.data_count == 3
    assert [(d.init, d.mode.kind, d.mode.memory) for d in m.datas] == [
        (b"ab", "active", 0), (b"c", "passive", 0), (b"", "active", 1)]
    assert m.datas[2].mode.offset == [(Op.I32_CONST, 5), (Op.END,)]


def test_custom_sections_keep_their_place():
    data = module(custom("a", b"1"), section(1, vec([VOID_TYPE])), custom("b"),
                  section(3, vec([b"\x00"])), section(10, vec([code_entry(b"\x0b")])), custom("c", b"x"))
    assert decode_module(data).customs == [
        CustomSection("a", b"1", 0), CustomSection("b", b"", 1), CustomSection("c", b"x", 10)]


def name_section(*subsections: tuple[int, bytes]) -> bytes:
    return custom("name", b"".join(bytes((i,)) + uleb(len(p)) + p for i, p in subsections))


def test_name_section_is_parsed():
    names = name_section((0, name("mod")), (1, vec([b"\x00" + name("f")])),
                         (2, vec([b"\x00" + vec([b"\x00" + name("x"), b"\x01" + name("y")])])),
                         (7, b"\x00"))
    m = decode_module(func_module(b"\x0b", after_code=names))
    assert (m.names.module, m.names.funcs, m.names.locals) == ("mod", {0: "f"}, {0: {0: "x", 1: "y"}})


@pytest.mark.parametrize("subsections", [
    [(1, vec([b"\x00" + name(b"\xff")]))],  # bad UTF-8
    [(1, vec([b"\x01" + name("a"), b"\x00" + name("b")]))],  # indices out of order
    [(1, b"\x01")],  # truncated
    [(1, vec([])), (0, name("m"))],  # subsections out of order
    [(0, name("m") + b"\x00")],  # subsection larger than its contents
])
def test_malformed_name_section_leaves_names_empty(subsections):
    m = decode_module(func_module(b"\x0b", after_code=name_section(*subsections)))
    assert (m.names.module, m.names.funcs, m.names.locals) == (None, {}, {})
    assert m.customs[0].name == "name"


# -- malformed modules, one class at a time ----------------------------------

@pytest.mark.parametrize("data, reason", [
    (module(b"\x0d\x00"), "malformed section id"),
    (module(b"\x80\x00"), "malformed section id"),
    (module(section(3, vec([])), section(1, vec([]))), "unexpected content after last section"),
    (module(section(1, vec([])), section(1, vec([]))), "unexpected content after last section"),
    (module(section(10, vec([])), section(12, b"\x00")), "unexpected content after last section"),
    (module(section(1, vec([VOID_TYPE]) + b"\x00")), "section size mismatch"),
    (module(b"\x01\x09" + vec([VOID_TYPE])), "length out of bounds"),
    (module(b"\x01\x03\x01\x60\x00"), "unexpected end"),
    (module(section(3, vec([b"\x00"]))), "function and code section have inconsistent lengths"),
    (module(section(10, vec([code_entry(b"\x0b")]))),
     "function and code section have inconsistent lengths"),
    (module(section(12, b"\x01")), "data count and data section have inconsistent lengths"),
    (module(section(2, vec([name(b"\xc0\x80") + name("x") + b"\x00\x00"]))),
     "malformed UTF-8 encoding"),
    (module(custom(b"\xed\xa0\x80")), "malformed UTF-8 encoding"),  # a surrogate
    (module(section(0, b"\x05ab"), section(1, vec([]))), "unexpected end"),  # name past the section
    (module(section(2, vec([name("a") + name("b") + b"\x04"]))), "malformed import kind"),
    (module(section(7, vec([name("a") + b"\x04\x00"]))), "malformed export kind"),
    (module(section(5, vec([b"\x02\x00"]))), "integer too large"),  # limits flag
    (module(section(5, vec([b"\x81\x00\x00"]))), "integer representation too long"),
    (module(section(6, vec([b"\x7f\x02\x41\x00\x0b"]))), "malformed mutability"),
    (module(section(6, vec([b"\x7f\x00\x41\x00"]))), "unexpected end"),  # missing end
    (module(section(1, vec([b"\x61\x00\x00"]))), "malformed function type"),
    (module(section(1, vec([b"\x60\x01\x7a\x00"]))), "malformed value type"),
    (module(section(4, vec([b"\x7f\x00\x00"]))), "malformed reference type"),
    (module(section(9, vec([b"\x08"]))), "malformed elements segment kind"),
    (module(section(9, vec([b"\x01\x01\x00"]))), "malformed element kind"),
    (module(section(11, vec([b"\x03"]))), "malformed data segment kind"),
])
def test_malformed_sections(data, reason):
    malformed(data, reason)


@pytest.mark.parametrize("body, reason", [
    (b"\x3f\x01\x1a\x0b", "zero byte expected"),  # memory.size
    (b"\x41\x00\x40\x80\x00\x1a\x0b", "zero byte expected"),  # memory.grow, zero as 2-byte LEB
    (b"\x41\x00\x41\x00\x41\x00\xfc\x0a\x00\x01\x0b", "zero byte expected"),  # memory.copy
    (b"\x41\x00\x41\x00\x41\x00\xfc\x0b\x01\x0b", "zero byte expected"),  # memory.fill
    (b"\x06\x0b", "illegal opcode"),
    (b"\xfc\x12\x0b", "illegal opcode"),
    (b"\xfd\x80\x02\x0b", "illegal opcode"),
    (b"\x41\x00\x28\x20\x00\x1a\x0b", "malformed memop flags"),
    (b"\x05\x0b", "END opcode expected"),  # else outside an if
    (b"\x02\x40\x05\x0b\x0b", "END opcode expected"),  # else in a block
    (b"\x41\x00\x04\x40\x05\x05\x0b\x0b", "END opcode expected"),  # a second else
    (b"\x02\x7a\x0b\x0b", "malformed value type"),
    (b"\x02\xff\x7f\x0b\x0b", "malformed block type"),  # negative type index
    (b"\xd0\x7f\x0b", "malformed reference type"),
    (b"\x1c\x01\x40\x0b", "malformed value type"),
    (b"\x41\x80\x80\x80\x80\x10\x1a\x0b", "integer too large"),
    (b"\x01\x0b\x0b", "section size mismatch"),  # body ends before its declared size
    (b"\x02\x40\x0b", "unexpected end"),  # body runs past the end of the module
])
def test_malformed_function_bodies(body, reason):
    malformed(func_module(body, memory=True, data_count=0), reason)


def test_error_names_section_and_offset():
    data = func_module(b"\x06\x0b")
    error = malformed(data, "illegal opcode")
    assert error.section == "code"
    assert error.offset == data.rindex(b"\x06\x0b")


@pytest.mark.parametrize("decls, reason", [
    (vec([b"\x80\x80\x80\x80\x10\x7f"]), "integer too large"),
    (vec([b"\xff\xff\xff\xff\x0f\x7f", b"\x02\x7e"]), "too many locals"),
    (vec([uleb(50_000) + b"\x7f", b"\x01\x7f"]), "too many locals"),
])
def test_too_many_locals(decls, reason):
    malformed(func_module(b"\x0b", local_decls=decls), reason)


def test_locals_up_to_the_cap_are_accepted():
    decls = vec([uleb(25_000) + b"\x7f", uleb(25_000) + b"\x7e"])
    assert len(decode_module(func_module(b"\x0b", local_decls=decls)).funcs[0].locals) == 50_000


@pytest.mark.parametrize("body", [
    b"\x41\x00\x41\x00\x41\x00\xfc\x08\x00\x00\x0b",  # memory.init
    b"\xfc\x09\x00\x0b",  # data.drop
])
def test_data_count_section_required(body):
    data_section = section(11, vec([b"\x01\x00"]))
    malformed(func_module(body, memory=True, after_code=data_section), "data count section required")
    assert decode_module(func_module(body, memory=True, data_count=1, after_code=data_section))


@pytest.mark.parametrize("data", [
    module(b"\x01\x0a" + b"\xff\xff\xff\xff\x0f" + b"\x60\x00\x00\x60\x00"),  # 4G types
    func_module(b"\x0e\xff\xff\xff\xff\x0f\x00\x00\x0b"),  # br_table with 4G labels
    func_module(b"\x0b", local_decls=b"\xff\xff\xff\xff\x0f\x01\x7f"),  # 4G local decls
    module(section(11, b"\x01\x01\xff\xff\xff\xff\x0f")),  # 4G bytes of data
])
def test_huge_counts_fail_fast(data):
    started = time.perf_counter()
    with pytest.raises(DecodeError):
        decode_module(data)
    assert time.perf_counter() - started < 1.0
