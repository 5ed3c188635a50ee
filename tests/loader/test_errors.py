"""Bad module files and bad settings give clear errors naming the file or
the setting, never a crash or an internal exception."""

from __future__ import annotations

import pytest

import wasmic
import wasmic.loader

COMPONENT_PREAMBLE = b"\0asm\x0d\x00\x01\x00"


@pytest.mark.parametrize("name, content, message", [
    ("malformed.wasm", b"\0asm\x01\0\0\0\x01\xff", r"malformed\.wasm: "),
    ("truncated.wasm", b"\0asm\x01", r"truncated\.wasm: "),
    ("notwasm.wasm", b"\x7fELF\x02\x01", r"notwasm\.wasm is not a wasm binary"),
    ("latin.wat", b"(module) \xff", r"latin\.wat is not UTF-8 text \(invalid byte at offset 9\)"),
    ("syntax.wat", "(module (func (result i32) i32.const))", r"syntax\.wat: "),
    ("invalid.wat", "(module (func (result i32) i64.const 1))", r"invalid\.wat: .*type mismatch"),
    ("component.wasm", COMPONENT_PREAMBLE, r"component\.wasm is a WebAssembly component"),
    ("component_text.wat", ";; a component\n(component)", r"component_text\.wat is a "
                                                           "WebAssembly component"),
])
def test_bad_files_name_the_file(modules, name, content, message):
    modules.write(name, content)
    module_name = name.rpartition(".")[0]
    with pytest.raises(wasmic.WasmError, match=message):
        __import__(module_name)


def test_trap_in_start_function_keeps_its_type_and_names_the_file(modules):
    modules.write("trapping.wat", "(module (func $s unreachable) (start $s))")
    with pytest.raises(wasmic.Trap) as info:
        import trapping  # noqa: F401
    assert info.value.trap_code == wasmic.TrapCode.UNREACHABLE
    assert any("trapping.wat" in note for note in info.value.__notes__)


def test_python_exception_of_an_import_reaches_the_importer(modules):
    modules.write("raiser.py", "def boom():\n    raise KeyError('from host')\n")
    modules.write("starts.wat", '(module (import "raiser" "boom" (func $b)) (start $b))')
    with pytest.raises(KeyError, match="from host"):
        import starts  # noqa: F401


def test_failed_import_leaves_no_module_behind(modules):
    import sys

    modules.write("unfinished.wat", "(module (func $s unreachable) (start $s))")
    with pytest.raises(wasmic.Trap):
        import unfinished  # noqa: F401
    assert "unfinished" not in sys.modules


@pytest.mark.parametrize("settings, message", [
    ({"engine": "fast"}, "engine must be an Engine"),
    ({"store": 3}, "store must be a Store"),
    ({"shared_store": 1}, "shared_store must be a bool"),
    ({"wasi": 5}, "wasi must be a WasiConfig"),
    ({"imports": {1: {}}}, "imports must be a mapping"),
    ({"imports": [("env", {})]}, "imports must be a mapping"),
    ({"tier": "native"}, "unknown setting 'tier'"),
])
def test_bad_settings_are_refused(settings, message):
    with pytest.raises(TypeError, match=message):
        wasmic.loader.configure(**settings)


def test_module_name_must_be_a_string():
    with pytest.raises(TypeError, match="module must be a module name"):
        wasmic.loader.configure(3, shared_store=True)


def test_store_and_engine_of_different_engines_are_refused(modules, tier_engine):
    modules.write("mismatched.wat", "(module)")
    wasmic.loader.configure("mismatched", store=wasmic.Store(wasmic.Engine()))
    with pytest.raises(wasmic.WasmError, match=r"mismatched\.wat: the configured store belongs "
                                               "to another engine"):
        import mismatched  # noqa: F401


def test_wasi_refused_by_setting(modules):
    modules.write("wants_wasi.wat", '(module (import "wasi_snapshot_preview1" "proc_exit" '
                                    "(func (param i32))))")
    wasmic.loader.configure(wasi=False)
    with pytest.raises(wasmic.WasmError, match=r"wants_wasi\.wat imports WASI "
                                               r"\(`wasi_snapshot_preview1::proc_exit`\)"):
        import wants_wasi  # noqa: F401


@pytest.mark.parametrize("name", ["sub/hidden", "sub\\hidden", "sub/../sub/hidden", "nul\0byte"])
def test_names_holding_paths_find_nothing(modules, name):
    import importlib

    modules.write("sub/hidden.wat", "(module)")
    modules.write("sub/../sub/hidden.wat", "(module)")
    with pytest.raises((ModuleNotFoundError, ValueError)):
        importlib.import_module(name)
    assert wasmic.loader.WasmFinder().find_spec(name, None) is None
    assert wasmic.loader.WasmFinder().find_spec("pkg..", None) is None


def test_wasm_import_naming_a_path_is_not_found(modules):
    modules.write("sub/hidden.wat", '(module (func (export "f")))')
    modules.write("pkg/__init__.py", "")
    modules.write("pkg/escaper.wat", '(module (import "../sub/hidden" "f" (func)))')
    with pytest.raises(wasmic.WasmError, match=r"escaper\.wat imports `\.\./sub/hidden::f`"):
        import pkg.escaper  # noqa: F401
