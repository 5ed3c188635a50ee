"""Random instruction sequences: validation only ever raises ValidationError, and
what it accepts comes with consistent ``FuncInfo``."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wasmic.errors import ValidationError
from wasmic.syntax import (OPS, Data, DataMode, Elem, ElemMode, ExternKind, Func, FuncType,
                           Global, GlobalType, Import, Limits, Memory, MemoryType, Module, Table,
                           TableType)
from wasmic.syntax.types import EXTERNREF, F32, F64, FUNCREF, I32, I64, V128
from wasmic.valid import validate_module

VALUE_TYPES = [I32, I64, F32, F64, V128, FUNCREF, EXTERNREF]
small = st.integers(0, 3)
# The instructions real code uses most, drawn more often so some bodies are valid.
COMMON = [OPS[code] for code in (0x20, 0x21, 0x22, 0x41, 0x42, 0x1A, 0x1B, 0x02, 0x03, 0x04,
                                 0x05, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x10, 0x00, 0x6A, 0x45)]

IMMEDIATES = {
    "none": st.just(()),
    "blocktype": st.tuples(st.sampled_from([None, I32, I64, V128, FUNCREF, 0, 1, 2, 9])),
    "br_table": st.tuples(st.lists(small, max_size=3).map(tuple), small),
    "call_indirect": st.tuples(small, small),
    "select_t": st.tuples(st.lists(st.sampled_from(VALUE_TYPES), max_size=2).map(tuple)),
    "memarg": st.tuples(st.integers(0, 5), st.just(0), st.integers(0, 1)),
    "memarg_lane": st.tuples(st.integers(0, 5), st.just(0), st.integers(0, 1), st.integers(0, 16)),
    "reftype": st.tuples(st.sampled_from([FUNCREF, EXTERNREF])),
    "shuffle": st.tuples(st.binary(min_size=16, max_size=16).map(
        lambda lanes: bytes(lane % 34 for lane in lanes))),
    "lane": st.tuples(st.integers(0, 16)),
}
for _kind in ("label", "func", "local", "global", "table", "data", "elem", "mem"):
    IMMEDIATES[_kind] = st.tuples(small)
for _kind in ("memory.init", "memory.copy", "table.init", "table.copy"):
    IMMEDIATES[_kind] = st.tuples(small, small)
for _kind in ("i32", "i64", "f32", "f64", "v128"):
    IMMEDIATES[_kind] = st.tuples(st.just(0))


@st.composite
def instructions(draw):
    info = draw(st.sampled_from(COMMON) | st.sampled_from(list(OPS.values())))
    return (info.code, *draw(IMMEDIATES[info.imm]))


@st.composite
def modules(draw):
    body = draw(st.lists(instructions(), max_size=12))
    if draw(st.booleans()):
        body.append((0x0B,))
    params = tuple(draw(st.lists(st.sampled_from(VALUE_TYPES), max_size=2)))
    results = tuple(draw(st.lists(st.sampled_from([I32, I64]), max_size=2)))
    types = [FuncType(), FuncType((I32,), (I32,)), FuncType(params, results)]
    return Module(
        types=types,
        imports=[Import("m", "f", ExternKind.FUNC, 1),
                 Import("m", "g", ExternKind.GLOBAL, GlobalType(I32, draw(st.booleans())))],
        funcs=[Func(2, tuple(draw(st.lists(st.sampled_from(VALUE_TYPES), max_size=2))), body)],
        tables=[Table(TableType(Limits(1), t)) for t in draw(st.lists(
            st.sampled_from([FUNCREF, EXTERNREF]), max_size=2))],
        mems=[Memory(MemoryType(Limits(1)))] * draw(st.integers(0, 1)),
        globals=[Global(GlobalType(I64, True), [(0x42, 0), (0x0B,)])],
        elems=[Elem(FUNCREF, [[(0xD2, 0), (0x0B,)]], ElemMode("passive"))],
        datas=[Data(b"a", DataMode("passive"))],
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(modules())
def test_random_bodies_validate_or_raise_validation_error(module):
    try:
        info = validate_module(module)
    except ValidationError as error:
        assert error.func == 1 or error.func is None
        return
    body = module.funcs[0].body
    func = info.funcs[0]
    assert len(func.heights) == len(body)
    assert min(func.heights) >= 0 and func.max_height >= max(func.heights)
    assert set(func.block_types) == {i for i, ins in enumerate(body) if ins[0] in (2, 3, 4)}
    assert set(func.operand_types) <= {i for i, ins in enumerate(body) if ins[0] in (0x1A, 0x1B)}
