"""Module-level rules: limits, imports, constant expressions, segments, start, exports."""

from __future__ import annotations

import pytest

from valid_build import func_module, invalid, valid, with_memory, with_table
from wasmic.syntax import (Data, DataMode, Elem, ElemMode, Export, ExternKind, Func, FuncType,
                           Global, GlobalType, Import, Limits, Memory, MemoryType, Module, Op,
                           Table, TableType)
from wasmic.syntax.types import EXTERNREF, F32, FUNCREF, I32, I64
from wasmic.valid.context import MAX_ARITY

END = (Op.END,)


def const(value: int = 0) -> list:
    return [(Op.I32_CONST, value), END]


# -- types, imports, limits ---------------------------------------------------

def test_function_type_indices_must_exist():
    invalid(Module(funcs=[Func(0, (), [END])]), "unknown type 0")
    invalid(Module(imports=[Import("m", "f", ExternKind.FUNC, 3)]), "unknown type 3")


@pytest.mark.parametrize("limits, message", [
    (Limits(2, 1), "size minimum must not be greater than maximum"),
    (Limits(65537), "memory size must be at most 65536 pages (4GiB)"),
    (Limits(0, 65537), "memory size must be at most 65536 pages (4GiB)"),
])
def test_memory_limits(limits, message):
    invalid(Module(mems=[Memory(MemoryType(limits))]), message)
    invalid(Module(imports=[Import("m", "mem", ExternKind.MEMORY, MemoryType(limits))]), message)


def test_memory_limits_at_the_bounds_are_valid():
    valid(Module(mems=[Memory(MemoryType(Limits(65536, 65536)))]))
    valid(Module(tables=[Table(TableType(Limits(2**32 - 1, 2**32 - 1), FUNCREF))]))


def test_table_limits():
    invalid(Module(tables=[Table(TableType(Limits(3, 2), FUNCREF))]),
            "size minimum must not be greater than maximum")
    invalid(Module(tables=[Table(TableType(Limits(2**32), FUNCREF))]), "table size")


def test_at_most_one_memory_but_many_tables():
    imported = Import("m", "mem", ExternKind.MEMORY, MemoryType(Limits(1)))
    invalid(Module(imports=[imported], **with_memory()), "multiple memories")
    invalid(Module(mems=[Memory(MemoryType(Limits(0)))] * 2), "multiple memories")
    valid(Module(tables=[Table(TableType(Limits(0), FUNCREF)),
                         Table(TableType(Limits(0), EXTERNREF))]))


# -- globals and constant expressions ----------------------------------------

def _imported_globals():
    return [Import("m", "c", ExternKind.GLOBAL, GlobalType(I32)),
            Import("m", "v", ExternKind.GLOBAL, GlobalType(I32, mutable=True))]


def test_global_initialisers():
    valid(Module(globals=[Global(GlobalType(I64), [(Op.I64_CONST, 1), END]),
                          Global(GlobalType(FUNCREF), [(Op.REF_NULL, FUNCREF), END])]))
    valid(Module(imports=_imported_globals(),
                 globals=[Global(GlobalType(I32), [(Op.GLOBAL_GET, 0), END])]))
    invalid(Module(globals=[Global(GlobalType(I64), const())]), "type mismatch")
    invalid(Module(globals=[Global(GlobalType(I32), [END])]), "type mismatch")
    invalid(Module(globals=[Global(GlobalType(I32), [(Op.I32_CONST, 0), (Op.I32_CONST, 0), END])]),
            "type mismatch")


@pytest.mark.parametrize("init", [
    [(Op.I32_CONST, 1), (Op.I32_CONST, 2), (Op.I32_ADD,), END],  # extended-const is not 2.0
    [(Op.NOP,), (Op.I32_CONST, 1), END],
    [(Op.GLOBAL_GET, 1), END],  # a mutable import
])
def test_constant_expression_required(init):
    invalid(Module(imports=_imported_globals(), globals=[Global(GlobalType(I32), init)]),
            "constant expression required")


def test_const_global_get_sees_only_imported_globals():
    globals_ = [Global(GlobalType(I32), const()),
                Global(GlobalType(I32), [(Op.GLOBAL_GET, 0), END])]
    invalid(Module(globals=globals_), "unknown global 0")
    invalid(Module(globals=[Global(GlobalType(I32), [(Op.GLOBAL_GET, 5), END])]),
            "unknown global 5")


def test_ref_func_in_a_constant_needs_the_function():
    invalid(Module(globals=[Global(GlobalType(FUNCREF), [(Op.REF_FUNC, 0), END])]),
            "unknown function 0")


# -- element and data segments -----------------------------------------------

def _func() -> dict:
    return {"types": [FuncType()], "funcs": [Func(0, (), [END])]}


def test_elem_segments():
    items = [[(Op.REF_FUNC, 0), END], [(Op.REF_NULL, FUNCREF), END]]
    valid(Module(elems=[Elem(FUNCREF, items, ElemMode("active", 0, const()))],
                 **with_table(**_func())))
    valid(Module(elems=[Elem(FUNCREF, items, ElemMode("passive")),
                        Elem(FUNCREF, items, ElemMode("declarative"))], **_func()))
    invalid(Module(elems=[Elem(FUNCREF, items, ElemMode("active", 0, const()))], **_func()),
            "unknown table 0")
    invalid(Module(elems=[Elem(FUNCREF, items, ElemMode("active", 0, const()))],
                   **with_table(EXTERNREF, **_func())), "type mismatch")
    invalid(Module(elems=[Elem(FUNCREF, items, ElemMode("active", 0, [(Op.I64_CONST, 0), END]))],
                   **with_table(**_func())), "type mismatch")
    invalid(Module(elems=[Elem(EXTERNREF, items, ElemMode("passive"))], **_func()),
            "type mismatch")
    invalid(Module(elems=[Elem(FUNCREF, [[(Op.I32_CONST, 0), (Op.DROP,), END]],
                               ElemMode("passive"))]), "constant expression required")


def test_data_segments():
    valid(Module(datas=[Data(b"x", DataMode("active", 0, const())), Data(b"", DataMode("passive"))],
                 **with_memory()))
    invalid(Module(datas=[Data(b"x", DataMode("active", 0, const()))]), "unknown memory 0")
    invalid(Module(datas=[Data(b"x", DataMode("active", 0, [(Op.F32_CONST, 0), END]))],
                   **with_memory()), "type mismatch")
    not_constant = [(Op.I32_CONST, 0), (Op.I32_EQZ,), END]
    invalid(Module(datas=[Data(b"x", DataMode("active", 0, not_constant))],
                   **with_memory()), "constant expression required")


# -- start and exports --------------------------------------------------------

def test_start_function():
    valid(Module(start=0, **_func()))
    invalid(Module(start=1, **_func()), "unknown function 1")
    module = func_module([(Op.I32_CONST, 0)], results=[I32])
    module.start = 0
    invalid(module, "start function")


def test_exports():
    everything = {"imports": [Import("m", "g", ExternKind.GLOBAL, GlobalType(F32))],
                  **with_memory(**with_table(**_func()))}
    exports = [Export("f", ExternKind.FUNC, 0), Export("t", ExternKind.TABLE, 0),
               Export("m", ExternKind.MEMORY, 0), Export("g", ExternKind.GLOBAL, 0)]
    valid(Module(exports=exports, **everything))
    invalid(Module(exports=exports + [Export("f", ExternKind.GLOBAL, 0)], **everything),
            "duplicate export name")
    for kind, space in [(ExternKind.FUNC, "function"), (ExternKind.TABLE, "table"),
                        (ExternKind.MEMORY, "memory"), (ExternKind.GLOBAL, "global")]:
        invalid(Module(exports=[Export("x", kind, 1)], **everything), f"unknown {space} 1")


# -- declared function references ---------------------------------------------

def _ref_func_module(**parts) -> Module:
    return func_module([(Op.REF_FUNC, 0), (Op.DROP,)], **parts)


def test_ref_func_needs_a_declaration_outside_function_bodies():
    invalid(_ref_func_module(), "undeclared function reference")
    valid(_ref_func_module(exports=[Export("f", ExternKind.FUNC, 0)]))
    declarative = Elem(FUNCREF, [[(Op.REF_FUNC, 0), END]], ElemMode("declarative"))
    valid(_ref_func_module(elems=[declarative]))
    valid(_ref_func_module(globals=[Global(GlobalType(FUNCREF), [(Op.REF_FUNC, 0), END])]))


def test_ref_func_in_another_body_does_not_declare():
    module = _ref_func_module()
    module.funcs.append(Func(0, (), [(Op.REF_FUNC, 0), (Op.DROP,), END]))
    invalid(module, "undeclared function reference")


def test_the_start_function_alone_does_not_declare():
    invalid(_ref_func_module(start=0), "undeclared function reference")


# -- implementation limits ------------------------------------------------------

def test_function_types_have_bounded_arity():
    valid(Module(types=[FuncType((I32,) * MAX_ARITY, (I64,) * MAX_ARITY)]))
    invalid(Module(types=[FuncType((I32,) * (MAX_ARITY + 1))]), "implementation limit")
    invalid(Module(types=[FuncType((), (I32,) * (MAX_ARITY + 1))]), "implementation limit")
