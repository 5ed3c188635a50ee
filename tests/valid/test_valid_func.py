"""Function bodies: the operand/control stack rules, valid and invalid cases."""

from __future__ import annotations

import time

import pytest

from valid_build import func_module, invalid, invalid_body, valid_body, with_memory, with_table
from wasmic.syntax import (Data, DataMode, Elem, ElemMode, ExternKind, FuncType, Global,
                           GlobalType, Import, Op)
from wasmic.syntax.types import EXTERNREF, F32, F64, FUNCREF, I32, I64, V128
from wasmic.valid.context import MAX_ARITY

c32 = (Op.I32_CONST, 0)
c64 = (Op.I64_CONST, 0)
cf32 = (Op.F32_CONST, 0)
cv = (Op.V128_CONST, 0)


# -- straight-line code -------------------------------------------------------

def test_fixed_signature_instructions_type_check():
    valid_body([c32, c32, (Op.I32_ADD,)], results=[I32])
    valid_body([c64, (Op.I64_EQZ,)], results=[I32])
    valid_body([cv, cv, cv, (Op.V128_BITSELECT,)], results=[V128])
    valid_body([cv, (Op.I8X16_ALL_TRUE,)], results=[I32])


@pytest.mark.parametrize("body, results", [
    ([c32, c64, (Op.I32_ADD,)], [I32]),  # wrong second operand
    ([c64, c32, (Op.I32_ADD,)], [I32]),  # wrong first operand
    ([c32, (Op.I32_ADD,)], [I32]),  # too few operands
    ([(Op.I32_EQZ,)], [I32]),  # empty stack
    ([cv, cv, c32, (Op.V128_BITSELECT,)], [V128]),
    ([c32, c32], [I32]),  # one value too many at the end
    ([c64], [I32]),  # wrong result type
    ([], [I32]),  # missing result
])
def test_operand_mismatch_is_type_mismatch(body, results):
    invalid_body(body, "type mismatch", results=results)


def test_values_below_a_block_are_not_operands():
    invalid_body([c32, (Op.BLOCK, None), (Op.DROP,), (Op.END,), (Op.DROP,)], "type mismatch")
    invalid_body([c32, c32, (Op.BLOCK, I32), (Op.I32_ADD,), (Op.END,), (Op.DROP,)], "type mismatch")


def test_locals():
    valid_body([(Op.LOCAL_GET, 0), (Op.LOCAL_SET, 1), (Op.LOCAL_GET, 1), (Op.LOCAL_TEE, 1)],
               params=[I32], locals=[I32], results=[I32])
    invalid_body([(Op.LOCAL_GET, 2), (Op.DROP,)], "unknown local 2", params=[I32], locals=[I64])
    invalid_body([c32, (Op.LOCAL_SET, 2)], "unknown local", params=[I32], locals=[I64])
    invalid_body([c32, (Op.LOCAL_TEE, 1)], "unknown local", params=[I32])
    invalid_body([c32, (Op.LOCAL_SET, 1)], "type mismatch", params=[I32], locals=[I64])
    invalid_body([c64, (Op.LOCAL_TEE, 0)], "type mismatch", params=[I32], results=[I32])
    invalid_body([(Op.LOCAL_SET, 0)], "type mismatch", params=[I32])


def _globals():
    return {"imports": [Import("m", "g", ExternKind.GLOBAL, GlobalType(I64, mutable=False))],
            "globals": [Global(GlobalType(I32, mutable=True), [c32, (Op.END,)])]}


def test_globals():
    valid_body([(Op.GLOBAL_GET, 0), (Op.DROP,), (Op.GLOBAL_GET, 1), (Op.GLOBAL_SET, 1)],
               **_globals())
    invalid_body([c64, (Op.GLOBAL_SET, 0)], "global is immutable", **_globals())
    invalid_body([(Op.GLOBAL_GET, 2), (Op.DROP,)], "unknown global 2", **_globals())
    invalid_body([c32, (Op.GLOBAL_SET, 2)], "unknown global", **_globals())
    invalid_body([c64, (Op.GLOBAL_SET, 1)], "type mismatch", **_globals())


# -- control ------------------------------------------------------------------

def test_blocks_with_value_and_multi_value_types():
    pair = FuncType((I32,), (I32, I64))
    valid_body([c32, (Op.BLOCK, 0), c64, (Op.END,), (Op.DROP,), (Op.DROP,)], types=[pair])
    valid_body([c32, (Op.LOOP, 0), c64, (Op.END,), (Op.DROP,), (Op.DROP,)], types=[pair])
    valid_body([(Op.BLOCK, I64), c64, (Op.END,), (Op.DROP,)])
    invalid_body([(Op.BLOCK, 0), c64, (Op.END,), (Op.DROP,), (Op.DROP,)], "type mismatch",
                 types=[pair])
    invalid_body([(Op.BLOCK, 7), (Op.END,)], "unknown type 7")
    invalid_body([(Op.BLOCK, I64), c32, (Op.END,), (Op.DROP,)], "type mismatch")
    invalid_body([(Op.BLOCK, I64), (Op.END,), (Op.DROP,)], "type mismatch")


def test_if_else():
    valid_body([c32, (Op.IF, I32), c32, (Op.ELSE,), c32, (Op.END,)], results=[I32])
    invalid_body([c32, (Op.IF, I32), c32, (Op.ELSE,), c64, (Op.END,)], "type mismatch",
                 results=[I32])
    invalid_body([c64, (Op.IF, None), (Op.END,)], "type mismatch")
    invalid_body([(Op.IF, None), (Op.END,)], "type mismatch")
    invalid_body([(Op.ELSE,)], "else")


def test_if_without_else_must_pass_its_params_through():
    same = FuncType((I32,), (I32,))
    valid_body([c32, c32, (Op.IF, 0), (Op.END,), (Op.DROP,)], types=[same])
    invalid_body([c32, (Op.IF, I32), c32, (Op.END,), (Op.DROP,)], "type mismatch")


def test_branches_carry_label_types():
    valid_body([(Op.BLOCK, I32), c32, (Op.BR, 0), (Op.END,)], results=[I32])
    valid_body([(Op.LOOP, None), c32, (Op.BR_IF, 0), (Op.END,)])
    valid_body([(Op.BLOCK, I32), c32, c32, (Op.BR_IF, 0), (Op.END,)], results=[I32])
    invalid_body([(Op.BLOCK, I32), c64, (Op.BR, 0), (Op.END,)], "type mismatch", results=[I32])
    invalid_body([(Op.BLOCK, None), (Op.BR_IF, 0), (Op.END,)], "type mismatch")
    invalid_body([(Op.BR, 1)], "unknown label 1")
    invalid_body([c32, (Op.BR_IF, 5)], "unknown label")


def test_loop_label_takes_params():
    loop_t = FuncType((I32,), (I64,))
    valid_body([c32, (Op.LOOP, 0), (Op.BR, 0), (Op.END,)], results=[I64], types=[loop_t])
    invalid_body([c32, (Op.LOOP, 0), c64, (Op.BR, 0), (Op.END,)], "type mismatch",
                 results=[I64], types=[loop_t])


def test_br_table():
    valid_body([(Op.BLOCK, I32), c32, c32, (Op.BR_TABLE, (0, 1), 0), (Op.END,)], results=[I32])
    invalid_body([(Op.BLOCK, I64), c32, c32, (Op.BR_TABLE, (0, 1), 0), (Op.END,), (Op.DROP,)],
                 "type mismatch", results=[I32])
    invalid_body([(Op.BLOCK, None), c32, (Op.BR_TABLE, (0,), 1), (Op.END,)], "type mismatch",
                 results=[I32])
    invalid_body([c32, (Op.BR_TABLE, (3,), 0)], "unknown label 3")
    invalid_body([c32, (Op.BR_TABLE, (), 3)], "unknown label 3")
    invalid_body([(Op.BR_TABLE, (), 0)], "type mismatch")


def test_br_table_in_unreachable_code_checks_each_label():
    # Labels [i64] and [f32]: a known f32 operand cannot go to the first.
    body = [(Op.BLOCK, F32), (Op.BLOCK, I64), (Op.UNREACHABLE,), cf32, c32, (Op.BR_TABLE, (0,), 1),
            (Op.END,), (Op.DROP,), cf32, (Op.END,), (Op.DROP,)]
    invalid_body(body, "type mismatch")
    # An unknown operand fits both, as in the spec's algorithm.
    del body[3]
    valid_body(body)
    # Labels of different arities never fit together.
    body = [(Op.BLOCK, None), (Op.BLOCK, I64), (Op.UNREACHABLE,), c32, (Op.BR_TABLE, (0,), 1),
            (Op.END,), (Op.DROP,), (Op.END,)]
    invalid_body(body, "type mismatch")


def test_return():
    valid_body([c32, (Op.RETURN,)], results=[I32])
    valid_body([(Op.BLOCK, None), c32, (Op.RETURN,), (Op.END,), c32], results=[I32])
    invalid_body([c64, (Op.RETURN,)], "type mismatch", results=[I32])
    invalid_body([(Op.RETURN,)], "type mismatch", results=[I32])


def test_unreachable_code_is_polymorphic():
    valid_body([(Op.UNREACHABLE,), (Op.I32_ADD,)], results=[I32])
    valid_body([(Op.UNREACHABLE,), (Op.DROP,), (Op.SELECT,), (Op.DROP,)])
    valid_body([(Op.BR, 0), (Op.I64_EQZ,), (Op.DROP,)])
    valid_body([c32, (Op.RETURN,), c64, (Op.I64_EQZ,)], results=[I32])
    # Known values pushed after the branch still type-check.
    invalid_body([(Op.UNREACHABLE,), c64, (Op.I32_ADD,)], "type mismatch", results=[I32])
    invalid_body([(Op.UNREACHABLE,), c64], "type mismatch", results=[I32])
    # Polymorphism ends with the frame.
    invalid_body([(Op.BLOCK, None), (Op.UNREACHABLE,), (Op.END,), (Op.DROP,)], "type mismatch")


def test_function_end_rules():
    invalid_body([(Op.END,), c32, (Op.DROP,)], "after the final end")
    module = func_module([])
    module.funcs[0].body = [c32, (Op.DROP,)]
    invalid(module, "must end with end")


def test_calls():
    callee = FuncType((I32, I64), (F32,))
    imports = [Import("m", "f", ExternKind.FUNC, 0)]
    valid_body([c32, c64, (Op.CALL, 0)], results=[F32], types=[callee], imports=imports)
    invalid_body([c64, c32, (Op.CALL, 0)], "type mismatch", results=[F32], types=[callee],
                 imports=imports)
    invalid_body([(Op.CALL, 5)], "unknown function 5")


def test_call_indirect():
    callee = FuncType((I64,), (F64,))
    valid_body([c64, c32, (Op.CALL_INDIRECT, 0, 0)], results=[F64], types=[callee], **with_table())
    invalid_body([c64, (Op.CALL_INDIRECT, 0, 0)], "type mismatch", results=[F64], types=[callee],
                 **with_table())
    invalid_body([c64, c32, (Op.CALL_INDIRECT, 0, 0)], "unknown table", types=[callee])
    invalid_body([c64, c32, (Op.CALL_INDIRECT, 0, 0)], "type mismatch", results=[F64],
                 types=[callee], **with_table(EXTERNREF))
    invalid_body([c32, (Op.CALL_INDIRECT, 9, 0)], "unknown type 9", **with_table())


# -- parametric ---------------------------------------------------------------

def test_select():
    valid_body([c64, c64, c32, (Op.SELECT,)], results=[I64])
    valid_body([cv, cv, c32, (Op.SELECT,)], results=[V128])
    valid_body([(Op.REF_NULL, FUNCREF), (Op.REF_NULL, FUNCREF), c32, (Op.SELECT_T, (FUNCREF,))],
               results=[FUNCREF])
    invalid_body([c64, c32, c32, (Op.SELECT,)], "type mismatch", results=[I64])
    invalid_body([c64, c64, c64, (Op.SELECT,)], "type mismatch", results=[I64])
    invalid_body([(Op.REF_NULL, FUNCREF), (Op.REF_NULL, FUNCREF), c32, (Op.SELECT,)],
                 "type mismatch", results=[FUNCREF])
    invalid_body([(Op.UNREACHABLE,), (Op.REF_NULL, FUNCREF), c32, (Op.SELECT,), (Op.DROP,)],
                 "type mismatch")
    invalid_body([c32, c32, c32, (Op.SELECT_T, ())], "invalid result arity")
    invalid_body([c32, c32, c32, (Op.SELECT_T, (I32, I32))], "invalid result arity")
    invalid_body([c32, c64, c32, (Op.SELECT_T, (I32,))], "type mismatch", results=[I32])


def test_drop():
    valid_body([c32, (Op.DROP,)])
    invalid_body([(Op.DROP,)], "type mismatch")


# -- references and tables ----------------------------------------------------

def test_ref_instructions():
    valid_body([(Op.REF_NULL, EXTERNREF), (Op.REF_IS_NULL,)], results=[I32])
    invalid_body([c32, (Op.REF_IS_NULL,)], "type mismatch", results=[I32])
    invalid_body([(Op.REF_FUNC, 3), (Op.DROP,)], "unknown function 3")


def test_table_instructions():
    ext = with_table(EXTERNREF)
    valid_body([c32, (Op.TABLE_GET, 0)], results=[EXTERNREF], **ext)
    valid_body([c32, (Op.REF_NULL, EXTERNREF), (Op.TABLE_SET, 0)], **ext)
    valid_body([(Op.REF_NULL, EXTERNREF), c32, (Op.TABLE_GROW, 0)], results=[I32], **ext)
    valid_body([c32, (Op.REF_NULL, EXTERNREF), c32, (Op.TABLE_FILL, 0)], **ext)
    valid_body([(Op.TABLE_SIZE, 0)], results=[I32], **ext)
    invalid_body([c32, (Op.TABLE_GET, 0)], "type mismatch", results=[FUNCREF], **ext)
    invalid_body([c32, (Op.REF_NULL, FUNCREF), (Op.TABLE_SET, 0)], "type mismatch", **ext)
    invalid_body([(Op.TABLE_SIZE, 1)], "unknown table 1", results=[I32], **ext)
    invalid_body([c32, c32, c32, (Op.TABLE_COPY, 0, 1)], "unknown table 1", **ext)
    two = {"tables": with_table()["tables"] + ext["tables"]}
    invalid_body([c32, c32, c32, (Op.TABLE_COPY, 0, 1)], "type mismatch", **two)
    valid_body([c32, c32, c32, (Op.TABLE_COPY, 1, 1)], **two)


def test_elem_segment_instructions():
    elems = [Elem(EXTERNREF, [], ElemMode("passive"))]
    valid_body([c32, c32, c32, (Op.TABLE_INIT, 0, 0), (Op.ELEM_DROP, 0)], elems=elems,
               **with_table(EXTERNREF))
    invalid_body([c32, c32, c32, (Op.TABLE_INIT, 0, 0)], "type mismatch", elems=elems,
                 **with_table(FUNCREF))
    invalid_body([c32, c32, c32, (Op.TABLE_INIT, 4, 0)], "unknown elem segment 4", elems=elems,
                 **with_table(EXTERNREF))
    invalid_body([(Op.ELEM_DROP, 1)], "unknown elem segment 1", elems=elems)


# -- memory -------------------------------------------------------------------

def test_loads_and_stores():
    valid_body([c32, (Op.I64_LOAD32_U, 2, 8, 0)], results=[I64], **with_memory())
    valid_body([c32, c64, (Op.I64_STORE, 3, 0, 0)], **with_memory())
    valid_body([c32, (Op.V128_LOAD, 4, 0, 0)], results=[V128], **with_memory())
    invalid_body([c32, (Op.I32_LOAD, 2, 0, 0), (Op.DROP,)], "unknown memory 0")
    invalid_body([c32, c32, (Op.I32_STORE, 2, 0, 0)], "unknown memory")
    invalid_body([c32, (Op.I32_LOAD, 3, 0, 0)], "alignment must not be larger than natural",
                 results=[I32], **with_memory())
    invalid_body([c32, c32, (Op.I32_STORE8, 1, 0, 0)], "alignment must not be larger than natural",
                 **with_memory())
    invalid_body([c64, (Op.I32_LOAD, 2, 0, 0)], "type mismatch", results=[I32], **with_memory())
    invalid_body([c32, c32, (Op.I64_STORE, 3, 0, 0)], "type mismatch", **with_memory())


def test_memory_instructions_need_a_memory():
    for body in ([(Op.MEMORY_SIZE, 0), (Op.DROP,)], [c32, (Op.MEMORY_GROW, 0), (Op.DROP,)],
                 [c32, c32, c32, (Op.MEMORY_FILL, 0)], [c32, c32, c32, (Op.MEMORY_COPY, 0, 0)]):
        valid_body(body, **with_memory())
        invalid_body(body, "unknown memory 0")


def test_data_segment_instructions():
    datas = [Data(b"ab", DataMode("passive"))]
    valid_body([c32, c32, c32, (Op.MEMORY_INIT, 0, 0), (Op.DATA_DROP, 0)], datas=datas,
               **with_memory())
    invalid_body([c32, c32, c32, (Op.MEMORY_INIT, 1, 0)], "unknown data segment 1", datas=datas,
                 **with_memory())
    invalid_body([(Op.DATA_DROP, 0)], "unknown data segment 0")
    invalid_body([c32, c32, c32, (Op.MEMORY_INIT, 0, 0)], "unknown memory 0", datas=datas)
    # The data count section, when present, is what the instructions are checked against.
    invalid_body([(Op.DATA_DROP, 0)], "unknown data segment 0", datas=[], data_count=0)


# -- SIMD ---------------------------------------------------------------------

def test_simd_lanes():
    valid_body([cv, (Op.I8X16_EXTRACT_LANE_U, 15)], results=[I32])
    valid_body([cv, c64, (Op.I64X2_REPLACE_LANE, 1)], results=[V128])
    invalid_body([cv, (Op.I8X16_EXTRACT_LANE_U, 16)], "invalid lane index", results=[I32])
    invalid_body([cv, (Op.F64X2_EXTRACT_LANE, 2)], "invalid lane index", results=[F64])
    invalid_body([cv, c32, (Op.I64X2_REPLACE_LANE, 0)], "type mismatch", results=[V128])
    valid_body([cv, cv, (Op.I8X16_SHUFFLE, bytes(range(16, 32)))], results=[V128])
    invalid_body([cv, cv, (Op.I8X16_SHUFFLE, bytes([0] * 15 + [32]))], "invalid lane index",
                 results=[V128])


def test_simd_memory_lanes():
    valid_body([c32, cv, (Op.V128_LOAD16_LANE, 1, 0, 0, 7)], results=[V128], **with_memory())
    invalid_body([c32, cv, (Op.V128_LOAD16_LANE, 1, 0, 0, 8)], "invalid lane index",
                 results=[V128], **with_memory())
    invalid_body([c32, cv, (Op.V128_STORE64_LANE, 4, 0, 0, 0)],
                 "alignment must not be larger than natural", **with_memory())
    invalid_body([c32, cv, (Op.V128_STORE8_LANE, 0, 0, 0, 0)], "unknown memory 0")


def test_unknown_instruction_is_a_validation_error():
    invalid_body([(0xFFFF,)], "unknown instruction")


def test_br_table_with_many_labels_of_a_wide_type_stays_linear():
    wide = FuncType((), (I32,) * MAX_ARITY)
    twin = FuncType((), (I32,) * MAX_ARITY)  # equal, but another type index
    body = [(Op.BLOCK, 0), (Op.BLOCK, 1), (Op.UNREACHABLE,), c32,
            (Op.BR_TABLE, (0, 1) * 50_000, 0), (Op.END,), (Op.END,)]
    started = time.process_time()
    valid_body(body, results=wide.results, types=[wide, twin])
    assert time.process_time() - started < 2
