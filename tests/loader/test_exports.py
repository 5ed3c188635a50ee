"""An imported wasm module's exports as module attributes: functions callable
without a store, memories, globals and tables used with the module's store."""

from __future__ import annotations

import importlib
import inspect
import sys
import zipfile

import pytest

import wasmic
import wasmic.loader

EXPORTS = """
(module
  (memory (export "memory") 1)
  (global (export "counter") (mut i32) (i32.const 7))
  (table (export "table") 2 funcref)
  (func $add (export "add") (param i32 i32) (result i32)
    local.get 0 local.get 1 i32.add)
  (func (export "pair") (result i32 i64) i32.const -1 i64.const 5)
  (func (export "bump") global.get 0 i32.const 1 i32.add global.set 0)
  (func (export "store") (param i32 i32) local.get 0 local.get 1 i32.store8)
  (elem (i32.const 0) $add)
  (export "__name__" (func $add))
  (export "not an identifier" (func $add)))
"""


@pytest.fixture
def exports(modules):
    modules.write("exports.wat", EXPORTS)
    import exports

    return exports


def test_functions_are_called_without_a_store(exports):
    assert exports.add(2, 3) == 5
    assert exports.add(2**31 - 1, 1) == -2**31
    assert exports.pair() == [-1, 5]
    func = exports.add.__wasm_func__
    assert func.type(exports.__wasm_store__).params == [wasmic.ValType.i32()] * 2
    assert exports.add.__name__ == "add" and exports.add.__module__ == "exports"
    assert str(inspect.signature(exports.add)) == "(arg0, arg1, /)"
    assert exports.add.__doc__.startswith("The wasm function add")


def test_memory_global_and_table_use_the_module_store(exports):
    store = exports.__wasm_store__
    exports.store(16, 0xAB)
    assert exports.memory.read(store, 16, 17) == b"\xab"
    exports.bump()
    assert exports.counter.value(store) == 8
    exports.counter.set_value(store, 40)
    exports.bump()
    assert exports.counter.value(store) == 41
    assert exports.table.get(store, 0)(store, 4, 5) == 9


def test_module_object(exports, modules):
    assert isinstance(exports, wasmic.loader.WasmModule)
    assert exports.__name__ == "exports"
    assert exports.__file__ == str(modules.root / "exports.wat")
    assert "exports.wat" in repr(exports)
    assert isinstance(exports.__wasm_module__, wasmic.Module)
    assert isinstance(exports.__wasm_instance__, wasmic.Instance)
    assert set(exports.__all__) >= {"memory", "counter", "table", "add", "pair"}


def test_exports_never_replace_module_attributes(exports):
    assert exports.__name__ == "exports"
    assert "__name__" not in exports.__all__
    store = exports.__wasm_store__
    assert exports.__wasm_exports__["__name__"](store, 1, 2) == 3
    assert getattr(exports, "not an identifier")(1, 2) == 3


def test_from_import_and_star_import(exports):
    namespace: dict = {}
    exec("from exports import *", namespace)
    assert namespace["add"](1, 1) == 2
    assert "__name__" not in namespace or namespace["__name__"] != exports.add


def test_binary_wasm_files(modules):
    modules.write("binmod.wasm", wasmic.wat2wasm(EXPORTS))
    import binmod as binary

    assert binary.add(20, 22) == 42
    assert binary.__file__.endswith("binmod.wasm")


def test_wasm_is_preferred_to_wat_and_py_files_win(modules):
    modules.write("both.wat", '(module (func (export "which") (result i32) i32.const 1))')
    modules.write("both.wasm", wasmic.wat2wasm(
        '(module (func (export "which") (result i32) i32.const 2))'))
    modules.write("shadowed.wat", '(module (func (export "which") (result i32) i32.const 3))')
    modules.write("shadowed.py", "which = 'python'\n")
    import both
    import shadowed

    assert both.which() == 2
    assert shadowed.which == "python"


def test_wasm_files_win_over_namespace_directories(modules):
    modules.write("plugins/readme.txt", "a directory without __init__.py")
    modules.write("plugins.wat", '(module (func (export "which") (result i32) i32.const 4))')
    modules.write("only_dir/readme.txt", "")
    import only_dir
    import plugins

    assert plugins.which() == 4
    assert only_dir.__file__ is None and list(only_dir.__path__)  # still a namespace package


def test_modules_in_packages(modules):
    modules.write("pkg/__init__.py", "")
    modules.write("pkg/sub/__init__.py", "")
    modules.write("pkg/sub/leaf.wat", '(module (func (export "f") (result i32) i32.const 11))')
    from pkg.sub import leaf

    assert leaf.f() == 11
    assert leaf.__name__ == "pkg.sub.leaf" and leaf.__package__ == "pkg.sub"
    assert sys.modules["pkg.sub.leaf"] is leaf


def test_modules_in_zip_archives(modules, tmp_path):
    archive = tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("zipped.wasm", wasmic.wat2wasm(
            '(module (func (export "f") (result i32) i32.const 21))'))
        bundle.writestr("zpkg/__init__.py", "")
        bundle.writestr("zpkg/inner.wat", '(module (func (export "g") (result i32) i32.const 22))')
        bundle.writestr("broken.wasm", b"\0asm\x01\0\0\0\x99")
    sys.path.insert(0, str(archive))
    try:
        import zipped
        from zpkg import inner

        assert (zipped.f(), inner.g()) == (21, 22)
        assert zipped.__file__ == str(archive / "zipped.wasm")
        assert inner.__file__ == str(archive / "zpkg" / "inner.wat")
        with pytest.raises(wasmic.WasmError, match=r"bundle\.zip.broken\.wasm"):
            import broken  # noqa: F401
    finally:
        sys.path.remove(str(archive))
        for name in ("zipped", "zpkg", "zpkg.inner", "broken"):
            sys.modules.pop(name, None)


def test_each_module_gets_its_own_store(modules):
    modules.write("one.wat", EXPORTS)
    modules.write("two.wat", EXPORTS)
    import one
    import two

    assert one.__wasm_store__ is not two.__wasm_store__
    one.bump()
    assert (one.counter.value(one.__wasm_store__), two.counter.value(two.__wasm_store__)) == (8, 7)


def test_configured_engine_is_used(modules, tier_engine):
    modules.write("engined.wat", EXPORTS)
    import engined

    assert engined.__wasm_store__.engine is tier_engine


def test_reload_reads_the_file_again(modules):
    path = modules.write("changing.wat", '(module (func (export "v") (result i32) i32.const 1)'
                                         ' (func (export "gone")))')
    import changing

    assert changing.v() == 1
    old_v = changing.v
    path.write_text('(module (func (export "v") (result i32) i32.const 2))')
    importlib.invalidate_caches()
    assert importlib.reload(changing) is changing
    assert changing.v() == 2
    assert not hasattr(changing, "gone")
    assert old_v() == 1  # the old instance lives on for whoever holds it


def test_failed_reload_keeps_the_old_exports(modules):
    path = modules.write("stable.wat", '(module (func (export "v") (result i32) i32.const 1))')
    import stable

    path.write_text("(module (func (export \"v\") (result i32) i64.const 1))")
    with pytest.raises(wasmic.WasmError, match="stable.wat"):
        importlib.reload(stable)
    assert stable.v() == 1


def test_reactor_is_initialized_and_command_is_not_started(modules):
    reactor = """(module (global $ready (export "ready") (mut i32) (i32.const 0))
      (func (export "_initialize") i32.const 1 global.set $ready))"""
    modules.write("reactor.wat", reactor)
    modules.write("command.wat", reactor.replace('"_initialize"', '"_start"'))
    import command
    import reactor

    assert reactor.ready.value(reactor.__wasm_store__) == 1
    assert command.ready.value(command.__wasm_store__) == 0
    command._start()
    assert command.ready.value(command.__wasm_store__) == 1


def test_wat_file_with_byte_order_mark(modules):
    modules.write("bom.wat", "\ufeff(module (func (export \"f\") (result i32) i32.const 4))"
                  .encode("utf-8"))
    import bom

    assert bom.f() == 4
