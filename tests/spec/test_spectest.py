"""The ``spectest`` host module description that execution tiers instantiate."""

from wasmic.spec.spectest import EXPORTS, HostGlobal
from wasmic.syntax.script import Const
from wasmic.syntax.types import F32, F64, FUNCREF, I32, I64, FuncType, Limits, MemoryType, TableType


def test_globals_hold_666_with_exact_float_bits():
    assert EXPORTS["global_i32"] == HostGlobal(EXPORTS["global_i32"].type, Const(I32, 666))
    assert EXPORTS["global_i64"].value == Const(I64, 666)
    assert EXPORTS["global_f32"].value == Const(F32, 0x4426A666)  # 666.6 rounded to single
    assert EXPORTS["global_f64"].value == Const(F64, 0x4084D4CCCCCCCCCD)
    assert not any(g.type.mutable for g in EXPORTS.values() if isinstance(g, HostGlobal))


def test_table_memory_and_print_functions():
    assert EXPORTS["table"] == TableType(Limits(10, 20), FUNCREF)
    assert EXPORTS["memory"] == MemoryType(Limits(1, 2))
    assert EXPORTS["print_i32_f32"] == FuncType((I32, F32), ())
    prints = [name for name, extern in EXPORTS.items() if isinstance(extern, FuncType)]
    assert sorted(prints) == ["print", "print_f32", "print_f64", "print_f64_f64", "print_i32",
                              "print_i32_f32", "print_i64"]
