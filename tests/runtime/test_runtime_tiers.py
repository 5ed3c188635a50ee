"""Choosing the tier (Config.strategy and the native tier's settings), and
stores holding instances of both tiers: functions cross freely, memories,
tables and globals are refused with an error naming the limitation."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import numpy as np
import pytest

import wasmic
from wasmic import (Config, Engine, Func, FuncType, Instance, Limits, Memory, MemoryType, Module,
                    Store, Table, TableType, Trap, TrapCode, ValType, WasmError)
from wasmic.runtime import tier as tiers

SRC = str(Path(wasmic.__file__).parents[1])
I32 = ValType.i32()

SIMD = """(module (func (export "lane") (result i32)
    (i32x4.extract_lane 1 (v128.const i32x4 1 2 3 4))))"""

ADD = """(module (func (export "add") (param i32 i32) (result i32)
  local.get 0 local.get 1 i32.add))"""


def engine(strategy: str, **settings) -> Engine:
    config = Config()
    config.strategy = strategy
    for name, value in settings.items():
        setattr(config, name, value)
    return Engine(config)


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    full = {"PYTHONPATH": SRC, "HOME": os.environ.get("HOME", "/tmp"), **env}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, env=full, timeout=300, check=False)


# -- choosing the tier -------------------------------------------------------------------

def test_auto_without_a_compiler_runs_python_and_says_so_once(tmp_path):
    result = run_python("""
        import warnings
        import wasmic
        warnings.simplefilter("always")
        with warnings.catch_warnings(record=True) as caught:
            for _ in range(2):
                store = wasmic.Store()
                module = wasmic.Module(store.engine, '(module (func (export "f") (result i32) i32.const 7))')
                print(module._tier, wasmic.Instance(store, module, []).exports(store)["f"](store))
        print(len(caught), caught[0].category.__name__, caught[0].message)
        """, PATH=str(tmp_path), WASMIC_CACHE_DIR=str(tmp_path / "cache"))
    lines = result.stdout.splitlines()
    assert lines[:2] == ["python 7", "python 7"], result.stderr
    assert lines[2].startswith("1 RuntimeWarning ") and "C compiler" in lines[2]


def test_native_without_a_compiler_is_an_error_naming_what_to_install(tmp_path):
    result = run_python("""
        import wasmic
        config = wasmic.Config()
        config.strategy = "native"
        try:
            wasmic.Module(wasmic.Engine(config), '(module)')
        except wasmic.WasmError as error:
            print("WasmError:", error)
        """, PATH=str(tmp_path), WASMIC_CACHE_DIR=str(tmp_path / "cache"))
    assert result.stdout.startswith("WasmError: Config.strategy is 'native'"), result.stderr
    assert "C compiler" in result.stdout and "install" in result.stdout


@pytest.mark.parametrize("strategy", ["native", "cranelift", "auto"])
def test_native_strategies_compile_natively(strategy):
    assert Module(engine(strategy), ADD)._tier == "native"


def test_python_strategy_compiles_for_python():
    assert Module(engine("python"), ADD)._tier == "python"


def test_simd_under_native_is_an_error_naming_the_reason():
    with pytest.raises(WasmError, match="native tier cannot compile this module.*v128"):
        Module(engine("native"), SIMD)


def test_simd_under_auto_tries_the_python_tier_and_says_so_once(monkeypatch):
    monkeypatch.setattr(tiers, "_warned", set())
    with pytest.warns(RuntimeWarning, match="Python tier.*v128"), \
            pytest.raises(WasmError, match="SIMD is not supported by the python tier"):
        Module(engine("auto"), SIMD)


@pytest.fixture
def mixed_store(monkeypatch) -> Store:
    """An "auto" store where modules exporting `python_only` are ones the
    native tier cannot compile (as SIMD modules are; the Python tier has no
    SIMD yet either), so they run on the Python tier beside native ones."""
    from wasmic.backend import native

    compile_native = native.compile_module

    def selective(module, *args, **kwargs):
        if any(e.name == "python_only" for e in module.exports):
            raise native.UnsupportedByNative("the native tier cannot compile python_only")
        return compile_native(module, *args, **kwargs)

    monkeypatch.setattr(native, "compile_module", selective)
    monkeypatch.setattr(tiers, "_warned", set())
    return Store(engine("auto"))


def test_a_module_native_cannot_compile_runs_on_python_under_auto(mixed_store):
    with pytest.warns(RuntimeWarning, match="Python tier: the native tier cannot compile"):
        module = Module(mixed_store.engine, '(module (func (export "python_only")))')
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Module(mixed_store.engine, '(module (func (export "python_only")) (func))')
    assert module._tier == "python"
    assert Module(mixed_store.engine, ADD)._tier == "native"


@pytest.mark.parametrize("level, flag", [("none", 0), ("speed", 2), ("speed_and_size", 3)])
def test_opt_levels_map_to_the_c_compiler(level, flag):
    config = Config()
    config.cranelift_opt_level = level
    assert tiers.opt_level(config) == flag
    store = Store(engine("native", cranelift_opt_level=level))
    add = Instance(store, Module(store.engine, ADD), []).exports(store)["add"]
    assert add(store, 2, 3) == 5


def test_cache_setting_selects_the_directory(tmp_path):
    store = Store(engine("native", cache=str(tmp_path)))
    module = Module(store.engine, '(module (func (export "f") (result i32) i32.const 3781))')
    assert Instance(store, module, []).exports(store)["f"](store) == 3781
    assert any(tmp_path.rglob("*")), "the native library was not cached in Config.cache"


def test_cache_configuration_file_names_the_directory(tmp_path):
    settings = tmp_path / "cache.toml"
    settings.write_text('[cache]\ndirectory = "compiled"\n')
    config = Config()
    config.cache = str(settings)
    assert tiers.cache_dir(config) == str(tmp_path / "compiled")


def test_max_wasm_stack_is_the_native_stack_budget():
    recursive = """(module (func $down (export "down") (param i32) (result i32)
      local.get 0 i32.eqz if (result i32) i32.const 0
      else local.get 0 i32.const 1 i32.sub call $down i32.const 1 i32.add end))"""
    small = Store(engine("native", max_wasm_stack=64 * 1024))
    down = Instance(small, Module(small.engine, recursive), []).exports(small)["down"]
    assert down(small, 100) == 100
    with pytest.raises(Trap) as caught:
        down(small, 1_000_000)
    assert caught.value.trap_code is TrapCode.STACK_OVERFLOW
    large = Store(engine("native", max_wasm_stack=4 * 1024 * 1024))
    deep = Instance(large, Module(large.engine, recursive), []).exports(large)["down"]
    assert deep(large, 20_000) == 20_000


# -- native objects through the public API -----------------------------------------------

def test_numpy_sees_native_memory_without_copying():
    store = Store(engine("native"))
    module = Module(store.engine, """(module (memory (export "memory") 1)
      (func (export "sum") (param i32) (result i32) (local $i i32) (local $acc i32)
        (block $done (loop $next
          (br_if $done (i32.ge_u (local.get $i) (local.get 0)))
          (local.set $acc (i32.add (local.get $acc)
            (i32.load (i32.shl (local.get $i) (i32.const 2)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
        local.get $acc))""")
    exports = Instance(store, module, []).exports(store)
    view = np.frombuffer(exports["memory"].get_buffer_ptr(store), dtype=np.int32)
    view[:100] = np.arange(100)
    assert exports["sum"](store, 100) == 4950
    assert exports["memory"].read(store, 4, 8) == (1).to_bytes(4, "little")


def test_host_functions_in_native_tables_come_back_as_themselves():
    store = Store(engine("native"))
    triple = Func(store, FuncType([I32], [I32]), lambda x: 3 * x)
    table = Table(store, TableType(ValType.funcref(), Limits(2, None)), None)
    table.set(store, 0, triple)
    module = Module(store.engine, """(module (import "" "t" (table 2 funcref))
      (type $f (func (param i32) (result i32)))
      (func (export "call") (param i32 i32) (result i32)
        local.get 1 local.get 0 call_indirect (type $f)))""")
    call = Instance(store, module, [table]).exports(store)["call"]
    assert call(store, 0, 14) == 42
    assert table.get(store, 0) is triple
    assert table.get(store, 1) is None
    with pytest.raises(Trap) as caught:
        call(store, 1, 0)
    assert caught.value.trap_code is TrapCode.INDIRECT_CALL_TO_NULL


def test_an_export_call_checks_the_store_in_c_and_in_python():
    store, other = Store(engine("native")), Store(engine("native"))
    add = Instance(store, Module(store.engine, ADD), []).exports(store)["add"]
    assert add(store, 2**31, 2**31) == 0 and add(store, -1, 0) == -1
    with pytest.raises(WasmError, match="wrong store"):
        add(other, 1, 2)
    with pytest.raises(TypeError):
        add(store, 1.5, 2)
    with pytest.raises(WasmError):
        add(store, 1)
    with pytest.raises(WasmError):
        add(store, 2**32, 0)
    assert add(store, wasmic.Val.i32(5), 6) == 11


# -- both tiers in one store --------------------------------------------------------------

PYTHON_SIDE = """(module (import "" "double" (func $double (param i32) (result i32)))
  (func (export "python_only"))
  (func (export "plus_one_doubled") (param i32) (result i32)
    local.get 0 call $double i32.const 1 i32.add))"""


def test_functions_cross_between_tiers(mixed_store):
    store = mixed_store
    calls_back = Func(store, FuncType([I32], [I32]), lambda x: python_side["plus_one_doubled"](store, x))
    native = Instance(store, Module(store.engine, """(module
      (import "" "back" (func $back (param i32) (result i32)))
      (func (export "double") (param i32) (result i32) local.get 0 local.get 0 i32.add)
      (func (export "round_trip") (param i32) (result i32) local.get 0 call $back))"""),
        [calls_back]).exports(store)
    with pytest.warns(RuntimeWarning):
        module = Module(store.engine, PYTHON_SIDE)
    python_side = Instance(store, module, [native["double"]]).exports(store)
    assert python_side["plus_one_doubled"](store, 20) == 41  # Python tier calls native code
    assert native["round_trip"](store, 20) == 41  # native -> host -> Python tier -> native
    direct = Instance(store, Module(store.engine, """(module
      (import "" "p" (func $p (param i32) (result i32)))
      (func (export "f") (param i32) (result i32) local.get 0 call $p))"""),
        [python_side["plus_one_doubled"]]).exports(store)
    assert direct["f"](store, 1) == 3  # native imports a Python-tier function


def test_memories_do_not_cross_tiers_and_the_error_says_why(mixed_store):
    store = mixed_store
    memory = Memory(store, MemoryType(Limits(1, None)))
    with pytest.warns(RuntimeWarning):
        module = Module(store.engine, """(module (import "" "m" (memory 1))
          (func (export "python_only")))""")
    with pytest.raises(WasmError, match="memory of the native tier cannot be used by a module "
                                        "running on the Python tier"):
        Instance(store, module, [memory])


def test_python_tier_globals_do_not_reach_native_code(mixed_store):
    store = mixed_store
    with pytest.warns(RuntimeWarning):
        module = Module(store.engine, """(module (global (export "g") i32 (i32.const 5))
          (func (export "python_only")))""")
    glob = Instance(store, module, []).exports(store)["g"]
    native = Module(store.engine, '(module (import "" "g" (global i32)))')
    with pytest.raises(WasmError, match="global of the Python tier cannot be used by a module "
                                        "running on the native tier"):
        Instance(store, native, [glob])


def test_function_references_cross_the_native_boundary_as_funcs():
    store = Store(engine("native"))
    seen = []

    def echo(ref):
        seen.append(ref)
        return ref

    funcref = ValType.funcref()
    host = Func(store, FuncType([funcref], [funcref]), echo)
    exports = Instance(store, Module(store.engine, """(module
      (import "" "echo" (func $echo (param funcref) (result funcref)))
      (func $seven (export "seven") (result i32) i32.const 7)
      (elem declare func $seven)
      (func (export "via_host") (result funcref) (call $echo (ref.func $seven)))
      (func (export "pair") (param funcref) (result funcref i32) local.get 0 i32.const 1))"""),
        [host]).exports(store)
    seven = exports["seven"]
    assert exports["via_host"](store) is seven and seen == [seven]
    assert exports["pair"](store, host) == [host, 1]
    assert exports["pair"](store, None) == [None, 1]


def test_results_and_externrefs_through_the_c_call_path():
    store = Store(engine("native"))
    exports = Instance(store, Module(store.engine, """(module
      (func (export "pair") (param i32) (result i32 i64) local.get 0 local.get 0 i64.extend_i32_s)
      (func (export "same") (param externref) (result externref) local.get 0))"""), []).exports(store)
    assert exports["pair"](store, -3) == [-3, -3]
    token = (1, 2)
    assert exports["same"](store, token) is token  # a tuple stays one value
    assert exports["same"](store, None) is None
    assert exports["same"](store, wasmic.Val.externref("v")) == "v"
