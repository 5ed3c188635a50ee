"""Store (host data, fuel, epoch deadlines, limits) and StoreContext, on
both tiers: fuel and an epoch deadline stop an infinite loop, limits stop
runaway growth."""

import pytest

import wasmic
from api_helpers import exports_of
from engines import engine_with
from api_marks import negative, positive

LOOP = '(module (func (export "spin") (loop br 0)))'
GROWER = """(module (memory (export "mem") 1)
  (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
  (table (export "tab") 1 funcref)
  (func (export "grow_table") (param i32) (result i32) ref.null func local.get 0 table.grow))"""


@positive("Store.__init__", "Store.data")
def test_store_keeps_host_data(tier_engine):
    payload = {"calls": 0}
    store = wasmic.Store(tier_engine, payload)
    assert store.data() is payload
    assert store.engine is tier_engine
    assert wasmic.Store().data() is None


@negative("Store.__init__", "Store.data")
def test_store_needs_an_engine(tier_engine):
    with pytest.raises(TypeError, match="Engine"):
        wasmic.Store(wasmic.Config())
    with pytest.raises(TypeError):
        wasmic.Store(tier_engine).data(1)


@positive("Store.gc")
def test_gc_keeps_live_externrefs(store):
    table = wasmic.Table(store, wasmic.TableType(wasmic.ValType.externref(), wasmic.Limits(1, None)),
                         None)
    live = object()
    table.set(store, 0, live)
    store.gc()
    assert table.get(store, 0) is live


@negative("Store.gc")
def test_gc_takes_no_arguments(store):
    with pytest.raises(TypeError):
        store.gc(True)


@positive("Store.set_fuel", "Store.get_fuel")
def test_fuel_stops_an_infinite_loop(tier):
    store = wasmic.Store(engine_with(tier, consume_fuel=True))
    spin = exports_of(store, LOOP)["spin"]
    assert store.get_fuel() == 0
    store.set_fuel(10_000)
    assert store.get_fuel() == 10_000
    with pytest.raises(wasmic.Trap) as caught:
        spin(store)
    assert caught.value.trap_code is wasmic.TrapCode.OUT_OF_FUEL
    assert store.get_fuel() == 0


@positive("Store.set_fuel", "Store.get_fuel")
def test_fuel_is_consumed_by_finite_work(tier):
    store = wasmic.Store(engine_with(tier, consume_fuel=True))
    count = exports_of(store, """(module (func (export "count") (param i32)
        (loop local.get 0 i32.const 1 i32.sub local.tee 0 br_if 0)))""")["count"]
    store.set_fuel(1_000_000)
    count(store, 100)
    used_100 = 1_000_000 - store.get_fuel()
    store.set_fuel(1_000_000)
    count(store, 1000)
    used_1000 = 1_000_000 - store.get_fuel()
    assert 0 < used_100 < used_1000


@negative("Store.set_fuel", "Store.get_fuel")
def test_fuel_needs_consume_fuel_and_a_valid_amount(tier, store):
    with pytest.raises(wasmic.WasmError, match="fuel"):
        store.set_fuel(10)
    with pytest.raises(wasmic.WasmError, match="fuel"):
        store.get_fuel()
    fuelled = wasmic.Store(engine_with(tier, consume_fuel=True))
    with pytest.raises(wasmic.WasmError):
        fuelled.set_fuel(-1)
    with pytest.raises(wasmic.WasmError):
        fuelled.set_fuel("lots")


@positive("Store.set_epoch_deadline")
def test_epoch_deadline_stops_an_infinite_loop(tier):
    engine = engine_with(tier, epoch_interruption=True)
    store = wasmic.Store(engine)
    spin = exports_of(store, LOOP)["spin"]
    store.set_epoch_deadline(0)  # already reached: traps at the first check
    with pytest.raises(wasmic.Trap) as caught:
        spin(store)
    assert caught.value.trap_code is wasmic.TrapCode.INTERRUPT


@negative("Store.set_epoch_deadline")
def test_epoch_deadline_needs_an_int(store):
    with pytest.raises(TypeError):
        store.set_epoch_deadline("soon")
    with pytest.raises(TypeError):
        store.set_epoch_deadline(None)


@positive("Store.set_limits")
def test_limits_stop_runaway_growth(store):
    store.set_limits(memory_size=3 * 65536, table_elements=5)
    exports = exports_of(store, GROWER)
    assert exports.grow(store, 2) == 1
    assert exports.grow(store, 1) == -1
    assert exports.mem.size(store) == 3
    assert exports.grow_table(store, 4) == 1
    assert exports.grow_table(store, 1) == -1
    with pytest.raises(wasmic.WasmError):
        exports.mem.grow(store, 1)


@positive("Store.set_limits")
def test_limits_count_instances_tables_and_memories(store):
    store.set_limits(instances=1)
    exports_of(store, "(module)")
    with pytest.raises(wasmic.WasmError, match="instances"):
        exports_of(store, "(module)")
    store.set_limits(memories=0, tables=0)
    with pytest.raises(wasmic.WasmError, match="memories"):
        wasmic.Memory(store, wasmic.MemoryType(wasmic.Limits(1, None)))
    with pytest.raises(wasmic.WasmError, match="tables"):
        wasmic.Table(store, wasmic.TableType(wasmic.ValType.funcref(), wasmic.Limits(1, None)), None)


@negative("Store.set_limits")
def test_limits_need_ints_and_refuse_too_big_memories(store):
    with pytest.raises(TypeError):
        store.set_limits(memory_size="1MB")
    store.set_limits(memory_size=65536)
    with pytest.raises(wasmic.WasmError, match="exceeds"):
        exports_of(store, "(module (memory 2))")


@positive("StoreContext")
def test_store_context_stands_for_its_store(store):
    context = wasmic.StoreContext(store)
    memory = wasmic.Memory(context, wasmic.MemoryType(wasmic.Limits(1, None)))
    assert memory.size(store) == 1
    assert memory.size(context) == 1


@negative("StoreContext")
def test_store_context_invalidated_or_of_nothing(store, other_store):
    with pytest.raises(TypeError):
        wasmic.StoreContext(None)
    context = wasmic.StoreContext(store)
    memory = wasmic.Memory(store, wasmic.MemoryType(wasmic.Limits(1, None)))
    with pytest.raises(wasmic.WasmError, match="wrong store"):
        memory.size(wasmic.StoreContext(other_store))
    context._invalidate()
    with pytest.raises(wasmic.WasmError, match="invalidated"):
        memory.size(context)
