"""The public type objects: construction, properties, equality, errors, and
conversion to and from ``wasmic.syntax.types``; wasmtime-py is the oracle
for names, printing and exception classes where it is installed."""

from __future__ import annotations

import pickle

import pytest
from wasmtime_oracle import outcome

from wasmic.errors import WasmError
from wasmic.runtime.types import (ExportType, FuncType, GlobalType, ImportType, Limits, MemoryType,
                                  TableType, ValType, module_export_types, module_import_types)
from wasmic.syntax import types as syn
from wasmic.syntax.module import Export, Func, Global, Import, Module, Table

KINDS = ["i32", "i64", "f32", "f64", "v128", "funcref", "externref"]




# --- ValType -------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_valtype_constructors_give_one_shared_instance_per_kind(kind):
    made = getattr(ValType, kind)()
    assert made is getattr(ValType, kind)()
    assert str(made) == repr(made) == kind
    assert made._to_syntax() is syn.ValueType(kind)
    assert ValType._from_syntax(syn.ValueType(kind)) is made
    assert pickle.loads(pickle.dumps(made)) is made


def test_valtype_equality_and_hash_follow_the_kind():
    assert ValType.i32() == ValType.i32()
    assert ValType.i32() != ValType.i64()
    assert ValType.i32() != "i32"
    assert len({ValType.i32(), ValType.i32(), ValType.f64()}) == 2


def test_valtype_cannot_be_constructed_directly():
    with pytest.raises(WasmError, match="cannot construct directly"):
        ValType()


@pytest.mark.parametrize("bad", [None, "int", 0x7F])
def test_valtype_from_syntax_rejects_non_value_types(bad):
    with pytest.raises(TypeError):
        ValType._from_syntax(bad)


@pytest.mark.parametrize("kind", ["i32", "i64", "f32", "f64", "funcref"])
def test_valtype_prints_like_wasmtime(wt, kind):
    theirs = getattr(wt.ValType, kind)()
    ours = getattr(ValType, kind)()
    assert (str(ours), repr(ours)) == (str(theirs), repr(theirs))
    assert ours == getattr(ValType, kind)() and theirs == getattr(wt.ValType, kind)()
    assert ours != ValType.f64() or kind == "f64"
    assert theirs != wt.ValType.f64() or kind == "f64"


def test_valtype_externref_prints_its_wasm_name():
    # wasmtime-py prints "anyref", the C API's old name; the wasm name is kept here.
    assert str(ValType.externref()) == "externref"


def test_valtype_direct_construction_fails_like_wasmtime(wt):
    assert outcome(ValType) == outcome(wt.ValType) == "WasmError"


# --- FuncType ------------------------------------------------------------------

def test_functype_properties_and_syntax_round_trip():
    ty = FuncType([ValType.i32(), ValType.f32()], [ValType.i64()])
    assert ty.params == [ValType.i32(), ValType.f32()]
    assert ty.results == [ValType.i64()]
    assert ty._to_syntax() == syn.FuncType((syn.I32, syn.F32), (syn.I64,))
    assert FuncType._from_syntax(ty._to_syntax()) == ty
    assert repr(ty) == "FuncType([i32, f32], [i64])"


def test_functype_params_are_fresh_lists():
    ty = FuncType([ValType.i32()], [])
    ty.params.append(ValType.f64())
    assert ty.params == [ValType.i32()]


def test_functype_accepts_any_iterable():
    assert FuncType((ValType.i32(),), iter([])).params == [ValType.i32()]
    assert FuncType((t for t in [ValType.f64()]), []).params == [ValType.f64()]


def test_functype_equality_is_structural():
    assert FuncType([ValType.i32()], []) == FuncType([ValType.i32()], [])
    assert FuncType([ValType.i32()], []) != FuncType([], [ValType.i32()])
    assert hash(FuncType([], [ValType.i32()])) == hash(FuncType([], [ValType.i32()]))
    assert FuncType([], []) != syn.FuncType()


@pytest.mark.parametrize("params, results", [
    (None, []), ([], None), ([1], []), (["i32"], []), ([], [syn.I32]), ("i32", []), (5, []),
])
def test_functype_rejects_non_valtypes_with_type_error(params, results):
    with pytest.raises(TypeError):
        FuncType(params, results)


@pytest.mark.parametrize("params", [None, [1], ["i32"], [None]])
def test_functype_errors_match_wasmtime(wt, params):
    ours = outcome(lambda: FuncType(params, []))
    theirs = outcome(lambda: wt.FuncType(params if params is None else [
        wt.ValType.i32() if p is ValType.i32() else p for p in params], []))
    assert ours == theirs == "TypeError"


# --- GlobalType ----------------------------------------------------------------

def test_globaltype_properties_and_round_trip():
    ty = GlobalType(ValType.f64(), True)
    assert (ty.content, ty.mutable) == (ValType.f64(), True)
    assert ty._to_syntax() == syn.GlobalType(syn.F64, True)
    assert GlobalType._from_syntax(syn.GlobalType(syn.I32)) == GlobalType(ValType.i32(), False)
    assert repr(ty) == "GlobalType(f64, mutable=True)"
    assert len({ty, GlobalType(ValType.f64(), True)}) == 1


@pytest.mark.parametrize("mutable, expected", [(1, True), ("x", True), (0, False), (None, False)])
def test_globaltype_mutable_is_truthiness_like_wasmtime(wt, mutable, expected):
    assert GlobalType(ValType.i32(), mutable).mutable is expected
    assert wt.GlobalType(wt.ValType.i32(), mutable).mutable is expected


@pytest.mark.parametrize("bad", [None, 1, "i32"])
def test_globaltype_rejects_bad_valtype_like_wasmtime(wt, bad):
    assert outcome(lambda: GlobalType(bad, True)) == outcome(lambda: wt.GlobalType(bad, True)) \
        == "TypeError"


def test_globaltype_needs_both_arguments():
    with pytest.raises(TypeError):
        GlobalType(ValType.i32())


# --- Limits --------------------------------------------------------------------

def test_limits_properties_equality_and_round_trip():
    limits = Limits(1, 2)
    assert (limits.min, limits.max) == (1, 2)
    assert Limits(3).max is None
    assert Limits(1, 2) == Limits(1, 2) != Limits(1, None)
    assert Limits(1, 2) != (1, 2)
    assert hash(Limits(1, 2)) == hash(Limits(1, 2))
    assert repr(Limits(1, None)) == "Limits(1, None)"
    assert Limits._from_syntax(syn.Limits(4, 5)) == Limits(4, 5)
    assert Limits(4)._to_syntax() == syn.Limits(4)


def test_limits_accept_index_like_ints():
    class Index:
        def __index__(self):
            return 7
    assert Limits(Index(), Index()) == Limits(7, 7)


def test_limits_are_read_only():
    with pytest.raises(AttributeError):
        Limits(1).min = 2


@pytest.mark.parametrize("args", [("a", None), (1.0, None), (None, None), (1, "2"), (1, 2.5)])
def test_limits_reject_non_ints(args):
    with pytest.raises(TypeError):
        Limits(*args)


@pytest.mark.parametrize("args", [(-1, None), (0, -1)])
def test_limits_reject_negative_sizes(args):
    with pytest.raises(WasmError, match="negative"):
        Limits(*args)


def test_limits_equality_matches_wasmtime(wt):
    assert (Limits(1, 2) == Limits(1, 2)) == (wt.Limits(1, 2) == wt.Limits(1, 2))
    assert (wt.Limits(1, 2).min, wt.Limits(1, 2).max) == (Limits(1, 2).min, Limits(1, 2).max)


# --- MemoryType ----------------------------------------------------------------

def test_memorytype_defaults_and_properties():
    ty = MemoryType(Limits(1, 2))
    assert ty.limits == Limits(1, 2)
    assert (ty.minimum, ty.maximum) == (1, 2)
    assert (ty.is_64, ty.is_shared, ty.page_size, ty.page_size_log2) == (False, False, 65536, 16)
    assert repr(ty) == "MemoryType(Limits(1, 2))"
    assert MemoryType(Limits(0)).maximum is None


def test_memorytype_options():
    ty = MemoryType(Limits(1, 2), is_64=True, shared=True, page_size_log2=0)
    assert (ty.is_64, ty.is_shared, ty.page_size, ty.page_size_log2) == (True, True, 1, 0)
    assert repr(ty) == "MemoryType(Limits(1, 2), is_64=True, shared=True, page_size_log2=0)"
    assert MemoryType(Limits(2**40), is_64=True).minimum == 2**40
    assert MemoryType(Limits(2**32), page_size_log2=0).minimum == 2**32


def test_memorytype_equality_is_structural():
    assert MemoryType(Limits(1)) == MemoryType(Limits(1))
    assert MemoryType(Limits(1)) != MemoryType(Limits(1), is_64=True)
    assert MemoryType(Limits(1, 1)) != MemoryType(Limits(1, 1), shared=True)
    assert len({MemoryType(Limits(1)), MemoryType(Limits(1))}) == 1


def test_memorytype_syntax_round_trip():
    assert MemoryType._from_syntax(syn.MemoryType(syn.Limits(1, 3))) == MemoryType(Limits(1, 3))
    assert MemoryType(Limits(1, 3), shared=True)._to_syntax() == \
        syn.MemoryType(syn.Limits(1, 3), shared=True)


@pytest.mark.parametrize("kwargs, match", [
    ({"is_64": True}, "memory64"), ({"page_size_log2": 0}, "page size"),
])
def test_memorytype_beyond_wasm2_cannot_become_syntax(kwargs, match):
    with pytest.raises(WasmError, match=match):
        MemoryType(Limits(1), **kwargs)._to_syntax()


MEMORY_CASES = [
    ("not limits", lambda L, M: M(1), "TypeError"),
    ("None limits", lambda L, M: M(None), "TypeError"),
    ("max below min", lambda L, M: M(L(3, 2)), "WasmError"),
    ("min too large", lambda L, M: M(L(65537, None)), "WasmError"),
    ("max too large", lambda L, M: M(L(1, 65537)), "WasmError"),
    ("largest", lambda L, M: M(L(65536, 65536)), "ok"),
    ("shared without max", lambda L, M: M(L(1, None), shared=True), "WasmError"),
    ("page size 2**5", lambda L, M: M(L(1, 2), page_size_log2=5), "WasmError"),
    ("page size 1", lambda L, M: M(L(1, 2), page_size_log2=0), "ok"),
    ("64-bit large", lambda L, M: M(L(2**40, None), True), "ok"),
    ("64-bit too large", lambda L, M: M(L(2**48 + 1, None), True), "WasmError"),
]


@pytest.mark.parametrize("name, make, expected", MEMORY_CASES, ids=[c[0] for c in MEMORY_CASES])
def test_memorytype_checks_match_wasmtime(wt, name, make, expected):
    assert outcome(lambda: make(Limits, MemoryType)) == expected
    assert outcome(lambda: make(wt.Limits, wt.MemoryType)) == expected


def test_memorytype_rejects_bad_page_size_type():
    with pytest.raises(TypeError):
        MemoryType(Limits(1), page_size_log2="16")


# --- TableType -----------------------------------------------------------------

def test_tabletype_properties_and_round_trip():
    ty = TableType(ValType.funcref(), Limits(1, 10))
    assert (ty.element, ty.limits) == (ValType.funcref(), Limits(1, 10))
    assert ty._to_syntax() == syn.TableType(syn.Limits(1, 10), syn.FUNCREF)
    assert TableType._from_syntax(ty._to_syntax()) == ty
    assert ty != TableType(ValType.externref(), Limits(1, 10))
    assert hash(ty) == hash(TableType(ValType.funcref(), Limits(1, 10)))
    assert repr(ty) == "TableType(funcref, Limits(1, 10))"


TABLE_CASES = [
    ("numeric element", lambda V, L, T: T(V.i32(), L(1, None)), "WasmError"),
    ("element not a type", lambda V, L, T: T(1, L(1, None)), "TypeError"),
    ("limits not limits", lambda V, L, T: T(V.funcref(), 1), "TypeError"),
    ("externref", lambda V, L, T: T(V.externref(), L(0, None)), "ok"),
]


@pytest.mark.parametrize("name, make, expected", TABLE_CASES, ids=[c[0] for c in TABLE_CASES])
def test_tabletype_checks_match_wasmtime(wt, name, make, expected):
    assert outcome(lambda: make(ValType, Limits, TableType)) == expected
    assert outcome(lambda: make(wt.ValType, wt.Limits, wt.TableType)) == expected


@pytest.mark.parametrize("limits", [Limits(3, 1), Limits(2**32), Limits(0, 2**32)])
def test_tabletype_rejects_impossible_limits(limits):
    # wasmtime-py accepts these and truncates or fails later; they are refused here.
    with pytest.raises(WasmError):
        TableType(ValType.funcref(), limits)


# --- ImportType / ExportType -----------------------------------------------------

def test_import_and_export_types():
    func = FuncType([ValType.i32()], [])
    imp = ImportType("env", "f", func)
    assert (imp.module, imp.name, imp.type) == ("env", "f", func)
    assert imp == ImportType("env", "f", FuncType([ValType.i32()], []))
    assert len({imp, ImportType("env", "f", func)}) == 1
    assert repr(imp) == "ImportType('env', 'f', FuncType([i32], []))"
    exp = ExportType("mem", MemoryType(Limits(1)))
    assert (exp.name, exp.type) == ("mem", MemoryType(Limits(1)))
    assert exp != ExportType("mem", MemoryType(Limits(2)))
    assert repr(exp) == "ExportType('mem', MemoryType(Limits(1, None)))"


@pytest.mark.parametrize("make", [
    lambda: ImportType(1, "f", GlobalType(ValType.i32(), False)),
    lambda: ImportType("m", None, GlobalType(ValType.i32(), False)),
    lambda: ImportType("m", "f", ValType.i32()),
    lambda: ExportType(b"f", GlobalType(ValType.i32(), False)),
    lambda: ExportType("f", None),
])
def test_import_and_export_types_reject_bad_arguments(make):
    with pytest.raises(TypeError):
        make()


def sample_module() -> Module:
    ft0 = syn.FuncType((syn.I32,), (syn.I64,))
    ft1 = syn.FuncType()
    return Module(
        types=[ft0, ft1],
        imports=[
            Import("env", "f", syn.ExternKind.FUNC, 0),
            Import("env", "t", syn.ExternKind.TABLE, syn.TableType(syn.Limits(1), syn.FUNCREF)),
            Import("env", "m", syn.ExternKind.MEMORY, syn.MemoryType(syn.Limits(1, 2))),
            Import("env", "g", syn.ExternKind.GLOBAL, syn.GlobalType(syn.F32, True)),
        ],
        funcs=[Func(1, (), [])],
        tables=[Table(syn.TableType(syn.Limits(0, 5), syn.EXTERNREF))],
        globals=[Global(syn.GlobalType(syn.I64), [])],
        exports=[Export("imported_f", syn.ExternKind.FUNC, 0), Export("own_f", syn.ExternKind.FUNC, 1),
                 Export("t0", syn.ExternKind.TABLE, 0), Export("t1", syn.ExternKind.TABLE, 1),
                 Export("mem", syn.ExternKind.MEMORY, 0), Export("g1", syn.ExternKind.GLOBAL, 1)],
    )


def test_module_import_types():
    imports = module_import_types(sample_module())
    assert [(i.module, i.name) for i in imports] == [("env", "f"), ("env", "t"), ("env", "m"),
                                                      ("env", "g")]
    assert [i.type for i in imports] == [
        FuncType([ValType.i32()], [ValType.i64()]),
        TableType(ValType.funcref(), Limits(1)),
        MemoryType(Limits(1, 2)),
        GlobalType(ValType.f32(), True),
    ]


def test_module_export_types_resolve_index_spaces():
    module = sample_module()
    exports = module_export_types(module)
    assert [(e.name, e.type) for e in exports] == [
        ("imported_f", FuncType([ValType.i32()], [ValType.i64()])),
        ("own_f", FuncType([], [])),
        ("t0", TableType(ValType.funcref(), Limits(1))),
        ("t1", TableType(ValType.externref(), Limits(0, 5))),
        ("mem", MemoryType(Limits(1, 2))),
        ("g1", GlobalType(ValType.i64(), False)),
    ]
    assert ExportType._from_syntax(module.exports[3], module) == exports[3]


@pytest.mark.parametrize("export", [Export("x", syn.ExternKind.GLOBAL, 2),
                                    Export("x", syn.ExternKind.FUNC, 2),
                                    Export("x", syn.ExternKind.MEMORY, -1)])
def test_module_export_types_reject_dangling_indices(export):
    module = sample_module()
    module.exports = [export]
    with pytest.raises(WasmError, match="does not exist"):
        module_export_types(module)


def test_module_types_reject_dangling_type_indices():
    module = sample_module()
    module.imports[0].desc = 9
    with pytest.raises(WasmError, match="type 9"):
        module_import_types(module)
    module = sample_module()
    module.funcs[0].type_index = 9
    with pytest.raises(WasmError, match="no valid type"):
        module_export_types(module)


def test_module_types_reject_descriptions_of_the_wrong_kind():
    module = sample_module()
    module.imports[1].desc = 0  # a type index where a table type belongs
    with pytest.raises(WasmError, match="expected a table, memory or global type"):
        module_import_types(module)
