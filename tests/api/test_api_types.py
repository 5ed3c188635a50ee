"""The types (ValType, FuncType, GlobalType, Limits, MemoryType, TableType,
TagType) and Val, on both tiers: each type is built, read back, and used
to make or match a runtime object."""

import math

import pytest

import wasmic
from api_helpers import exports_of
from api_marks import negative, positive

VT = wasmic.ValType


@positive("ValType.*")
def test_valtypes_are_shared_and_named(store, wt):
    for name in ("i32", "i64", "f32", "f64", "funcref", "externref"):
        ours = getattr(VT, name)()
        assert ours is getattr(VT, name)()
        assert str(ours) == name
        assert str(getattr(wt.ValType, name)()) in (name, "anyref")
    param = exports_of(store, '(module (func (export "f") (param f64)))')["f"].type(store).params[0]
    assert param == VT.f64()


@negative("ValType.*")
def test_valtype_cannot_be_constructed_or_given_arguments():
    with pytest.raises(wasmic.WasmError):
        VT()
    with pytest.raises(TypeError):
        VT.i32(1)


@positive("FuncType.__init__", "FuncType.params", "FuncType.results")
def test_functype_describes_wasm_functions(store):
    ty = wasmic.FuncType([VT.i32(), VT.f64()], [VT.i64()])
    assert ty.params == [VT.i32(), VT.f64()] and ty.results == [VT.i64()]
    f = exports_of(store, '(module (func (export "f") (param i32 f64) (result i64) i64.const 0))')["f"]
    assert f.type(store) == ty


@negative("FuncType.__init__", "FuncType.params", "FuncType.results")
def test_functype_needs_lists_of_valtypes():
    with pytest.raises(TypeError):
        wasmic.FuncType([int], [])
    with pytest.raises(TypeError):
        wasmic.FuncType(VT.i32(), [])
    with pytest.raises(TypeError):
        wasmic.FuncType([], None)
    with pytest.raises(AttributeError):
        wasmic.FuncType([], []).params = []


@positive("GlobalType.__init__", "GlobalType.content", "GlobalType.mutable")
def test_globaltype_describes_globals(store):
    ty = wasmic.GlobalType(VT.i64(), True)
    assert ty.content == VT.i64() and ty.mutable is True
    assert wasmic.Global(store, ty, 5).type(store) == ty


@negative("GlobalType.__init__", "GlobalType.content", "GlobalType.mutable")
def test_globaltype_needs_a_valtype():
    with pytest.raises(TypeError):
        wasmic.GlobalType("i32", False)
    with pytest.raises(AttributeError):
        wasmic.GlobalType(VT.i32(), False).mutable = True


@positive("Limits.__init__", "Limits.min", "Limits.max")
def test_limits_bound_memories(store):
    limits = wasmic.Limits(1, 3)
    assert (limits.min, limits.max) == (1, 3)
    assert wasmic.Limits(0, None).max is None
    memory = wasmic.Memory(store, wasmic.MemoryType(limits))
    assert memory.grow(store, 2) == 1
    with pytest.raises(wasmic.WasmError):
        memory.grow(store, 1)


@negative("Limits.__init__", "Limits.min", "Limits.max")
def test_limits_refuse_negative_and_non_ints():
    with pytest.raises(wasmic.WasmError):
        wasmic.Limits(-1, None)
    with pytest.raises(TypeError):
        wasmic.Limits("1", None)
    with pytest.raises(TypeError):
        wasmic.Limits(1, 2.5)
    with pytest.raises(AttributeError):
        wasmic.Limits(1, 2).min = 0


@positive("MemoryType.__init__", "MemoryType.limits", "MemoryType.is_64", "MemoryType.is_shared",
          "MemoryType.page_size", "MemoryType.page_size_log2")
def test_memorytype_properties(store):
    ty = wasmic.MemoryType(wasmic.Limits(1, 2))
    assert ty.limits == wasmic.Limits(1, 2)
    assert (ty.is_64, ty.is_shared, ty.page_size, ty.page_size_log2) == (False, False, 65536, 16)
    shared = wasmic.MemoryType(wasmic.Limits(1, 2), shared=True)
    assert shared.is_shared
    assert wasmic.MemoryType(wasmic.Limits(1, None), is_64=True).is_64
    assert wasmic.MemoryType(wasmic.Limits(1, None), page_size_log2=0).page_size == 1
    exported = exports_of(store, '(module (memory (export "m") 1 2))')["m"].type(store)
    assert exported == ty


@negative("MemoryType.__init__", "MemoryType.limits", "MemoryType.is_64", "MemoryType.is_shared",
          "MemoryType.page_size", "MemoryType.page_size_log2")
def test_memorytype_refuses_impossible_memories(store):
    with pytest.raises(TypeError):
        wasmic.MemoryType((1, 2))
    with pytest.raises(wasmic.WasmError, match="maximum"):
        wasmic.MemoryType(wasmic.Limits(1, None), shared=True)
    with pytest.raises(wasmic.WasmError, match="page size"):
        wasmic.MemoryType(wasmic.Limits(1, None), page_size_log2=12)
    with pytest.raises(wasmic.WasmError):
        wasmic.MemoryType(wasmic.Limits(70000, None))
    with pytest.raises(wasmic.WasmError):
        wasmic.Memory(store, wasmic.MemoryType(wasmic.Limits(1, None), is_64=True))
    with pytest.raises(AttributeError):
        wasmic.MemoryType(wasmic.Limits(1, None)).is_64 = True


@positive("TableType.__init__", "TableType.element", "TableType.limits")
def test_tabletype_describes_tables(store):
    ty = wasmic.TableType(VT.funcref(), wasmic.Limits(2, None))
    assert ty.element == VT.funcref() and ty.limits == wasmic.Limits(2, None)
    assert exports_of(store, '(module (table (export "t") 2 funcref))')["t"].type(store) == ty


@negative("TableType.__init__", "TableType.element", "TableType.limits")
def test_tabletype_needs_a_reference_type_and_limits():
    with pytest.raises(wasmic.WasmError, match="reference"):
        wasmic.TableType(VT.i32(), wasmic.Limits(1, None))
    with pytest.raises(TypeError):
        wasmic.TableType(VT.funcref(), 1)
    with pytest.raises(AttributeError):
        wasmic.TableType(VT.funcref(), wasmic.Limits(1, None)).element = VT.externref()


@positive("TagType.__init__", "TagType.functype", "Tag.__init__", "Tag.type")
def test_tags_have_a_payload_type(store):
    ty = wasmic.TagType(wasmic.FuncType([VT.i32()], []))
    assert ty.functype.params == [VT.i32()]
    tag = wasmic.Tag(store, ty)
    assert tag.type(store) == ty


@negative("TagType.__init__", "TagType.functype", "Tag.__init__", "Tag.type")
def test_tags_check_their_arguments(store, other_store):
    with pytest.raises(TypeError):
        wasmic.TagType([VT.i32()])
    with pytest.raises(TypeError):
        wasmic.Tag(store, wasmic.FuncType([], []))
    tag = wasmic.Tag(store, wasmic.TagType(wasmic.FuncType([], [])))
    with pytest.raises(wasmic.WasmError, match="wrong store"):
        tag.type(other_store)
    with pytest.raises(AttributeError):
        tag.type(store).functype = None


@positive("Val.*", "Val.__init__")
def test_vals_carry_typed_values_into_calls(store):
    assert wasmic.Val.i32(-1).value == -1 and wasmic.Val.i32(0xFFFFFFFF).value == -1
    assert wasmic.Val.i64(5).as_i64() == 5 and wasmic.Val.i64(5).as_i32() is None
    assert wasmic.Val.f32(0.1).as_f32() == pytest.approx(0.1) and wasmic.Val.f32(0.1).as_f64() is None
    assert wasmic.Val.f64(math.pi).as_f64() == math.pi
    marker = object()
    assert wasmic.Val.externref(marker).as_externref() is marker
    func = wasmic.Func(store, wasmic.FuncType([], []), lambda: None)
    assert wasmic.Val.funcref(func).as_funcref() is func
    assert wasmic.Val.ref_null(VT.funcref()).value is None
    assert wasmic.Val(VT.i64(), 7).type == VT.i64()
    add = exports_of(store, '(module (func (export "f") (param i64) (result i64) local.get 0))')["f"]
    assert add(store, wasmic.Val.i64(-9)) == -9


@negative("Val.*", "Val.__init__")
def test_vals_refuse_wrong_values_and_types(store):
    with pytest.raises(wasmic.WasmError, match="out of range"):
        wasmic.Val.i32(1 << 32)
    with pytest.raises(TypeError):
        wasmic.Val.i64("5")
    with pytest.raises(TypeError):
        wasmic.Val.f64("pi")
    with pytest.raises(TypeError):
        wasmic.Val.funcref(abs)
    with pytest.raises(wasmic.WasmError, match="ref_null"):
        wasmic.Val.ref_null(VT.i32())
    with pytest.raises(TypeError):
        wasmic.Val("i32", 1)
    f = exports_of(store, '(module (func (export "f") (param i64) (result i64) local.get 0))')["f"]
    with pytest.raises(TypeError, match="Val"):
        f(store, wasmic.Val.i32(1))
    assert wasmic.Val.i32(1).as_externref() is None and wasmic.Val.i32(1).as_funcref() is None
