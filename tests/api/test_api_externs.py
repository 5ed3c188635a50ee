"""Memory (every method, numpy zero-copy), SharedMemory, Table and Global,
on both tiers: host and wasm see the same state."""

import ctypes

import numpy as np
import pytest

import wasmic
from api_helpers import exports_of
from engines import engine_with
from api_marks import negative, positive
from wasmtime_oracle import outcome

VT = wasmic.ValType
MEM_WAT = """(module (memory (export "mem") 1 4)
  (func (export "load") (param i32) (result i32) local.get 0 i32.load8_u)
  (func (export "store") (param i32 i32) local.get 0 local.get 1 i32.store8))"""


@positive("Memory.__init__", "Memory.type", "Memory.size", "Memory.data_len", "Memory.page_size",
          "Memory.page_size_log2")
def test_memory_sizes(store):
    memory = wasmic.Memory(store, wasmic.MemoryType(wasmic.Limits(2, 5)))
    assert memory.type(store) == wasmic.MemoryType(wasmic.Limits(2, 5))
    assert (memory.size(store), memory.data_len(store)) == (2, 2 * 65536)
    assert (memory.page_size(store), memory.page_size_log2(store)) == (65536, 16)


@negative("Memory.__init__", "Memory.type", "Memory.size", "Memory.data_len", "Memory.page_size",
          "Memory.page_size_log2")
def test_memory_wrong_type_and_store(store, other_store):
    with pytest.raises(TypeError, match="MemoryType"):
        wasmic.Memory(store, wasmic.Limits(1, None))
    memory = wasmic.Memory(store, wasmic.MemoryType(wasmic.Limits(1, None)))
    for method in (memory.type, memory.size, memory.data_len, memory.page_size,
                   memory.page_size_log2):
        with pytest.raises(wasmic.WasmError, match="wrong store"):
            method(other_store)
        with pytest.raises(TypeError):
            method(None)


@positive("Memory.read", "Memory.write")
def test_read_and_write_are_seen_by_wasm(store):
    exports = exports_of(store, MEM_WAT)
    memory = exports["mem"]
    assert memory.write(store, b"\x01\x02\x03", 10) == 3
    assert exports["load"](store, 11) == 2
    exports["store"](store, 20, 99)
    assert memory.read(store, 20, 21) == bytearray([99])
    assert memory.read(store, -1) == bytearray(1)
    assert memory.write(store, bytearray(b"\xff"), -1) == 1 and memory.read(store, -1)[0] == 255


@negative("Memory.read", "Memory.write")
def test_read_and_write_out_of_bounds(store, other_store):
    memory = exports_of(store, MEM_WAT)["mem"]
    with pytest.raises(IndexError):
        memory.write(store, b"xy", 65535)
    with pytest.raises(wasmic.WasmError):
        memory.write(store, b"x", 1 << 40)
    with pytest.raises(TypeError):
        memory.write(store, "text", 0)
    assert memory.read(store, 65530, 1 << 40) == bytearray(6)  # slice semantics
    with pytest.raises(TypeError):
        memory.read(store, "0")
    with pytest.raises(wasmic.WasmError, match="wrong store"):
        memory.read(other_store)


@positive("Memory.grow")
def test_grow_from_host_is_seen_by_wasm(store):
    exports = exports_of(store, MEM_WAT)
    assert exports["mem"].grow(store, 2) == 1
    exports["store"](store, 3 * 65536 - 1, 5)
    assert exports["load"](store, 3 * 65536 - 1) == 5


@negative("Memory.grow")
def test_grow_past_the_maximum_or_negative(store):
    memory = exports_of(store, MEM_WAT)["mem"]
    with pytest.raises(wasmic.WasmError):
        memory.grow(store, 4)
    with pytest.raises(wasmic.WasmError):
        memory.grow(store, -1)
    with pytest.raises(TypeError):
        memory.grow(store, 1.0)
    assert memory.size(store) == 1


@positive("Memory.get_buffer_ptr")
def test_numpy_views_memory_without_copying(store):
    exports = exports_of(store, MEM_WAT)
    view = np.frombuffer(exports["mem"].get_buffer_ptr(store), dtype=np.uint8)
    view[100:104] = [1, 2, 3, 4]
    assert exports["load"](store, 102) == 3
    exports["store"](store, 200, 77)
    assert view[200] == 77
    part = np.frombuffer(exports["mem"].get_buffer_ptr(store, 4, 100), dtype=np.uint8)
    assert list(part) == [1, 2, 3, 4]


@negative("Memory.get_buffer_ptr")
def test_buffer_ptr_out_of_range(store):
    memory = exports_of(store, MEM_WAT)["mem"]
    with pytest.raises(IndexError):
        memory.get_buffer_ptr(store, 10, 65530)
    with pytest.raises(IndexError):
        memory.get_buffer_ptr(store, None, -1)
    with pytest.raises(TypeError):
        memory.get_buffer_ptr(store, "all")


@positive("Memory.data_ptr")
def test_data_ptr_reads_and_writes_memory(store):
    exports = exports_of(store, MEM_WAT)
    pointer = exports["mem"].data_ptr(store)
    assert isinstance(pointer, ctypes.POINTER(ctypes.c_ubyte))
    pointer[30] = 123
    assert exports["load"](store, 30) == 123
    exports["store"](store, 31, 45)
    assert pointer[31] == 45


@negative("Memory.data_ptr")
def test_data_ptr_wrong_store(store, other_store):
    memory = exports_of(store, MEM_WAT)["mem"]
    with pytest.raises(wasmic.WasmError, match="wrong store"):
        memory.data_ptr(other_store)
    with pytest.raises(TypeError):
        memory.data_ptr(None)


@positive("SharedMemory.__init__", "SharedMemory.type", "SharedMemory.size",
          "SharedMemory.data_len", "SharedMemory.data_ptr", "SharedMemory.grow")
def test_shared_memory(tier):
    ty = wasmic.MemoryType(wasmic.Limits(1, 3), shared=True)
    memory = wasmic.SharedMemory(engine_with(tier, shared_memory=True), ty)
    assert memory.type() == ty and memory.size() == 1 and memory.data_len() == 65536
    memory.data_ptr()[7] = 9
    assert memory.grow(2) == 1 and memory.size() == 3
    assert memory.data_ptr()[7] == 9


@negative("SharedMemory.__init__", "SharedMemory.type", "SharedMemory.size",
          "SharedMemory.data_len", "SharedMemory.data_ptr", "SharedMemory.grow")
def test_shared_memory_needs_a_shared_type_and_respects_the_maximum(tier, tier_engine, wt):
    shared = wasmic.MemoryType(wasmic.Limits(1, 2), shared=True)
    with pytest.raises(wasmic.WasmError, match="Config.shared_memory"):
        wasmic.SharedMemory(tier_engine, shared)  # as wasmtime: off by default
    oracle_type = wt.MemoryType(wt.Limits(1, 2), shared=True)
    assert outcome(lambda: wt.SharedMemory(wt.Engine(), oracle_type)) == "WasmError"
    engine = engine_with(tier, shared_memory=True)
    with pytest.raises(wasmic.WasmError, match="shared"):
        wasmic.SharedMemory(engine, wasmic.MemoryType(wasmic.Limits(1, 2)))
    with pytest.raises(TypeError):
        wasmic.SharedMemory(None, shared)
    memory = wasmic.SharedMemory(engine, shared)
    with pytest.raises(wasmic.WasmError, match="maximum"):
        memory.grow(2)
    with pytest.raises(TypeError):
        memory.grow("1")
    with pytest.raises(TypeError):
        memory.size(1)
    with pytest.raises(TypeError):
        memory.data_len(1)
    with pytest.raises(TypeError):
        memory.type(1)
    with pytest.raises(TypeError):
        memory.data_ptr(1)


TABLE_WAT = """(module (table (export "tab") 2 10 funcref)
  (type $r (func (result i32)))
  (func (export "seven") (result i32) i32.const 7)
  (func (export "call") (param i32) (result i32) local.get 0 call_indirect (type $r)))"""


@positive("Table.__init__", "Table.get", "Table.set", "Table.size", "Table.type", "Table.grow")
def test_table_entries_are_called_by_wasm(store):
    exports = exports_of(store, TABLE_WAT)
    table = exports["tab"]
    assert table.size(store) == 2 and table.get(store, 0) is None
    table.set(store, 1, exports["seven"])
    assert exports["call"](store, 1) == 7
    assert table.grow(store, 3, exports["seven"]) == 2
    assert exports["call"](store, 4) == 7
    assert table.type(store).limits == wasmic.Limits(2, 10)
    refs = wasmic.Table(store, wasmic.TableType(VT.externref(), wasmic.Limits(1, None)), "x")
    assert refs.get(store, 0) == "x" and refs.get(store, 5) is None


@negative("Table.__init__", "Table.get", "Table.set", "Table.size", "Table.type", "Table.grow")
def test_table_refuses_bad_indices_values_and_stores(store, other_store):
    exports = exports_of(store, TABLE_WAT)
    table = exports["tab"]
    with pytest.raises(wasmic.WasmError, match="out of bounds"):
        table.set(store, 5, None)
    with pytest.raises(TypeError):
        table.set(store, 0, "not a function")
    with pytest.raises(TypeError):
        table.get(store, "0")
    with pytest.raises(wasmic.WasmError):
        table.grow(store, 20, None)
    elsewhere = wasmic.Func(other_store, wasmic.FuncType([], [VT.i32()]), lambda: 1)
    with pytest.raises(wasmic.WasmError, match="wrong store"):
        table.set(store, 0, elsewhere)
    with pytest.raises(wasmic.WasmError, match="wrong store"):
        table.size(other_store)
    with pytest.raises(wasmic.WasmError, match="wrong store"):
        table.type(other_store)
    with pytest.raises(TypeError):
        wasmic.Table(store, wasmic.MemoryType(wasmic.Limits(1, None)), None)


GLOBAL_WAT = """(module (global (export "g") (mut i64) (i64.const 5))
  (global (export "c") f32 (f32.const 1.5))
  (func (export "get") (result i64) global.get 0))"""


@positive("Global.__init__", "Global.value", "Global.set_value", "Global.type")
def test_globals_shared_between_host_and_wasm(store):
    exports = exports_of(store, GLOBAL_WAT)
    g = exports["g"]
    assert g.value(store) == 5
    g.set_value(store, -(1 << 63))
    assert exports["get"](store) == -(1 << 63)
    assert exports["c"].value(store) == 1.5
    assert g.type(store) == wasmic.GlobalType(VT.i64(), True)
    own = wasmic.Global(store, wasmic.GlobalType(VT.f64(), False), 2.5)
    assert own.value(store) == 2.5


@negative("Global.__init__", "Global.value", "Global.set_value", "Global.type")
def test_globals_refuse_immutable_writes_bad_values_and_stores(store, other_store):
    exports = exports_of(store, GLOBAL_WAT)
    with pytest.raises(wasmic.WasmError, match="immutable"):
        exports["c"].set_value(store, 2.0)
    with pytest.raises(TypeError):
        exports["g"].set_value(store, "5")
    with pytest.raises(wasmic.WasmError, match="out of range"):
        exports["g"].set_value(store, 1 << 64)
    with pytest.raises(wasmic.WasmError, match="wrong store"):
        exports["g"].value(other_store)
    with pytest.raises(wasmic.WasmError, match="wrong store"):
        exports["g"].type(other_store)
    with pytest.raises(TypeError):
        wasmic.Global(store, VT.i32(), 1)
