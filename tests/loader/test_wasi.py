"""WASI imports of imported modules: every import is resolved (WASI or not,
in any order), each store gets a default WasiConfig (stdio inherited, no
preopened directories) unless configured, and WASI commands run with
``python -m`` exit with their status."""

from __future__ import annotations

import pytest
from loader_subprocess import CONFIGURE_TIER, run

import wasmic
import wasmic.loader
from wasmic.wasi import WasiConfig

EBADF = 8

GREETER = """
(module
  (import "pyside" "before" (func $before (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_get" (func $prestat (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args (param i32 i32) (result i32)))
  (import "pyside" "after" (func $after (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello from wasm\\n")
  (func (export "greet") (result i32)
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 16))
    (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
  (func (export "first_preopen") (result i32) (call $prestat (i32.const 3) (i32.const 64)))
  (func (export "argc") (result i32)
    (drop (call $args (i32.const 64) (i32.const 68))) (i32.load (i32.const 64)))
  (func (export "python_imports") (result i32) (i32.add (call $before) (call $after))))
"""

PYSIDE = "def before():\n    return 1\n\ndef after():\n    return 2\n"


@pytest.fixture
def greeter(modules):
    modules.write("pyside.py", PYSIDE)
    modules.write("greeter.wat", GREETER)
    return modules


def test_every_import_is_resolved_around_wasi_ones(greeter):
    import greeter as module

    assert module.python_imports() == 3


def test_default_wasi_inherits_stdout_and_has_no_preopens(greeter, capfd):
    import greeter as module

    assert module.greet() == 0
    assert capfd.readouterr().out == "hello from wasm\n"
    assert module.first_preopen() == EBADF
    assert module.argc() == 0


def test_configured_wasi_for_one_module(greeter):
    written = []

    def make_config() -> WasiConfig:
        config = WasiConfig()
        config.argv = ["greeter", "one", "two"]
        config.stdout_custom = lambda data: written.append(bytes(data)) or len(data)
        return config

    wasmic.loader.configure("greeter", wasi=make_config)
    import greeter as module

    assert module.greet() == 0
    assert b"".join(written) == b"hello from wasm\n"
    assert module.argc() == 3


def test_wasi_config_instance_and_preopen(greeter, tmp_path):
    config = WasiConfig()
    config.preopen_dir(str(tmp_path), "/data")
    wasmic.loader.configure(wasi=config)
    import greeter as module

    assert module.first_preopen() == 0


def test_modules_sharing_a_store_share_its_wasi(greeter):
    greeter.write("reuser.wat", """(module
      (import "greeter" "memory" (memory 1))
      (export "memory" (memory 0))
      (import "wasi_snapshot_preview1" "args_sizes_get" (func $args (param i32 i32) (result i32)))
      (func (export "argc") (result i32)
        (drop (call $args (i32.const 64) (i32.const 68))) (i32.load (i32.const 64))))""")
    calls = []

    def make_config() -> WasiConfig:
        calls.append(1)
        config = WasiConfig()
        config.argv = ["a", "b"]
        return config

    wasmic.loader.configure(wasi=make_config)
    import greeter as module
    import reuser

    assert reuser.__wasm_store__ is module.__wasm_store__
    assert (reuser.argc(), len(calls)) == (2, 1)


def test_wasi_command_exit_status_with_python_m(tmp_path, tier):
    (tmp_path / "apps").mkdir()
    (tmp_path / "apps" / "__init__.py").write_text(CONFIGURE_TIER)
    (tmp_path / "apps" / "exits.wat").write_text("""(module
      (import "wasi_snapshot_preview1" "args_sizes_get" (func $args (param i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
      (memory (export "memory") 1)
      (func (export "_start")
        (drop (call $args (i32.const 0) (i32.const 4)))
        (call $exit (i32.add (i32.const 10) (i32.load (i32.const 0))))))""")
    result = run(["-m", "apps.exits", "x", "y"], tmp_path, tier)
    assert result.returncode == 13, result.stderr  # argv: the file and two arguments


def test_wasi_factory_must_return_a_config(greeter):
    wasmic.loader.configure(wasi=lambda: "stdout please")
    with pytest.raises(TypeError, match=r"wasi setting for .*greeter\.wat returned str"):
        import greeter  # noqa: F401


def test_store_with_its_own_wasi_keeps_it(greeter, tier_engine):
    store = wasmic.Store(tier_engine)
    config = WasiConfig()
    config.argv = ["own", "wasi"]
    store.set_wasi(config)
    wasmic.loader.configure("greeter", store=store)
    import greeter as module

    assert module.argc() == 2
