"""Tables, globals and references in the native tier, and linking native
instances to each other (functions called directly, tables, globals and
memories shared)."""

from __future__ import annotations

import gc
import weakref

import pytest

from wasmic.errors import WasmError
from wasmic.runtime.trap import Trap, TrapCode

PROVIDER = """(module
  (global (export "counter") (mut i32) (i32.const 10))
  (global (export "const64") i64 (i64.const -5))
  (table (export "tab") 4 8 funcref)
  (table $ext (export "ext") 2 externref)
  (elem (i32.const 1) $seven)
  (func $seven (export "seven") (result i32) i32.const 7)
  (func (export "bump") (result i32)
    global.get 0 i32.const 1 i32.add global.set 0 global.get 0)
  (func (export "get_ext") (param i32) (result externref) local.get 0 table.get $ext)
  (func (export "set_ext") (param i32 externref) local.get 0 local.get 1 table.set $ext)
  (func (export "grow_ext") (param externref i32) (result i32) local.get 0 local.get 1 table.grow $ext)
  (func (export "fill_ext") (param i32 externref i32) local.get 0 local.get 1 local.get 2 table.fill $ext)
  (func (export "size") (result i32) table.size 0)
  (func (export "is_null") (param i32) (result i32) local.get 0 table.get 0 ref.is_null)
)"""

CONSUMER = """(module
  (import "p" "seven" (func $seven (result i32)))
  (import "p" "counter" (global $counter (mut i32)))
  (import "p" "tab" (table $tab 4 funcref))
  (type $r (func (result i32)))
  (elem (table $tab) (i32.const 2) func $eight)
  (elem $passive func $seven $eight)
  (func $eight (result i32) i32.const 8)
  (func (export "call_seven") (result i32) call $seven)
  (func (export "call_slot") (param i32) (result i32) local.get 0 call_indirect $tab (type $r))
  (func (export "set_counter") (param i32) local.get 0 global.set $counter)
  (func (export "init") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 table.init $tab $passive)
  (func (export "copy") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 table.copy $tab $tab)
  (func (export "ref_seven") (result funcref) ref.func $seven)
)"""


@pytest.fixture
def pair(native):
    provider = native.instantiate(PROVIDER)
    consumer = native.instantiate(CONSUMER, [provider["seven"], provider["counter"], provider["tab"]])
    return provider, consumer


def test_function_import_between_native_instances(pair):
    _provider, consumer = pair
    assert consumer["call_seven"]() == 7


def test_shared_table_and_funcrefs_across_modules(pair):
    provider, consumer = pair
    assert consumer["call_slot"](1) == 7  # the provider's function, the consumer's call_indirect
    assert consumer["call_slot"](2) == 8  # written by the consumer's active segment
    assert provider["tab"].size == 4 and provider["is_null"](0) == 1
    with pytest.raises(Trap) as info:
        consumer["call_slot"](0)
    assert info.value.trap_code == TrapCode.INDIRECT_CALL_TO_NULL
    consumer["init"](0, 0, 2)
    assert [consumer["call_slot"](i) for i in (0, 1)] == [7, 8]
    consumer["copy"](1, 0, 3)  # overlapping copy
    assert [consumer["call_slot"](i) for i in (1, 2, 3)] == [7, 8, 8]
    with pytest.raises(Trap, match="out of bounds table access"):
        consumer["copy"](2, 0, 3)


def test_shared_global(pair):
    provider, consumer = pair
    assert provider["bump"]() == 11
    consumer["set_counter"](100)
    assert provider["counter"].value == 100 and provider["bump"]() == 101
    provider["counter"].value = -1
    assert provider["bump"]() == 0
    assert provider["const64"].value == -5
    with pytest.raises(WasmError):
        provider["const64"].value = 1


def test_funcrefs_in_python(pair):
    provider, consumer = pair
    ref = consumer["ref_seven"]()
    assert ref() == 7 and ref == provider["seven"]
    table = provider["tab"]
    assert table.get(0) is None and table.get(1)() == 7
    table.set(0, consumer["call_seven"])
    assert consumer["call_slot"](0) == 7  # a function of the consumer, through its export
    table.set(3, None)
    assert table.grow(2, provider["seven"]) == 4 and table.get(5)() == 7
    assert table.grow(3, None) == -1  # past the max of 8
    with pytest.raises(TypeError):
        table.set(0, lambda: 1)  # a plain callable has no wasm type


def test_externref_table(native):
    provider = native.instantiate(PROVIDER)
    payload = object()
    provider["set_ext"](0, payload)
    assert provider["get_ext"](0) is payload
    assert provider["get_ext"](1) is None
    assert provider["grow_ext"]("x", 3) == 2 and provider["ext"].size == 5
    provider["fill_ext"](1, payload, 4)
    assert all(provider["ext"].get(i) is payload for i in range(1, 5))
    with pytest.raises(Trap, match="out of bounds table access"):
        provider["get_ext"](5)


def test_table_keeps_objects_alive_until_overwritten(native):
    provider = native.instantiate(PROVIDER)

    class Payload:
        pass

    payload = Payload()
    ref = weakref.ref(payload)
    provider["set_ext"](0, payload)
    del payload
    gc.collect()
    assert ref() is not None
    provider["set_ext"](0, None)
    gc.collect()
    assert ref() is None


def test_instances_are_collected(native):
    provider = native.instantiate(PROVIDER)
    ref = weakref.ref(provider["tab"])
    consumer = native.instantiate(CONSUMER, [provider["seven"], provider["counter"], provider["tab"]])
    del provider, consumer
    gc.collect()
    assert ref() is None


def test_import_type_mismatch(native):
    provider = native.instantiate(PROVIDER)
    with pytest.raises(WasmError, match="incompatible import type"):
        native.instantiate(CONSUMER, [provider["get_ext"], provider["counter"], provider["tab"]])
    with pytest.raises(WasmError, match="incompatible import type"):
        native.instantiate(CONSUMER, [provider["seven"], provider["const64"], provider["tab"]])
    with pytest.raises(WasmError, match="incompatible import type"):
        native.instantiate(CONSUMER, [provider["seven"], provider["counter"], provider["ext"]])
    with pytest.raises(WasmError, match="expected 3 imports"):
        native.instantiate(CONSUMER, [provider["seven"]])


def test_segment_trap_at_instantiation_keeps_earlier_writes(native):
    provider = native.instantiate(PROVIDER)
    wat = """(module (import "p" "tab" (table 4 funcref)) (memory 1)
      (func $f (result i32) i32.const 3)
      (elem (i32.const 0) $f)
      (data (i32.const 65535) "ab"))"""
    with pytest.raises(Trap) as info:
        native.instantiate(wat, [provider["tab"]])
    assert info.value.trap_code == TrapCode.MEMORY_OUT_OF_BOUNDS and not info.value.frames
    assert provider["tab"].get(0)() == 3  # the element segment was applied first


def test_start_function_and_globals(native):
    calls = []
    native.instantiate("""(module (import "h" "f" (func $f (param i32)))
      (global $g (mut i32) (i32.const 41))
      (func $start global.get $g i32.const 1 i32.add call $f) (start $start))""", [calls.append])
    assert calls == [42]


def test_non_native_memory_is_a_clear_error(native):
    with pytest.raises(WasmError, match="Python-tier instance cannot be shared with native code"):
        native.instantiate('(module (import "m" "mem" (memory 1)))', [bytearray(65536)])
