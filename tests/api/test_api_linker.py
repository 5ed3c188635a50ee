"""Instance, InstancePre and Linker (every method, WASI command and reactor
semantics of define_module), on both tiers."""

import pytest

import wasmic
from api_helpers import exports_of
from engines import engine_with
from api_marks import negative, positive

I32 = wasmic.ValType.i32()
UNARY = wasmic.FuncType([I32], [I32])

USER = """(module (import "host" "double" (func $d (param i32) (result i32)))
  (func (export "quad") (param i32) (result i32) local.get 0 call $d call $d))"""
COUNTER = """(module (global $n (mut i32) (i32.const 0))
  (func (export "next") (result i32) global.get $n i32.const 1 i32.add global.set $n global.get $n))"""


@positive("Instance.__init__", "Instance.exports")
def test_instance_exports_by_name_index_attribute_and_iteration(store):
    double = wasmic.Func(store, UNARY, lambda x: 2 * x)
    instance = wasmic.Instance(store, wasmic.Module(store.engine, USER), [double])
    exports = instance.exports(store)
    assert exports["quad"](store, 3) == 12
    assert exports[0] is exports["quad"] is exports.quad
    assert list(exports) == ["quad"] and len(exports) == 1


@negative("Instance.__init__", "Instance.exports")
def test_instance_checks_imports_and_store(store, other_store):
    module = wasmic.Module(store.engine, USER)
    with pytest.raises(wasmic.WasmError, match="expected 1 imports"):
        wasmic.Instance(store, module, [])
    wrong = wasmic.Func(store, wasmic.FuncType([], []), lambda: None)
    with pytest.raises(wasmic.WasmError, match="host::double"):
        wasmic.Instance(store, module, [wrong])
    with pytest.raises(TypeError):
        wasmic.Instance(store, module, [lambda x: x])
    with pytest.raises(TypeError):
        wasmic.Instance(store, "module", [])
    elsewhere = wasmic.Func(other_store, UNARY, lambda x: x)
    with pytest.raises(wasmic.WasmError, match="wrong store"):
        wasmic.Instance(store, module, [elsewhere])
    instance = wasmic.Instance(store, module, [wasmic.Func(store, UNARY, abs)])
    with pytest.raises(wasmic.WasmError, match="wrong store"):
        instance.exports(other_store)
    with pytest.raises(AttributeError):
        instance.exports(store).missing


@positive("Linker.__init__", "Linker.engine", "Linker.define_func", "Linker.instantiate")
def test_linker_instantiates_with_host_functions_in_any_store(tier_engine):
    linker = wasmic.Linker(tier_engine)
    assert linker.engine is tier_engine
    linker.define_func("host", "double", UNARY, lambda x: 2 * x)
    module = wasmic.Module(tier_engine, USER)
    for _ in range(2):
        store = wasmic.Store(tier_engine)
        assert linker.instantiate(store, module).exports(store)["quad"](store, 5) == 20


@negative("Linker.__init__", "Linker.engine", "Linker.define_func", "Linker.instantiate")
def test_linker_reports_missing_and_mistyped_definitions(tier, tier_engine, store):
    with pytest.raises(TypeError, match="Engine"):
        wasmic.Linker(None)
    linker = wasmic.Linker(tier_engine)
    with pytest.raises(AttributeError):
        linker.engine = wasmic.Engine()
    module = wasmic.Module(tier_engine, USER)
    with pytest.raises(wasmic.WasmError, match="unknown import: `host::double`"):
        linker.instantiate(store, module)
    linker.define_func("host", "double", wasmic.FuncType([], []), lambda: None)
    with pytest.raises(wasmic.WasmError, match="incompatible import type for `host::double`"):
        linker.instantiate(store, module)
    with pytest.raises(TypeError):
        linker.define_func("host", "f", UNARY, "not callable")
    with pytest.raises(TypeError):
        linker.define_func("host", 7, UNARY, abs)
    with pytest.raises(wasmic.WasmError, match="engine"):
        linker.instantiate(store, wasmic.Module(engine_with(tier), "(module)"))


@positive("Linker.define", "Linker.get")
def test_define_and_get_externs(store):
    linker = wasmic.Linker(store.engine)
    memory = wasmic.Memory(store, wasmic.MemoryType(wasmic.Limits(1, None)))
    linker.define(store, "env", "memory", memory)
    linker.define_func("env", "f", UNARY, abs)
    assert linker.get(store, "env", "memory") is memory
    assert linker.get(store, "env", "f")(store, -3) == 3


@negative("Linker.define", "Linker.get")
def test_define_and_get_refuse_bad_items_stores_and_names(store, other_store, foreign_store):
    linker = wasmic.Linker(store.engine)
    with pytest.raises(TypeError):
        linker.define(store, "env", "x", 42)
    memory = wasmic.Memory(store, wasmic.MemoryType(wasmic.Limits(1, None)))
    with pytest.raises(wasmic.WasmError, match="wrong store"):
        linker.define(other_store, "env", "memory", memory)
    alien = wasmic.Memory(foreign_store, wasmic.MemoryType(wasmic.Limits(1, None)))
    with pytest.raises(wasmic.WasmError, match="engine"):
        linker.define(foreign_store, "env", "memory", alien)
    linker.define(store, "env", "memory", memory)
    with pytest.raises(wasmic.WasmError, match="defined twice"):
        linker.define(store, "env", "memory", memory)
    with pytest.raises(wasmic.WasmError, match="wrong store"):
        linker.get(other_store, "env", "memory")
    with pytest.raises(wasmic.WasmError, match="not been defined"):
        linker.get(store, "env", "nothing")


@positive("Linker.allow_shadowing")
def test_allow_shadowing_lets_a_definition_replace_another(store):
    linker = wasmic.Linker(store.engine)
    linker.allow_shadowing = True
    assert linker.allow_shadowing is True
    linker.define_func("m", "f", UNARY, lambda x: 1)
    linker.define_func("m", "f", UNARY, lambda x: 2)
    assert linker.get(store, "m", "f")(store, 0) == 2


@negative("Linker.allow_shadowing")
def test_allow_shadowing_needs_a_bool(store):
    linker = wasmic.Linker(store.engine)
    with pytest.raises(TypeError):
        linker.allow_shadowing = "yes"
    linker.define_func("m", "f", UNARY, abs)
    with pytest.raises(wasmic.WasmError, match="defined twice"):
        linker.define_func("m", "f", UNARY, abs)


@positive("Linker.define_instance")
def test_define_instance_links_two_modules(store):
    linker = wasmic.Linker(store.engine)
    provider = exports_of(store, """(module (func (export "double") (param i32) (result i32)
        local.get 0 i32.const 2 i32.mul))""")
    instance = wasmic.Instance(store, wasmic.Module(store.engine, '(module (func (export "double")'
                               ' (param i32) (result i32) local.get 0 local.get 0 i32.add))'), [])
    linker.define_instance(store, "host", instance)
    assert provider["double"](store, 1) == 2
    user = linker.instantiate(store, wasmic.Module(store.engine, USER))
    assert user.exports(store)["quad"](store, 3) == 12


@negative("Linker.define_instance")
def test_define_instance_refuses_non_instances_and_other_stores(store, other_store):
    linker = wasmic.Linker(store.engine)
    with pytest.raises(TypeError):
        linker.define_instance(store, "m", "instance")
    instance = wasmic.Instance(store, wasmic.Module(store.engine, COUNTER), [])
    with pytest.raises(wasmic.WasmError, match="wrong store"):
        linker.define_instance(other_store, "m", instance)


REACTOR = """(module (global $ready (mut i32) (i32.const 0))
  (func (export "_initialize") i32.const 7 global.set $ready)
  (func (export "ready") (result i32) global.get $ready))"""
COMMAND = """(module (memory (export "memory") 1) (global $n (mut i32) (i32.const 0))
  (func (export "_start"))
  (func (export "next") (result i32) global.get $n i32.const 1 i32.add global.set $n global.get $n))"""


@positive("Linker.define_module", "Linker.get_default")
def test_define_module_reactor_is_initialized_once_and_command_per_call(store):
    linker = wasmic.Linker(store.engine)
    linker.define_module(store, "reactor", wasmic.Module(store.engine, REACTOR))
    assert linker.get(store, "reactor", "ready")(store) == 7
    linker.define_module(store, "counter", wasmic.Module(store.engine, COUNTER))
    next_ = linker.get(store, "counter", "next")
    assert [next_(store), next_(store)] == [1, 2]  # a reactor keeps its state
    linker.define_module(store, "cmd", wasmic.Module(store.engine, COMMAND))
    run = linker.get(store, "cmd", "next")
    assert [run(store), run(store)] == [1, 1]  # a command starts afresh each call
    assert linker.get_default(store, "cmd")(store) is None


@negative("Linker.define_module", "Linker.get_default")
def test_define_module_refuses_ambiguous_modules_and_missing_defaults(store):
    linker = wasmic.Linker(store.engine)
    both = """(module (func (export "_start")) (func (export "_initialize")))"""
    with pytest.raises(wasmic.WasmError, match="both"):
        linker.define_module(store, "m", wasmic.Module(store.engine, both))
    data = """(module (func (export "_start")) (global (export "x") i32 (i32.const 0)))"""
    with pytest.raises(wasmic.WasmError, match="not a function"):
        linker.define_module(store, "m", wasmic.Module(store.engine, data))
    trapping = '(module (func (export "_initialize") unreachable))'
    with pytest.raises(wasmic.Trap):
        linker.define_module(store, "t", wasmic.Module(store.engine, trapping))
    with pytest.raises(TypeError):
        linker.define_module(store, "m", "module")
    with pytest.raises(wasmic.WasmError, match="no default export"):
        linker.get_default(store, "nothing")


@positive("Linker.instantiate_pre", "InstancePre.instantiate", "InstancePre.module")
def test_instance_pre_makes_many_independent_instances(tier_engine):
    linker = wasmic.Linker(tier_engine)
    module = wasmic.Module(tier_engine, COUNTER)
    pre = linker.instantiate_pre(module)
    assert pre.module is module
    store = wasmic.Store(tier_engine)
    counters = [pre.instantiate(store).exports(store)["next"] for _ in range(3)]
    assert [c(store) for c in counters] == [1, 1, 1]
    other = wasmic.Store(tier_engine)
    assert pre.instantiate(other).exports(other)["next"](other) == 1


@negative("Linker.instantiate_pre", "InstancePre.instantiate", "InstancePre.module")
def test_instance_pre_resolves_early_and_checks_the_store(tier, tier_engine, store, other_store):
    linker = wasmic.Linker(tier_engine)
    module = wasmic.Module(tier_engine, USER)
    with pytest.raises(wasmic.WasmError, match="unknown import"):
        linker.instantiate_pre(module)
    linker.define(store, "host", "double", wasmic.Func(store, UNARY, abs))
    pre = linker.instantiate_pre(module)
    with pytest.raises(wasmic.WasmError, match="wrong store"):
        pre.instantiate(other_store)
    with pytest.raises(wasmic.WasmError, match="engine"):
        pre.instantiate(wasmic.Store(engine_with(tier)))
    with pytest.raises(TypeError):
        pre.instantiate(None)
    with pytest.raises(AttributeError):
        pre.module = module


@positive("Linker.define_unknown_imports_as_traps")
def test_unknown_imports_as_traps_instantiate_and_trap_when_called(store):
    linker = wasmic.Linker(store.engine)
    module = wasmic.Module(store.engine, USER)
    linker.define_unknown_imports_as_traps(module)
    quad = linker.instantiate(store, module).exports(store)["quad"]
    with pytest.raises(wasmic.Trap, match="host::double"):
        quad(store, 1)


@negative("Linker.define_unknown_imports_as_traps")
def test_unknown_imports_as_traps_needs_a_module_of_its_engine(tier, store):
    linker = wasmic.Linker(store.engine)
    with pytest.raises(TypeError):
        linker.define_unknown_imports_as_traps(USER)
    with pytest.raises(wasmic.WasmError, match="engine"):
        linker.define_unknown_imports_as_traps(wasmic.Module(engine_with(tier), USER))


@positive("Linker.define_unknown_imports_as_default_values")
def test_unknown_imports_as_default_values_return_zeros(store):
    linker = wasmic.Linker(store.engine)
    module = wasmic.Module(store.engine, USER)
    linker.define_unknown_imports_as_default_values(store, module)
    assert linker.instantiate(store, module).exports(store)["quad"](store, 9) == 0


@negative("Linker.define_unknown_imports_as_default_values")
def test_unknown_imports_as_default_values_checks_arguments(store):
    linker = wasmic.Linker(store.engine)
    with pytest.raises(TypeError):
        linker.define_unknown_imports_as_default_values(store, None)
    with pytest.raises(TypeError):
        linker.define_unknown_imports_as_default_values(None, wasmic.Module(store.engine, USER))
