"""What validation hands to the lowering pass (``ModuleInfo``) and where errors point."""

from __future__ import annotations

from valid_build import func_module, invalid, valid, valid_body
from wasmic.syntax import ExternKind, Func, FuncType, Global, GlobalType, Import, Op
from wasmic.syntax.types import F64, FUNCREF, I32, I64, V128
from wasmic.valid import validate_module

c32 = (Op.I32_CONST, 0)


def test_heights_count_from_the_function_frame():
    info = valid_body([(Op.LOCAL_GET, 0), c32, (Op.I32_ADD,), (Op.BLOCK, I64), (Op.I64_CONST, 1),
                       (Op.END,), (Op.DROP,)], params=[I32], results=[I32])
    #                       local.get  const  add  block  i64.const  end  drop  end
    assert info.heights == [0, 1, 2, 1, 1, 2, 2, 1]
    assert info.max_height == 2
    assert info.locals == (I32,)
    assert info.type == FuncType((I32,), (I32,))


def test_heights_in_unreachable_code_are_the_validators():
    info = valid_body([c32, c32, (Op.UNREACHABLE,), (Op.I32_ADD,), (Op.DROP,)])
    assert info.heights == [0, 1, 2, 0, 1, 0]
    assert info.max_height == 2


def test_max_height_covers_the_results():
    info = valid_body([(Op.UNREACHABLE,)], results=[I32, I64, F64])
    assert info.max_height == 3


def test_block_params_stay_at_their_height():
    pair = FuncType((I32, I32), (I32,))
    info = valid_body([c32, c32, (Op.BLOCK, 0), (Op.I32_ADD,), (Op.END,)], results=[I32],
                      types=[pair])
    assert info.heights == [0, 1, 2, 2, 1, 1]
    assert info.block_types == {2: pair}


def test_block_types_are_resolved():
    sig = FuncType((I64,), (I64,))
    info = valid_body([(Op.BLOCK, None), (Op.END,), (Op.LOOP, I32), c32, (Op.END,), (Op.DROP,),
                       (Op.I64_CONST, 0), c32, (Op.IF, 0), (Op.END,), (Op.DROP,)], types=[sig])
    assert info.block_types == {0: FuncType(), 2: FuncType((), (I32,)), 8: sig}


def test_operand_types_of_drop_and_select():
    info = valid_body([(Op.F64_CONST, 0), (Op.DROP,), (Op.V128_CONST, 0), (Op.V128_CONST, 1), c32,
                       (Op.SELECT,), (Op.DROP,), (Op.REF_NULL, FUNCREF), (Op.DROP,)])
    assert info.operand_types == {1: F64, 5: V128, 6: V128, 8: FUNCREF}


def test_unknown_operand_types_are_omitted():
    info = valid_body([(Op.UNREACHABLE,), (Op.DROP,), (Op.SELECT,), (Op.DROP,), c32, c32, c32,
                       (Op.SELECT,), (Op.DROP,)])
    assert info.operand_types == {7: I32, 8: I32}


def test_module_info_lists_index_spaces_imports_first():
    imported = FuncType((I32,), ())
    module = func_module([], imports=[Import("m", "f", ExternKind.FUNC, 0),
                                      Import("m", "g", ExternKind.GLOBAL, GlobalType(I64))],
                         types=[imported],
                         globals=[Global(GlobalType(I32, True), [c32, (Op.END,)])])
    info = validate_module(module)
    assert info.func_types == [imported, FuncType()]
    assert info.global_types == [GlobalType(I64), GlobalType(I32, True)]
    assert len(info.funcs) == 1


def test_errors_name_the_function_index_and_byte_offset():
    module = func_module([c32, (Op.I64_EQZ,)], imports=[Import("m", "f", ExternKind.FUNC, 0)],
                         types=[FuncType()])
    module.funcs[0].offsets = [100, 102, 103]
    module.names.funcs[1] = "broken"
    error = invalid(module, "type mismatch")
    assert (error.func, error.offset) == (1, 102)
    assert "broken" in str(error)


def test_errors_without_offsets_give_the_position():
    error = invalid(func_module([c32, c32, (Op.I64_EQZ,)]), "type mismatch")
    assert (error.func, error.offset) == (0, 2)


def test_module_level_errors_have_no_function():
    error = invalid(func_module([], start=7), "unknown function 7")
    assert error.func is None


def test_each_defined_function_gets_info():
    module = func_module([c32], results=[I32])
    module.funcs.append(Func(0, (I64,), [(Op.LOCAL_GET, 0), (Op.I32_WRAP_I64,), (Op.END,)]))
    info = valid(module)
    assert [f.locals for f in info.funcs] == [(), (I64,)]
    assert [f.heights for f in info.funcs] == [[0, 1], [0, 1, 1]]
