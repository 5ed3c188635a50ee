"""Opaque class instances as handles whose pin follows the Python object,
and the collector not freeing what Python holds; on every runtime variant
(incremental, minimal, stub) and both tiers."""

import gc

import pytest

from as_fixtures import load_fixture
from wasmic import WasmError
from wasmic.assemblyscript import Handle


def test_handle_round_trip(any_runtime):
    counter = any_runtime.newCounter("c1")
    assert isinstance(counter, Handle) and counter.class_name == "Counter"
    assert any_runtime.counterAdd(counter, 5) == 5
    assert any_runtime.counterAdd(counter, 2) == 7
    assert any_runtime.counterName(counter) == "c1"
    assert any_runtime.counterName(None) == "none"


def test_handle_survives_garbage_collection(any_runtime):
    counter = any_runtime.newCounter("kept")
    any_runtime.counterAdd(counter, 3)
    any_runtime.churn(3000)
    any_runtime.collect()
    any_runtime.churn(3000)
    assert any_runtime.counterName(counter) == "kept"
    assert any_runtime.counterAdd(counter, 1) == 4


def test_pin_follows_the_handle_lifetime(values):
    counter = values.newCounter("c")
    ptr = counter.ptr
    assert values._heap.pin_count(ptr) == 1
    del counter
    gc.collect()
    values.churn(1)  # the next call from Python releases the pin
    assert values._heap.pin_count(ptr) == 0


def test_one_handle_per_object(values):
    counter = values.newCounter("c")
    values.counterAdd(counter, 1)
    assert values._heap.pin_count(counter.ptr) == 1


def test_handles_are_checked(tier, values):
    with pytest.raises(TypeError, match="counterAdd.*Counter handle"):
        values.counterAdd(5, 1)
    with pytest.raises(TypeError, match="must not be None"):
        values.counterAdd(None, 1)
    other = load_fixture(tier, "values")
    with pytest.raises(TypeError, match="another AssemblyScript instance"):
        values.counterAdd(other.newCounter("x"), 1)


def test_unpinned_objects_can_be_freed_and_pins_are_counted(values):
    ptr = values.pin(values.new_string("held"))
    values.pin(ptr)  # a second pin: the runtime itself would abort
    values.unpin(ptr)
    values.churn(4000)
    assert values.get_string(ptr) == "held"
    values.unpin(ptr)
    with pytest.raises(WasmError, match="not pinned"):
        values.unpin(ptr)


def test_reference_arguments_survive_each_others_allocation(any_runtime):
    """midpoint(a, b): a is lowered, then b's allocation may collect a unless pinned."""
    any_runtime.churn(500)
    for _ in range(200):
        assert any_runtime.midpoint({"x": 1, "y": 1}, {"x": 3, "y": 5}) == {"x": 2.0, "y": 3.0}
    assert any_runtime._heap.deferred == [] and not any_runtime._heap._pins


def test_strings_and_arrays_work_on_every_runtime(any_runtime):
    assert any_runtime.greet("rt") == "Hello, rt!"
    assert any_runtime.transpose([[1], [2]]) == [[1, 2]]
    assert any_runtime.describeMixed(any_runtime.makeMixed("z")).startswith("255|1.5|-2|z|")
