"""The Linker: naming externs, resolving imports, shadowing and its errors."""

from __future__ import annotations

import pytest

from wasmic.errors import WasmError
from wasmic.runtime import (Func, FuncType, Global, GlobalType, Linker, Module, Store, Trap,
                            ValType)

pytestmark = pytest.mark.usefixtures("default_tier")  # each test on both tiers

I32 = ValType.i32()

USER = """(module
  (import "env" "add" (func $add (param i32 i32) (result i32)))
  (import "env" "base" (global $base i32))
  (func (export "run") (param i32) (result i32) (call $add (local.get 0) (global.get $base))))"""


def test_define_and_instantiate():
    store = Store()
    linker = Linker(store.engine)
    linker.define(store, "env", "add", Func(store, FuncType([I32, I32], [I32]), lambda a, b: a + b))
    linker.define(store, "env", "base", Global(store, GlobalType(I32, False), 100))
    exports = linker.instantiate(store, Module(store.engine, USER)).exports(store)
    assert exports["run"](store, 5) == 105


def test_unknown_import_is_named():
    store = Store()
    linker = Linker(store.engine)
    with pytest.raises(WasmError, match="unknown import: `env::add` has not been defined"):
        linker.instantiate(store, Module(store.engine, USER))


def test_duplicate_definition_needs_shadowing():
    store = Store()
    linker = Linker(store.engine)
    first = Global(store, GlobalType(I32, False), 1)
    second = Global(store, GlobalType(I32, False), 2)
    linker.define(store, "env", "base", first)
    with pytest.raises(WasmError, match="defined twice"):
        linker.define(store, "env", "base", second)
    linker.allow_shadowing = True
    linker.define(store, "env", "base", second)
    assert linker.get(store, "env", "base") is second


def test_define_func_works_in_every_store():
    engine_store = Store()
    linker = Linker(engine_store.engine)
    linker.define_func("env", "add", FuncType([I32, I32], [I32]), lambda a, b: a * b)
    module = Module(engine_store.engine, USER)
    results = []
    for value in (3, 4):
        store = Store(engine_store.engine)
        linker.allow_shadowing = True
        linker.define(store, "env", "base", Global(store, GlobalType(I32, False), value))
        results.append(linker.instantiate(store, module).exports(store)["run"](store, 10))
    assert results == [30, 40]


def test_define_instance_and_get_default():
    store = Store()
    linker = Linker(store.engine)
    provider = linker.instantiate(store, Module(store.engine, """(module
      (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
      (global (export "base") i32 (i32.const 7))
      (func (export "_start")))"""))
    linker.define_instance(store, "env", provider)
    assert linker.instantiate(store, Module(store.engine, USER)).exports(store)["run"](store, 1) == 8
    assert linker.get_default(store, "env") is provider.exports(store)["_start"]


def test_objects_of_another_store_are_refused():
    store, other = Store(), Store()
    linker = Linker(store.engine)
    func = Func(other, FuncType([], []), lambda: None)
    with pytest.raises(WasmError, match="wrong store"):
        linker.define(store, "env", "f", func)


def test_unknown_imports_as_traps_and_as_defaults():
    store = Store()
    module = Module(store.engine, """(module
      (import "env" "f" (func $f (result i32)))
      (func (export "run") (result i32) call $f))""")
    linker = Linker(store.engine)
    linker.define_unknown_imports_as_traps(module)
    with pytest.raises(Trap, match="env::f"):
        linker.instantiate(store, module).exports(store)["run"](store)
    linker = Linker(store.engine)
    linker.define_unknown_imports_as_default_values(store, module)
    assert linker.instantiate(store, module).exports(store)["run"](store) == 0


def test_incompatible_definition_reports_the_import():
    store = Store()
    linker = Linker(store.engine)
    linker.define(store, "env", "add", Func(store, FuncType([I32], [I32]), lambda a: a))
    linker.define(store, "env", "base", Global(store, GlobalType(I32, False), 1))
    with pytest.raises(WasmError, match="incompatible import type for `env::add`"):
        linker.instantiate(store, Module(store.engine, USER))


def test_instantiate_pre_in_several_stores():
    engine_store = Store()
    linker = Linker(engine_store.engine)
    linker.define_func("env", "add", FuncType([I32, I32], [I32]), lambda a, b: a - b)
    module = Module(engine_store.engine, """(module
      (import "env" "add" (func $add (param i32 i32) (result i32)))
      (func (export "run") (result i32) (call $add (i32.const 10) (i32.const 3))))""")
    pre = linker.instantiate_pre(module)
    assert pre.module is module
    for _ in range(2):
        store = Store(engine_store.engine)
        assert pre.instantiate(store).exports(store)["run"](store) == 7
