"""Instantiation as the spec orders it (imports checked, segments applied in
order, start function last), and an instance's exports."""

from __future__ import annotations

import pytest

from wasmic.errors import WasmError
from wasmic.runtime import (Func, FuncType, Global, GlobalType, Instance, Limits, Memory,
                            MemoryType, Module, Store, Table, TableType, Trap, TrapCode, ValType)

pytestmark = pytest.mark.usefixtures("default_tier")  # each test on both tiers

I32 = ValType.i32()


def module(store, wat):
    return Module(store.engine, wat)


def test_exports_by_name_index_attribute_and_iteration():
    store = Store()
    instance = Instance(store, module(store, """(module
      (func (export "f") (result i32) i32.const 1)
      (memory (export "mem") 1)
      (global (export "g") i32 (i32.const 5))
      (table (export "t") 2 funcref))"""), [])
    exports = instance.exports(store)
    assert list(exports) == ["f", "mem", "g", "t"]
    assert len(exports) == 4
    assert exports[0] is exports["f"] is exports.f
    assert isinstance(exports.by_index[1], Memory)
    assert isinstance(exports["t"], Table)
    assert exports["g"].value(store) == 5
    assert exports.get("missing") is None
    with pytest.raises(KeyError):
        exports["missing"]
    with pytest.raises(AttributeError):
        exports.missing


def test_segments_apply_in_order_and_a_trap_keeps_earlier_writes():
    store = Store()
    memory = Memory(store, MemoryType(Limits(1)))
    table = Table(store, TableType(ValType.funcref(), Limits(2)), None)
    wat = """(module
      (import "" "mem" (memory 1)) (import "" "tab" (table 2 funcref))
      (func $f)
      (elem (i32.const 0) $f)
      (elem (i32.const 1) $f $f)   ;; out of bounds: traps, after the first segment
      (data (i32.const 0) "never"))"""
    with pytest.raises(Trap) as caught:
        Instance(store, module(store, wat), [memory, table])
    assert caught.value.trap_code is TrapCode.TABLE_OUT_OF_BOUNDS
    assert table.get(store, 0) is not None and table.get(store, 1) is None
    assert memory.read(store, 0, 5) == bytearray(5)  # data segments come after elements


def test_data_segments_in_order_partial_writes_remain():
    store = Store()
    memory = Memory(store, MemoryType(Limits(1)))
    wat = """(module (import "" "mem" (memory 1))
      (data (i32.const 0) "abc")
      (data (i32.const 65534) "xyz")
      (data (i32.const 3) "def"))"""
    with pytest.raises(Trap) as caught:
        Instance(store, module(store, wat), [memory])
    assert caught.value.trap_code is TrapCode.MEMORY_OUT_OF_BOUNDS
    assert memory.read(store, 0, 6) == bytearray(b"abc\0\0\0")
    assert memory.read(store, 65534, 65536) == bytearray(2)


def test_start_function_runs_last_and_its_trap_fails_instantiation():
    store = Store()
    memory = Memory(store, MemoryType(Limits(1)))
    wat = """(module (import "" "mem" (memory 1))
      (data (i32.const 0) "x")
      (func $start (i32.store8 (i32.const 1) (i32.load8_u (i32.const 0))) unreachable)
      (start $start))"""
    with pytest.raises(Trap) as caught:
        Instance(store, module(store, wat), [memory])
    assert caught.value.trap_code is TrapCode.UNREACHABLE
    assert memory.read(store, 0, 2) == bytearray(b"xx")


@pytest.mark.parametrize("wat, extern", [
    ('(import "m" "f" (func (param i32)))', lambda s: Func(s, FuncType([], []), lambda: None)),
    ('(import "m" "f" (func))', lambda s: Memory(s, MemoryType(Limits(1)))),
    ('(import "m" "g" (global (mut i32)))', lambda s: Global(s, GlobalType(I32, False), 1)),
    ('(import "m" "g" (global i64))', lambda s: Global(s, GlobalType(I32, False), 1)),
    ('(import "m" "mem" (memory 2))', lambda s: Memory(s, MemoryType(Limits(1)))),
    ('(import "m" "mem" (memory 1 2))', lambda s: Memory(s, MemoryType(Limits(1, 3)))),
    ('(import "m" "mem" (memory 1 2))', lambda s: Memory(s, MemoryType(Limits(1)))),
    ('(import "m" "t" (table 1 externref))',
     lambda s: Table(s, TableType(ValType.funcref(), Limits(1)), None)),
    ('(import "m" "t" (table 3 funcref))',
     lambda s: Table(s, TableType(ValType.funcref(), Limits(2)), None)),
])
def test_incompatible_imports_name_the_import(wat, extern):
    store = Store()
    with pytest.raises(WasmError, match="incompatible import type for `m::"):
        Instance(store, module(store, f"(module {wat})"), [extern(store)])


def test_compatible_limits_and_grown_memory():
    store = Store()
    memory = Memory(store, MemoryType(Limits(1, 4)))
    memory.grow(store, 1)
    Instance(store, module(store, '(module (import "m" "mem" (memory 2 5)))'), [memory])


def test_wrong_number_of_imports_and_wrong_store():
    store = Store()
    wat = '(module (import "m" "f" (func)))'
    with pytest.raises(WasmError, match="expected 1 imports, found 0"):
        Instance(store, module(store, wat), [])
    other = Store(store.engine)
    with pytest.raises(WasmError, match="wrong store"):
        Instance(store, module(store, wat), [Func(other, FuncType([], []), lambda: None)])


def test_call_indirect_type_check_across_modules():
    store = Store()
    first = Instance(store, module(store, """(module
      (table (export "t") 2 funcref)
      (func $add (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
      (func $one (result i32) i32.const 1)
      (elem (i32.const 0) $add $one))"""), [])
    table = first.exports(store)["t"]
    second = Instance(store, module(store, """(module
      (import "" "t" (table 2 funcref))
      (type $binary (func (param i32 i32) (result i32)))
      (func (export "call") (param i32) (result i32)
        (call_indirect (type $binary) (i32.const 2) (i32.const 3) (local.get 0))))"""), [table])
    call = second.exports(store)["call"]
    assert call(store, 0) == 5
    with pytest.raises(Trap) as caught:
        call(store, 1)
    assert caught.value.trap_code is TrapCode.BAD_SIGNATURE
    with pytest.raises(Trap) as caught:
        call(store, 2)
    assert str(caught.value).startswith("undefined element")


def test_shared_memory_growth_is_seen_by_both_instances():
    store = Store()
    owner = Instance(store, module(store, """(module (memory (export "m") 1 10)
      (func (export "grow") (result i32) (memory.grow (i32.const 2))))"""), [])
    memory = owner.exports(store)["m"]
    user = Instance(store, module(store, """(module (import "" "m" (memory 1 10))
      (func (export "size") (result i32) memory.size)
      (func (export "poke") (i32.store (i32.const 196000) (i32.const 7))))"""), [memory])
    assert owner.exports(store)["grow"](store) == 1
    assert user.exports(store)["size"](store) == 3
    user.exports(store)["poke"](store)
    assert memory.read(store, 196000, 196001) == bytearray(b"\x07")


def test_module_serialize_round_trip_and_introspection():
    store = Store()
    module = Module(store.engine, """(module $named
      (import "env" "f" (func (param i32)))
      (memory (export "mem") 1)
      (func (export "two") (result i32) i32.const 2))""")
    assert [(i.module, i.name) for i in module.imports] == [("env", "f")]
    assert [e.name for e in module.exports] == ["mem", "two"]
    assert module.name == "named"
    again = Module.deserialize(store.engine, module.serialize())
    func = Func(store, FuncType([I32], []), lambda x: None)
    assert Instance(store, again, [func]).exports(store)["two"](store) == 2
    with pytest.raises(WasmError):
        Module.deserialize(store.engine, b"\0asm\1\0\0\0")


def test_module_from_file_and_validate(tmp_path):
    store = Store()
    path = tmp_path / "m.wat"
    path.write_text('(module (func (export "f") (result i32) i32.const 9))')
    module = Module.from_file(store.engine, path)
    assert Instance(store, module, []).exports(store)["f"](store) == 9
    Module.validate(store.engine, path.read_text())
    with pytest.raises(WasmError):
        Module.validate(store.engine, "(module (func (result i32)))")
