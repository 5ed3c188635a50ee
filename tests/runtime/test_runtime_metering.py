"""Fuel and epoch interruption: wasm stops with a trap when its store's fuel
runs out or the engine's epoch reaches the store's deadline."""

from __future__ import annotations

import threading
import time

import pytest

from wasmic.errors import WasmError
from wasmic.runtime import Config, Engine, Instance, Module, Store, Trap, TrapCode

pytestmark = pytest.mark.usefixtures("default_tier")  # each test on both tiers

LOOP = """(module (func (export "count") (param i32) (result i32) (local i32)
  (loop $l
    (local.set 1 (i32.add (local.get 1) (i32.const 1)))
    (br_if $l (i32.lt_u (local.get 1) (local.get 0))))
  (local.get 1))
  (func (export "forever") (loop $l (br $l))))"""


def setup(**settings):
    config = Config()
    for name, value in settings.items():
        setattr(config, name, value)
    store = Store(Engine(config))
    return store, Instance(store, Module(store.engine, LOOP), []).exports(store)


@pytest.fixture(params=["structured", "dispatch"])
def control(request, monkeypatch):
    """Both ways the python tier writes control flow carry the checks."""
    from wasmic.backend.python import module as python_module

    monkeypatch.setattr(python_module.compile_module, "__kwdefaults__",
                        {**python_module.compile_module.__kwdefaults__, "control": request.param})
    return request.param


def test_fuel_is_consumed_and_runs_out(control):
    store, exports = setup(consume_fuel=True)
    with pytest.raises(Trap) as caught:
        exports["count"](store, 10)  # a store starts without fuel
    assert caught.value.trap_code is TrapCode.OUT_OF_FUEL
    store.set_fuel(10_000)
    assert exports["count"](store, 100) == 100
    used = 10_000 - store.get_fuel()
    assert 100 * 5 <= used <= 100 * 12  # about the instructions run
    with pytest.raises(Trap) as caught:
        exports["forever"](store)
    assert str(caught.value).startswith("all fuel consumed by WebAssembly")
    assert store.get_fuel() == 0


def test_fuel_needs_the_config():
    store, _ = setup()
    with pytest.raises(WasmError):
        store.set_fuel(10)


def test_epoch_deadline_interrupts_a_runaway_loop(control):
    store, exports = setup(epoch_interruption=True)
    with pytest.raises(Trap) as caught:
        exports["count"](store, 1)  # the deadline starts at the current epoch
    assert caught.value.trap_code is TrapCode.INTERRUPT
    store.set_epoch_deadline(1)
    assert exports["count"](store, 1000) == 1000
    timer = threading.Timer(0.2, store.engine.increment_epoch)
    timer.start()
    started = time.monotonic()
    with pytest.raises(Trap) as caught:
        exports["forever"](store)
    assert caught.value.trap_code is TrapCode.INTERRUPT
    assert time.monotonic() - started < 10
