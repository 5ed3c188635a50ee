"""Function bodies: the operand/control stack rules, valid and invalid cases."""

from __future__ import annotations

import pytest

from valid_build import invalid_body, valid_body, with_memory, with_table
from wasmic.syntax import (FuncType, Global, GlobalType, Import, Op, ExternKind)
from wasmic.syntax.types import EXTERNREF, F32, F64, FUNCREF, I32, I64, V128

O = Op
c32 = (O.I32_CONST, 0)
c64 = (O.I64_CONST, 0)
cf32 = (O.F32_CONST, 0)
cv = (O.V128_CONST, 0)


# -- straight-line code -------------------------------------------------------

def test_fixed_signature_instructions_type_check():
    valid_body([c32, c32, (O.I32_ADD,)], results=[I32])
    valid_body([c64, (O.I64_EQZ,)], results=[I32])
    valid_body([cv, cv, cv, (O.V128_BITSELECT,)], results=[V128])
    valid_body([cv, (O.I8X16_ALL_TRUE,)], results=[I32])


@pytest.mark.parametrize("body, results", [
    ([c32, c64, (O.I32_ADD,)], [I32]),  # wrong second operand
    ([c64, c32, (O.I32_ADD,)], [I32]),  # wrong first operand
    ([c32, (O.I32_ADD,)], [I32]),  # too few operands
    ([(O.I32_EQZ,)], [I32]),  # empty stack
    ([cv, cv, c32, (O.V128_BITSELECT,)], [V128]),
    ([c32, c32], [I32]),  # one value too many at the end
    ([c64], [I32]),  # wrong result type
    ([], [I32]),  # missing result
])
def test_operand_mismatch_is_type_mismatch(body, results):
    invalid_body(body, "type mismatch", results=results)


def test_values_below_a_block_are_not_operands():
    invalid_body([c32, (O.BLOCK, None), (O.DROP,), (O.END,), (O.DROP,)], "type mismatch")
    invalid_body([c32, c32, (O.BLOCK, I32), (O.I32_ADD,), (O.END,), (O.DROP,)], "type mismatch")


def test_locals():
    valid_body([(O.LOCAL_GET, 0), (O.LOCAL_SET, 1), (O.LOCAL_GET, 1), (O.LOCAL_TEE, 1)],
               params=[I32], locals=[I32], results=[I32])
    invalid_body([(O.LOCAL_GET, 2), (O.DROP,)], "unknown local 2", params=[I32], locals=[I64])
    invalid_body([c32, (O.LOCAL_SET, 2)], "unknown local", params=[I32], locals=[I64])
    invalid_body([c32, (O.LOCAL_TEE, 1)], "unknown local", params=[I32])
    invalid_body([c32, (O.LOCAL_SET, 1)], "type mismatch", params=[I32], locals=[I64])
    invalid_body([c64, (O.LOCAL_TEE, 0)], "type mismatch", params=[I32], results=[I32])
    invalid_body([(O.LOCAL_SET, 0)], "type mismatch", params=[I32])


def _globals():
    return {"imports": [Import("m", "g", ExternKind.GLOBAL, GlobalType(I64, mutable=False))],
            "globals": [Global(GlobalType(I32, mutable=True), [c32, (O.END,)])]}


def test_globals():
    valid_body([(O.GLOBAL_GET, 0), (O.DROP,), (O.GLOBAL_GET, 1), (O.GLOBAL_SET, 1)], **_globals())
    invalid_body([c64, (O.GLOBAL_SET, 0)], "global is immutable", **_globals())
    invalid_body([(O.GLOBAL_GET, 2), (O.DROP,)], "unknown global 2", **_globals())
    invalid_body([c32, (O.GLOBAL_SET, 2)], "unknown global", **_globals())
    invalid_body([c64, (O.GLOBAL_SET, 1)], "type mismatch", **_globals())


# -- control ------------------------------------------------------------------

def test_blocks_with_value_and_multi_value_types():
    pair = FuncType((I32,), (I32, I64))
    valid_body([c32, (O.BLOCK, 0), c64, (O.END,), (O.DROP,), (O.DROP,)], types=[pair])
    valid_body([c32, (O.LOOP, 0), c64, (O.END,), (O.DROP,), (O.DROP,)], types=[pair])
    valid_body([(O.BLOCK, I64), c64, (O.END,), (O.DROP,)])
    invalid_body([(O.BLOCK, 0), c64, (O.END,), (O.DROP,), (O.DROP,)], "type mismatch",
                 types=[pair])
    invalid_body([(O.BLOCK, 7), (O.END,)], "unknown type 7")
    invalid_body([(O.BLOCK, I64), c32, (O.END,), (O.DROP,)], "type mismatch")
    invalid_body([(O.BLOCK, I64), (O.END,), (O.DROP,)], "type mismatch")


def test_if_else():
    valid_body([c32, (O.IF, I32), c32, (O.ELSE,), c32, (O.END,)], results=[I32])
    invalid_body([c32, (O.IF, I32), c32, (O.ELSE,), c64, (O.END,)], "type mismatch",
                 results=[I32])
    invalid_body([c64, (O.IF, None), (O.END,)], "type mismatch")
    invalid_body([(O.IF, None), (O.END,)], "type mismatch")
    invalid_body([(O.ELSE,)], "else")


def test_if_without_else_must_pass_its_params_through():
    same = FuncType((I32,), (I32,))
    valid_body([c32, c32, (O.IF, 0), (O.END,), (O.DROP,)], types=[same])
    invalid_body([c32, (O.IF, I32), c32, (O.END,), (O.DROP,)], "type mismatch")


def test_branches_carry_label_types():
    valid_body([(O.BLOCK, I32), c32, (O.BR, 0), (O.END,)], results=[I32])
    valid_body([(O.LOOP, None), c32, (O.BR_IF, 0), (O.END,)])
    valid_body([(O.BLOCK, I32), c32, c32, (O.BR_IF, 0), (O.END,)], results=[I32])
    invalid_body([(O.BLOCK, I32), c64, (O.BR, 0), (O.END,)], "type mismatch", results=[I32])
    invalid_body([(O.BLOCK, None), (O.BR_IF, 0), (O.END,)], "type mismatch")
    invalid_body([(O.BR, 1)], "unknown label 1")
    invalid_body([c32, (O.BR_IF, 5)], "unknown label")


def test_loop_label_takes_params():
    loop_t = FuncType((I32,), (I64,))
    valid_body([c32, (O.LOOP, 0), (O.BR, 0), (O.END,)], results=[I64], types=[loop_t])
    invalid_body([c32, (O.LOOP, 0), c64, (O.BR, 0), (O.END,)], "type mismatch",
                 results=[I64], types=[loop_t])


def test_br_table():
    valid_body([(O.BLOCK, I32), c32, c32, (O.BR_TABLE, (0, 1), 0), (O.END,)], results=[I32])
    invalid_body([(O.BLOCK, I64), c32, c32, (O.BR_TABLE, (0, 1), 0), (O.END,), (O.DROP,)],
                 "type mismatch", results=[I32])
    invalid_body([(O.BLOCK, None), c32, (O.BR_TABLE, (0,), 1), (O.END,)], "type mismatch",
                 results=[I32])
    invalid_body([c32, (O.BR_TABLE, (3,), 0)], "unknown label 3")
    invalid_body([c32, (O.BR_TABLE, (), 3)], "unknown label 3")
    invalid_body([(O.BR_TABLE, (), 0)], "type mismatch")


def test_br_table_in_unreachable_code_checks_each_label():
    # Labels [i64] and [f32]: a known f32 operand cannot go to the first.
    body = [(O.BLOCK, F32), (O.BLOCK, I64), (O.UNREACHABLE,), cf32, c32, (O.BR_TABLE, (0,), 1),
            (O.END,), (O.DROP,), cf32, (O.END,), (O.DROP,)]
    invalid_body(body, "type mismatch")
    # An unknown operand fits both, as in the spec's algorithm.
    del body[3]
    valid_body(body)
    # Labels of different arities never fit together.
    body = [(O.BLOCK, None), (O.BLOCK, I64), (O.UNREACHABLE,), c32, (O.BR_TABLE, (0,), 1),
            (O.END,), (O.DROP,), (O.END,)]
    invalid_body(body, "type mismatch")


def test_return():
    valid_body([c32, (O.RETURN,)], results=[I32])
    valid_body([(O.BLOCK, None), c32, (O.RETURN,), (O.END,), c32], results=[I32])
    invalid_body([c64, (O.RETURN,)], "type mismatch", results=[I32])
    invalid_body([(O.RETURN,)], "type mismatch", results=[I32])


def test_unreachable_code_is_polymorphic():
    valid_body([(O.UNREACHABLE,), (O.I32_ADD,)], results=[I32])
    valid_body([(O.UNREACHABLE,), (O.DROP,), (O.SELECT,), (O.DROP,)])
    valid_body([(O.BR, 0), (O.I64_EQZ,), (O.DROP,)])
    valid_body([c32, (O.RETURN,), c64, (O.I64_EQZ,)], results=[I32])
    # Known values pushed after the branch still type-check.
    invalid_body([(O.UNREACHABLE,), c64, (O.I32_ADD,)], "type mismatch", results=[I32])
    invalid_body([(O.UNREACHABLE,), c64], "type mismatch", results=[I32])
    # Polymorphism ends with the frame.
    invalid_body([(O.BLOCK, None), (O.UNREACHABLE,), (O.END,), (O.DROP,)], "type mismatch")


def test_function_end_rules():
    invalid_body([(O.END,), c32, (O.DROP,)], "after the final end")
    from valid_build import func_module, invalid
    module = func_module([])
    module.funcs[0].body = [c32, (O.DROP,)]
    invalid(module, "must end with end")


def test_calls():
    callee = FuncType((I32, I64), (F32,))
    imports = [Import("m", "f", ExternKind.FUNC, 0)]
    valid_body([c32, c64, (O.CALL, 0)], results=[F32], types=[callee], imports=imports)
    invalid_body([c64, c32, (O.CALL, 0)], "type mismatch", results=[F32], types=[callee],
                 imports=imports)
    invalid_body([(O.CALL, 5)], "unknown function 5")


def test_call_indirect():
    callee = FuncType((I64,), (F64,))
    valid_body([c64, c32, (O.CALL_INDIRECT, 0, 0)], results=[F64], types=[callee], **with_table())
    invalid_body([c64, (O.CALL_INDIRECT, 0, 0)], "type mismatch", results=[F64], types=[callee],
                 **with_table())
    invalid_body([c64, c32, (O.CALL_INDIRECT, 0, 0)], "unknown table", types=[callee])
    invalid_body([c64, c32, (O.CALL_INDIRECT, 0, 0)], "type mismatch", results=[F64],
                 types=[callee], **with_table(EXTERNREF))
    invalid_body([c32, (O.CALL_INDIRECT, 9, 0)], "unknown type 9", **with_table())


# -- parametric ---------------------------------------------------------------

def test_select():
    valid_body([c64, c64, c32, (O.SELECT,)], results=[I64])
    valid_body([cv, cv, c32, (O.SELECT,)], results=[V128])
    valid_body([(O.REF_NULL, FUNCREF), (O.REF_NULL, FUNCREF), c32, (O.SELECT_T, (FUNCREF,))],
               results=[FUNCREF])
    invalid_body([c64, c32, c32, (O.SELECT,)], "type mismatch", results=[I64])
    invalid_body([c64, c64, c64, (O.SELECT,)], "type mismatch", results=[I64])
    invalid_body([(O.REF_NULL, FUNCREF), (O.REF_NULL, FUNCREF), c32, (O.SELECT,)],
                 "type mismatch", results=[FUNCREF])
    invalid_body([(O.UNREACHABLE,), (O.REF_NULL, FUNCREF), c32, (O.SELECT,), (O.DROP,)],
                 "type mismatch")
    invalid_body([c32, c32, c32, (O.SELECT_T, ())], "invalid result arity")
    invalid_body([c32, c32, c32, (O.SELECT_T, (I32, I32))], "invalid result arity")
    invalid_body([c32, c64, c32, (O.SELECT_T, (I32,))], "type mismatch", results=[I32])


def test_drop():
    valid_body([c32, (O.DROP,)])
    invalid_body([(O.DROP,)], "type mismatch")


# -- references and tables ----------------------------------------------------

def test_ref_instructions():
    valid_body([(O.REF_NULL, EXTERNREF), (O.REF_IS_NULL,)], results=[I32])
    invalid_body([c32, (O.REF_IS_NULL,)], "type mismatch", results=[I32])
    invalid_body([(O.REF_FUNC, 3), (O.DROP,)], "unknown function 3")


def test_table_instructions():
    ext = with_table(EXTERNREF)
    valid_body([c32, (O.TABLE_GET, 0)], results=[EXTERNREF], **ext)
    valid_body([c32, (O.REF_NULL, EXTERNREF), (O.TABLE_SET, 0)], **ext)
    valid_body([(O.REF_NULL, EXTERNREF), c32, (O.TABLE_GROW, 0)], results=[I32], **ext)
    valid_body([c32, (O.REF_NULL, EXTERNREF), c32, (O.TABLE_FILL, 0)], **ext)
    valid_body([(O.TABLE_SIZE, 0)], results=[I32], **ext)
    invalid_body([c32, (O.TABLE_GET, 0)], "type mismatch", results=[FUNCREF], **ext)
    invalid_body([c32, (O.REF_NULL, FUNCREF), (O.TABLE_SET, 0)], "type mismatch", **ext)
    invalid_body([(O.TABLE_SIZE, 1)], "unknown table 1", results=[I32], **ext)
    invalid_body([c32, c32, c32, (O.TABLE_COPY, 0, 1)], "unknown table 1", **ext)
    two = {"tables": with_table()["tables"] + ext["tables"]}
    invalid_body([c32, c32, c32, (O.TABLE_COPY, 0, 1)], "type mismatch", **two)
    valid_body([c32, c32, c32, (O.TABLE_COPY, 1, 1)], **two)


def test_elem_segment_instructions():
    from wasmic.syntax import Elem, ElemMode
    elems = [Elem(EXTERNREF, [], ElemMode("passive"))]
    valid_body([c32, c32, c32, (O.TABLE_INIT, 0, 0), (O.ELEM_DROP, 0)], elems=elems,
               **with_table(EXTERNREF))
    invalid_body([c32, c32, c32, (O.TABLE_INIT, 0, 0)], "type mismatch", elems=elems,
                 **with_table(FUNCREF))
    invalid_body([c32, c32, c32, (O.TABLE_INIT, 4, 0)], "unknown elem segment 4", elems=elems,
                 **with_table(EXTERNREF))
    invalid_body([(O.ELEM_DROP, 1)], "unknown elem segment 1", elems=elems)


# -- memory -------------------------------------------------------------------

def test_loads_and_stores():
    valid_body([c32, (O.I64_LOAD32_U, 2, 8, 0)], results=[I64], **with_memory())
    valid_body([c32, c64, (O.I64_STORE, 3, 0, 0)], **with_memory())
    valid_body([c32, (O.V128_LOAD, 4, 0, 0)], results=[V128], **with_memory())
    invalid_body([c32, (O.I32_LOAD, 2, 0, 0), (O.DROP,)], "unknown memory 0")
    invalid_body([c32, c32, (O.I32_STORE, 2, 0, 0)], "unknown memory")
    invalid_body([c32, (O.I32_LOAD, 3, 0, 0)], "alignment must not be larger than natural",
                 results=[I32], **with_memory())
    invalid_body([c32, c32, (O.I32_STORE8, 1, 0, 0)], "alignment must not be larger than natural",
                 **with_memory())
    invalid_body([c64, (O.I32_LOAD, 2, 0, 0)], "type mismatch", results=[I32], **with_memory())
    invalid_body([c32, c32, (O.I64_STORE, 3, 0, 0)], "type mismatch", **with_memory())


def test_memory_instructions_need_a_memory():
    for body in ([(O.MEMORY_SIZE, 0), (O.DROP,)], [c32, (O.MEMORY_GROW, 0), (O.DROP,)],
                 [c32, c32, c32, (O.MEMORY_FILL, 0)], [c32, c32, c32, (O.MEMORY_COPY, 0, 0)]):
        valid_body(body, **with_memory())
        invalid_body(body, "unknown memory 0")


def test_data_segment_instructions():
    from wasmic.syntax import Data, DataMode
    datas = [Data(b"ab", DataMode("passive"))]
    valid_body([c32, c32, c32, (O.MEMORY_INIT, 0, 0), (O.DATA_DROP, 0)], datas=datas,
               **with_memory())
    invalid_body([c32, c32, c32, (O.MEMORY_INIT, 1, 0)], "unknown data segment 1", datas=datas,
                 **with_memory())
    invalid_body([(O.DATA_DROP, 0)], "unknown data segment 0")
    invalid_body([c32, c32, c32, (O.MEMORY_INIT, 0, 0)], "unknown memory 0", datas=datas)
    # The data count section, when present, is what the instructions are checked against.
    invalid_body([(O.DATA_DROP, 0)], "unknown data segment 0", datas=[], data_count=0)


# -- SIMD ---------------------------------------------------------------------

def test_simd_lanes():
    valid_body([cv, (O.I8X16_EXTRACT_LANE_U, 15)], results=[I32])
    valid_body([cv, c64, (O.I64X2_REPLACE_LANE, 1)], results=[V128])
    invalid_body([cv, (O.I8X16_EXTRACT_LANE_U, 16)], "invalid lane index", results=[I32])
    invalid_body([cv, (O.F64X2_EXTRACT_LANE, 2)], "invalid lane index", results=[F64])
    invalid_body([cv, c32, (O.I64X2_REPLACE_LANE, 0)], "type mismatch", results=[V128])
    valid_body([cv, cv, (O.I8X16_SHUFFLE, bytes(range(16, 32)))], results=[V128])
    invalid_body([cv, cv, (O.I8X16_SHUFFLE, bytes([0] * 15 + [32]))], "invalid lane index",
                 results=[V128])


def test_simd_memory_lanes():
    valid_body([c32, cv, (O.V128_LOAD16_LANE, 1, 0, 0, 7)], results=[V128], **with_memory())
    invalid_body([c32, cv, (O.V128_LOAD16_LANE, 1, 0, 0, 8)], "invalid lane index",
                 results=[V128], **with_memory())
    invalid_body([c32, cv, (O.V128_STORE64_LANE, 4, 0, 0, 0)],
                 "alignment must not be larger than natural", **with_memory())
    invalid_body([c32, cv, (O.V128_STORE8_LANE, 0, 0, 0, 0)], "unknown memory 0")


def test_unknown_instruction_is_a_validation_error():
    invalid_body([(0xFFFF,)], "unknown instruction")


def test_br_table_with_many_labels_of_a_wide_type_stays_linear():
    import time
    from wasmic.valid.context import MAX_ARITY
    wide = FuncType((), (I32,) * MAX_ARITY)
    twin = FuncType((), (I32,) * MAX_ARITY)  # equal, but another type index
    body = [(O.BLOCK, 0), (O.BLOCK, 1), (O.UNREACHABLE,), c32,
            (O.BR_TABLE, (0, 1) * 50_000, 0), (O.END,), (O.END,)]
    started = time.process_time()
    valid_body(body, results=wide.results, types=[wide, twin])
    assert time.process_time() - started < 2
