"""Fuel and epoch metering compiled into native code: fuel is consumed in
place in the store's cell and runs out as a trap; the engine's epoch
passing the store's deadline interrupts loops and calls."""

from __future__ import annotations

from array import array

import pytest

from wasmic.errors import WasmError
from wasmic.runtime.trap import Trap, TrapCode

WAT = """(module
  (import "h" "tick" (func $tick))
  (func (export "count") (param i32) (result i32) (local i32)
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get 1) (local.get 0)))
      (local.set 1 (i32.add (local.get 1) (i32.const 1)))
      (br $l)))
    local.get 1)
  (func (export "spin") (loop $l (br $l)))
  (func (export "tick_loop") (loop $l (call $tick) (br $l)))
  (func $rec (export "rec") (param i32) (result i32)
    local.get 0 i32.eqz if (result i32) i32.const 0 else local.get 0 i32.const 1 i32.sub call $rec end)
)"""


def test_fuel_is_consumed_in_place(native):
    cells = array("q", [1_000_000, 0])
    exports = native.compile(WAT, fuel=True).instantiate([lambda: None], store_cells=cells).exports
    assert exports["count"](10) == 10
    used = 1_000_000 - cells[0]
    assert exports["count"](20) == 20
    used_twice = 1_000_000 - cells[0] - used
    assert 0 < used < used_twice < 3 * used  # about linear in the iterations


def test_running_out_of_fuel_traps(native):
    cells = array("q", [500, 0])
    exports = native.compile(WAT, fuel=True).instantiate([lambda: None], store_cells=cells).exports
    with pytest.raises(Trap) as info:
        exports["spin"]()
    assert info.value.trap_code == TrapCode.OUT_OF_FUEL
    assert str(info.value).startswith("all fuel consumed by WebAssembly")
    assert cells[0] == 0
    with pytest.raises(Trap):
        exports["rec"](10)  # function entries check too
    cells[0] = 10_000
    assert exports["rec"](10) == 0


def test_no_cells_means_unlimited(native):
    exports = native.compile(WAT, fuel=True, epochs=True).instantiate([lambda: None]).exports
    assert exports["count"](100_000) == 100_000


def test_epoch_deadline_interrupts_a_loop(native):
    """A loop that never leaves wasm traps once the deadline is reached.
    (Wasm holds the GIL, so the epoch can only move from a host call or a
    thread that does not need the GIL.)"""
    epoch, cells = array("Q", [0]), array("q", [0, 1])  # deadline: epoch 1
    exports = native.compile(WAT, epochs=True).instantiate([lambda: None], epoch=epoch,
                                                           store_cells=cells).exports
    assert exports["count"](1000) == 1000
    epoch[0] = 1
    with pytest.raises(Trap) as info:
        exports["spin"]()
    assert info.value.trap_code == TrapCode.INTERRUPT
    cells[1] = 2
    assert exports["count"](5) == 5


def test_epoch_checked_from_host_calls(native):
    epoch, cells = array("Q", [5]), array("q", [0, 8])

    def tick():
        epoch[0] += 1

    exports = native.compile(WAT, epochs=True).instantiate([tick], epoch=epoch, store_cells=cells).exports
    with pytest.raises(Trap, match="interrupt"):
        exports["tick_loop"]()
    assert epoch[0] == 8


def test_meter_cells_are_checked(native):
    compiled = native.compile(WAT, epochs=True)
    with pytest.raises(WasmError, match="at least 2 64-bit cells"):
        compiled.instantiate([lambda: None], store_cells=bytearray(8))


@pytest.mark.parametrize("name, arg", [("count", 0), ("count", 25), ("rec", 0), ("rec", 7)])
def test_fuel_matches_wasmtime(native, name, arg):
    import wasmtime
    config = wasmtime.Config()
    config.consume_fuel = True
    engine = wasmtime.Engine(config)
    store = wasmtime.Store(engine)
    store.set_fuel(10**6)
    noop = wasmtime.Func(store, wasmtime.FuncType([], []), lambda: None)
    theirs = wasmtime.Instance(store, wasmtime.Module(engine, WAT), [noop]).exports(store)[name]
    theirs(store, arg)
    cells = array("q", [10**6, 0])
    native.compile(WAT, fuel=True).instantiate([lambda: None], store_cells=cells).exports[name](arg)
    assert cells[0] == store.get_fuel()


LIMITED = """(module
  (memory (export "mem") 1)
  (table (export "tab") 1 funcref)
  (func (export "grow_memory") (param i32) (result i32) local.get 0 memory.grow)
  (func (export "grow_table") (param i32) (result i32) ref.null func local.get 0 table.grow 0))"""


def test_store_limits_bound_growth(native):
    no_limit = -1  # all ones: the largest unsigned value
    cells = array("q", [0, no_limit, 3 * 65536, 10])
    exports = native.compile(LIMITED).instantiate(store_cells=cells).exports
    assert exports["grow_memory"](2) == 1
    assert exports["grow_memory"](1) == -1
    assert exports["grow_table"](9) == 1
    assert exports["grow_table"](1) == -1
    cells[2] = no_limit  # limits are read at each growth
    assert exports["grow_memory"](1) == 3
    memory = native.types()["Memory"](1, None, cells)
    cells[2] = 65536
    assert memory.grow(1) == -1


def test_store_limits_bound_creation(native):
    cells = array("q", [0, -1, 0, 10])
    with pytest.raises(WasmError, match="exceeds memory limits"):
        native.compile(LIMITED).instantiate(store_cells=cells)
