"""Imports of imported wasm modules: from Python modules, from other wasm
modules (linked directly, memories shared), from the ``imports`` setting;
which store each module gets; and the errors when an import cannot be met."""

from __future__ import annotations

import pytest

import wasmic
import wasmic.loader

PROVIDER = """
(module
  (memory (export "memory") 1)
  (global (export "base") i32 (i32.const 100))
  (table (export "table") 1 funcref)
  (func $add (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
  (elem (i32.const 0) $add))
"""

CONSUMER = """
(module
  (import "provider" "add" (func $add (param i32 i32) (result i32)))
  (import "provider" "memory" (memory 1))
  (import "provider" "base" (global $base i32))
  (import "provider" "table" (table 1 funcref))
  (type $binary (func (param i32 i32) (result i32)))
  (func (export "add_base") (param i32) (result i32) local.get 0 global.get $base call $add)
  (func (export "poke") (param i32 i32) local.get 0 local.get 1 i32.store8)
  (func (export "through_table") (param i32 i32) (result i32)
    local.get 0 local.get 1 i32.const 0 call_indirect (type $binary)))
"""


def test_imports_from_python_module(modules):
    modules.write("pyhelpers.py", "calls = []\n"
                                  "def log(x):\n    calls.append(x)\n"
                                  "def twice(x):\n    return 2 * x\n"
                                  "limit = 9\n")
    modules.write("uses_python.wat", """
      (module
        (import "pyhelpers" "log" (func $log (param i32)))
        (import "pyhelpers" "twice" (func $twice (param i32) (result i32)))
        (import "pyhelpers" "limit" (global $limit i32))
        (func (export "run") (param i32) (result i32)
          local.get 0 call $log
          local.get 0 call $twice global.get $limit i32.add))
    """)
    import pyhelpers
    import uses_python

    assert uses_python.run(5) == 19
    assert pyhelpers.calls == [5]


def test_dotted_import_names_are_attribute_paths(modules):
    modules.write("dotted_host.py", "import math\n")
    modules.write("uses_dotted.wat", """
      (module (import "dotted_host" "math.sqrt" (func $sqrt (param f64) (result f64)))
        (func (export "root") (param f64) (result f64) local.get 0 call $sqrt))""")
    import uses_dotted

    assert uses_dotted.root(16.0) == 4.0


def test_imports_from_another_wasm_module_share_its_store(modules):
    modules.write("provider.wat", PROVIDER)
    modules.write("consumer.wat", CONSUMER)
    import consumer
    import provider

    assert consumer.__wasm_store__ is provider.__wasm_store__
    assert consumer.add_base(1) == 101
    consumer.poke(3, 77)
    assert provider.memory.read(provider.__wasm_store__, 3, 4) == b"M"
    assert consumer.through_table(4, 5) == 9
    assert consumer.__wasm_instance__.exports(consumer.__wasm_store__) is not None


def test_python_module_reexporting_a_wasm_function(modules):
    modules.write("provider.wat", PROVIDER)
    modules.write("relay.py", "from provider import add as plus\n")
    modules.write("relayed.wat", """
      (module (import "relay" "plus" (func $p (param i32 i32) (result i32)))
        (func (export "f") (result i32) i32.const 2 i32.const 3 call $p))
    """)
    import provider
    import relayed

    assert relayed.f() == 5
    assert relayed.__wasm_store__ is provider.__wasm_store__


def test_relative_import_inside_a_package(modules):
    modules.write("pkg/__init__.py", "")
    modules.write("pkg/provider.wat", PROVIDER)
    modules.write("pkg/user.wat", """
      (module (import ".provider" "add" (func $add (param i32 i32) (result i32)))
        (func (export "f") (result i32) i32.const 40 i32.const 2 call $add))
    """)
    from pkg import user

    assert user.f() == 42


def test_imports_setting_comes_first(modules):
    modules.write("env_user.wat", """
      (module (import "env" "scale" (func $s (param f64) (result f64)))
        (import "env" "offset" (global $o f64))
        (func (export "f") (param f64) (result f64) local.get 0 call $s global.get $o f64.add))
    """)
    wasmic.loader.configure("env_user", imports={"env": {"scale": lambda x: x * 3,
                                                         "offset": 0.5}})
    import env_user

    assert env_user.f(2.0) == 6.5


def test_shared_store_setting(modules):
    modules.write("first.wat", PROVIDER)
    modules.write("second.wat", PROVIDER)
    wasmic.loader.configure(shared_store=True)
    import first
    import second

    assert first.__wasm_store__ is second.__wasm_store__


def test_store_setting_for_one_module(modules, tier_engine):
    store = wasmic.Store(tier_engine)
    modules.write("placed.wat", PROVIDER)
    modules.write("elsewhere.wat", PROVIDER)
    wasmic.loader.configure("placed", store=store)
    import elsewhere
    import placed

    assert placed.__wasm_store__ is store
    assert elsewhere.__wasm_store__ is not store


def test_function_of_another_store_is_called_through_python(modules, tier_engine):
    modules.write("provider.wat", PROVIDER)
    modules.write("caller.wat", """
      (module (import "provider" "add" (func $add (param i32 i32) (result i32)))
        (func (export "f") (result i32) i32.const 1 i32.const 2 call $add))
    """)
    wasmic.loader.configure("caller", store=wasmic.Store(tier_engine))
    import caller
    import provider

    assert caller.__wasm_store__ is not provider.__wasm_store__
    assert caller.f() == 3


def test_memory_of_another_store_is_refused(modules, tier_engine):
    modules.write("provider.wat", PROVIDER)
    modules.write("stranger.wat", '(module (import "provider" "memory" (memory 1)))')
    wasmic.loader.configure("stranger", store=wasmic.Store(tier_engine))
    with pytest.raises(wasmic.WasmError, match=r"stranger\.wat imports `provider::memory` "
                                               "from another store"):
        import stranger  # noqa: F401


@pytest.mark.parametrize("imports, message", [
    ('(import "no_such_module_xyz" "f" (func))',
     r"imports `no_such_module_xyz::f`, but module 'no_such_module_xyz' cannot be imported"),
    ('(import "pyhelpers2" "missing" (func))', r"'pyhelpers2' has no attribute 'missing'"),
    ('(import "pyhelpers2" "number" (func))', r"imports `pyhelpers2::number` of type"),
    ('(import "pyhelpers2" "number" (global (mut i32)))', r"`pyhelpers2::number` of type"),
    ('(import "pyhelpers2" "function" (memory 1))', r"`pyhelpers2::function` of type"),
    ('(import "provider" "add" (func (param i64)))',
     r"incompatible import type for `provider::add`"),
    ('(import "provider" "memory" (memory 2))', r"incompatible import type"),
    ('(import "..up" "f" (func))', r"imports `\.\.up::f`"),
    ('(import "" "f" (func))', r"imports `::f`, but module '' cannot be imported"),
])
def test_unmet_imports_name_the_file_and_import(modules, imports, message):
    modules.write("pyhelpers2.py", "number = 3\ndef function():\n    pass\n")
    modules.write("provider.wat", PROVIDER)
    modules.write("broken.wat", f"(module {imports})")
    with pytest.raises(wasmic.WasmError, match=message) as info:
        import broken  # noqa: F401
    assert "broken.wat" in str(info.value)


def test_circular_wasm_imports_are_reported(modules):
    modules.write("ping.wat", '(module (import "pong" "f" (func)) (func (export "g")))')
    modules.write("pong.wat", '(module (import "ping" "g" (func)) (func (export "f")))')
    with pytest.raises(wasmic.WasmError, match="circular import ping -> pong -> ping"):
        import ping  # noqa: F401


def test_circular_import_through_python_is_reported(modules):
    modules.write("middle.py", "import wasm_end\nvalue = 1\n")
    modules.write("wasm_end.wat", '(module (import "middle" "value" (global i32)))')
    with pytest.raises(wasmic.WasmError, match="'middle' is partially initialized"):
        import middle  # noqa: F401


def test_imports_from_wasmic_instantiate_are_linked_directly(modules, tier_engine):
    instance = wasmic.instantiate(PROVIDER, engine=tier_engine)
    wasmic.loader.configure("consumer", imports={"provider": instance})
    wasmic.loader.configure("poker", imports={"env": {"memory": instance.memory}})
    modules.write("consumer.wat", CONSUMER)
    modules.write("poker.wat", '(module (import "env" "memory" (memory 1))'
                               ' (func (export "poke") (i32.store8 (i32.const 9) (i32.const 5))))')
    import consumer
    import poker

    assert consumer.__wasm_store__ is instance.store is poker.__wasm_store__
    assert consumer.add_base(2) == 102
    poker.poke()
    assert instance.memory.read(9, 10) == b"\x05"


def test_python_import_annotated_with_caller_gets_it(modules):
    modules.write("printer.py", "from __future__ import annotations\n"
                                "import wasmic\n"
                                "lines = []\n"
                                "def log(caller: wasmic.Caller, ptr: int, length: int) -> None:\n"
                                "    data = caller.get('memory').read(caller, ptr, ptr + length)\n"
                                "    lines.append(data.decode())\n"
                                "def plain(ptr, length):\n"
                                "    lines.append((ptr, length))\n")
    modules.write("talker.wat", """
      (module
        (import "printer" "log" (func $log (param i32 i32)))
        (import "printer" "plain" (func $plain (param i32 i32)))
        (memory (export "memory") 1)
        (data (i32.const 8) "hello")
        (func (export "talk") (call $log (i32.const 8) (i32.const 5))
                              (call $plain (i32.const 8) (i32.const 5))))
    """)
    import printer
    import talker

    talker.talk()
    assert printer.lines == ["hello", (8, 5)]
