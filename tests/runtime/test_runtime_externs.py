"""Memory, Table and Global from the host side: their public methods,
limits, and the errors for misuse."""

from __future__ import annotations

import pytest

from wasmic.errors import WasmError
from wasmic.runtime import (Func, FuncType, Global, GlobalType, Limits, Memory, MemoryType, Store,
                            Table, TableType, ValType)

pytestmark = pytest.mark.usefixtures("default_tier")  # each test on both tiers

I32 = ValType.i32()


def test_memory_read_write_grow():
    store = Store()
    memory = Memory(store, MemoryType(Limits(1, 3)))
    assert memory.size(store) == 1 and memory.data_len(store) == 65536
    assert memory.write(store, b"hello", 10) == 5
    assert memory.read(store, 10, 15) == bytearray(b"hello")
    assert memory.read(store, -3) == bytearray(3)
    assert memory.grow(store, 2) == 1
    assert memory.size(store) == 3
    with pytest.raises(WasmError):
        memory.grow(store, 1)
    assert memory.type(store).limits == Limits(1, 3)


def test_memory_write_out_of_bounds():
    store = Store()
    memory = Memory(store, MemoryType(Limits(1)))
    with pytest.raises(IndexError):
        memory.write(store, b"abc", 65534)
    with pytest.raises(WasmError):
        memory.write(store, b"a", 65536)


def test_memory_store_limit():
    store = Store()
    store.set_limits(memory_size=2 * 65536)
    memory = Memory(store, MemoryType(Limits(1)))
    assert memory.grow(store, 1) == 1
    with pytest.raises(WasmError):
        memory.grow(store, 1)
    with pytest.raises(WasmError):
        Memory(store, MemoryType(Limits(3)))


def test_memory_buffer_is_zero_copy():
    store = Store()
    memory = Memory(store, MemoryType(Limits(1)))
    view = memory.get_buffer_ptr(store, 4, 100)
    view[:] = b"wasm"
    assert memory.read(store, 100, 104) == bytearray(b"wasm")


def test_table_get_set_grow():
    store = Store()
    func = Func(store, FuncType([], []), lambda: None)
    table = Table(store, TableType(ValType.funcref(), Limits(2, 4)), None)
    assert table.size(store) == 2 and table.get(store, 0) is None
    table.set(store, 1, func)
    assert table.get(store, 1) is func
    assert table.get(store, 99) is None
    assert table.grow(store, 2, func) == 2
    assert table.get(store, 3) is func
    with pytest.raises(WasmError):
        table.grow(store, 1, None)
    with pytest.raises(WasmError):
        table.set(store, 4, None)
    with pytest.raises(TypeError):
        table.set(store, 0, "not a function")


def test_externref_table_holds_any_object():
    store = Store()
    table = Table(store, TableType(ValType.externref(), Limits(1)), None)
    marker = object()
    table.set(store, 0, marker)
    assert table.get(store, 0) is marker


def test_global_value_and_mutability():
    store = Store()
    counter = Global(store, GlobalType(I32, True), 5)
    assert counter.value(store) == 5
    counter.set_value(store, -1)
    assert counter.value(store) == -1
    constant = Global(store, GlobalType(ValType.f32(), False), 0.1)
    assert constant.value(store) == 0.10000000149011612
    with pytest.raises(WasmError):
        constant.set_value(store, 1.0)


def test_externs_refuse_another_store():
    store, other = Store(), Store()
    memory = Memory(store, MemoryType(Limits(1)))
    with pytest.raises(WasmError, match="wrong store"):
        memory.size(other)
    table = Table(store, TableType(ValType.funcref(), Limits(1)), None)
    with pytest.raises(WasmError, match="wrong store"):
        table.set(store, 0, Func(other, FuncType([], []), lambda: None))
