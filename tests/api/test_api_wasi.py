"""WasiConfig (every setting), DirPerms, FilePerms, Store.set_wasi and
Linker.define_wasi, through the C fixture programs of tests/wasi, on both
tiers."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import wasmic
from api_marks import negative, positive

PROGRAMS = Path(__file__).parents[1] / "wasi" / "programs"
SRC = Path(__file__).parents[2] / "src"


def wasi_setup(engine, config):
    """A store with the WASI ``config``, and a linker defining WASI."""
    store = wasmic.Store(engine)
    store.set_wasi(config)
    linker = wasmic.Linker(engine)
    linker.define_wasi()
    return store, linker


def run(engine, name, config):
    """Run the fixture ``name`` to completion under ``config``; its exit code."""
    store, linker = wasi_setup(engine, config)
    module = wasmic.Module.from_file(engine, PROGRAMS / f"{name}.wasm")
    try:
        linker.instantiate(store, module).exports(store)["_start"](store)
    except wasmic.ExitTrap as exit_trap:
        return exit_trap.code
    return 0


def captured(config):
    out, err = bytearray(), bytearray()
    config.stdout_custom = out.extend
    config.stderr_custom = err.extend
    return out, err


@positive("WasiConfig.__init__", "WasiConfig.argv", "WasiConfig.env", "WasiConfig.stdout_custom",
          "Store.set_wasi", "Linker.define_wasi")
def test_arguments_and_environment_reach_the_program(tier_engine):
    config = wasmic.WasiConfig()
    config.argv = ["prog", "one", "two words"]
    config.env = [("COLOR", "blue")]
    out, _ = captured(config)
    assert run(tier_engine, "args_env", config) == 0
    assert out.decode().splitlines() == ["argc=3", "argv[0]=prog", "argv[1]=one",
                                         "argv[2]=two words", "env COLOR=blue"]


@negative("WasiConfig.__init__", "WasiConfig.argv", "WasiConfig.env", "WasiConfig.stdout_custom",
          "WasiConfig.stderr_custom")
def test_bad_arguments_environment_and_callbacks():
    config = wasmic.WasiConfig()
    with pytest.raises(TypeError):
        config.argv = 5
    with pytest.raises(TypeError):
        config.env = [("ALONE",)]
    with pytest.raises(TypeError):
        config.stdout_custom = "print"
    with pytest.raises(TypeError):
        config.stderr_custom = 5
    with pytest.raises(TypeError):
        wasmic.WasiConfig(["prog"])


@positive("WasiConfig.stdin_file", "WasiConfig.stdout_file", "WasiConfig.stderr_file",
          "WasiConfig.stderr_custom")
def test_standard_streams_from_and_to_files(tier_engine, tmp_path):
    (tmp_path / "in.txt").write_bytes(b"ab\ncd\n")
    config = wasmic.WasiConfig()
    config.stdin_file = tmp_path / "in.txt"
    config.stdout_file = str(tmp_path / "out.txt")
    config.stderr_file = tmp_path / "err.txt"
    assert run(tier_engine, "stdio", config) == 0
    assert (tmp_path / "out.txt").read_bytes() == b"AB\nCD\n"
    assert (tmp_path / "err.txt").read_bytes() == b"6 bytes, 2 lines\n"
    config = wasmic.WasiConfig()
    config.stdin_file = tmp_path / "in.txt"
    out, err = captured(config)
    run(tier_engine, "stdio", config)
    assert (bytes(out), bytes(err)) == (b"AB\nCD\n", b"6 bytes, 2 lines\n")


@negative("WasiConfig.stdin_file", "WasiConfig.stdout_file", "WasiConfig.stderr_file")
def test_stream_files_that_cannot_be_opened(tmp_path):
    config = wasmic.WasiConfig()
    with pytest.raises(wasmic.WasmError, match="stdin"):
        config.stdin_file = tmp_path / "missing.txt"
    with pytest.raises(wasmic.WasmError, match="stdout"):
        config.stdout_file = tmp_path / "no" / "dir" / "out.txt"
    with pytest.raises(wasmic.WasmError, match="stderr"):
        config.stderr_file = tmp_path / "no" / "dir" / "err.txt"
    with pytest.raises(TypeError):
        config.stdin_file = 3.5


INHERITING = """
import sys, wasmic
engine = wasmic.Engine(wasmic.Config())
config = wasmic.WasiConfig()
for what in sys.argv[2].split(","):
    getattr(config, "inherit_" + what)()
store = wasmic.Store(engine)
store.set_wasi(config)
linker = wasmic.Linker(engine)
linker.define_wasi()
module = wasmic.Module.from_file(engine, sys.argv[1])
linker.instantiate(store, module).exports(store)["_start"](store)
"""


def inheriting(tier, program, what, stdin=b""):
    script = INHERITING.replace("wasmic.Config()", f"_config('{tier}')").replace(
        "import sys, wasmic", "import sys, wasmic\n"
        "def _config(tier):\n    c = wasmic.Config()\n    c.strategy = tier\n    return c")
    env = {**os.environ, "PYTHONPATH": str(SRC), "WASI_API_TEST": "inherited"}
    return subprocess.run([sys.executable, "-c", script, str(PROGRAMS / f"{program}.wasm"), what],
                          input=stdin, capture_output=True, env=env, timeout=300)


@positive("WasiConfig.inherit_argv", "WasiConfig.inherit_env", "WasiConfig.inherit_stdin",
          "WasiConfig.inherit_stdout", "WasiConfig.inherit_stderr")
def test_inheriting_the_process_streams_arguments_and_environment(tier):
    result = inheriting(tier, "args_env", "argv,env,stdout")
    lines = result.stdout.decode().splitlines()
    assert "argv[2]=argv,env,stdout" in lines and "env WASI_API_TEST=inherited" in lines
    result = inheriting(tier, "stdio", "stdin,stdout,stderr", stdin=b"x\n")
    assert (result.stdout, result.stderr) == (b"X\n", b"2 bytes, 1 lines\n")


@negative("WasiConfig.inherit_argv", "WasiConfig.inherit_env", "WasiConfig.inherit_stdin",
          "WasiConfig.inherit_stdout", "WasiConfig.inherit_stderr")
def test_inherit_methods_take_no_arguments():
    config = wasmic.WasiConfig()
    for name in ("argv", "env", "stdin", "stdout", "stderr"):
        with pytest.raises(TypeError):
            getattr(config, f"inherit_{name}")(True)


def data_tree(tmp_path):
    data = tmp_path / "data"
    data.mkdir(parents=True)
    return data


@positive("WasiConfig.preopen_dir", "DirPerms.*", "FilePerms.*")
def test_preopened_directory_is_writable_only_when_allowed(tier_engine, tmp_path):
    data = data_tree(tmp_path)
    config = wasmic.WasiConfig()
    config.preopen_dir(str(data), "/data")  # READ_WRITE by default
    out, _ = captured(config)
    run(tier_engine, "files", config)
    assert re.search(r'mkdir\("/data/dir", 0755\) +?= 0\n', out.decode())
    assert re.search(r'unlink\("/data/dir/log.txt"\) +?= 0\n', out.decode())
    assert {p.name for p in wasmic.DirPerms} == {"READ_ONLY", "WRITE_ONLY", "READ_WRITE"}
    assert {p.name for p in wasmic.FilePerms} == {"READ_ONLY", "WRITE_ONLY", "READ_WRITE"}
    read_only = data_tree(tmp_path / "ro")
    config = wasmic.WasiConfig()
    config.preopen_dir(str(read_only), "/data", wasmic.DirPerms.READ_ONLY,
                       wasmic.FilePerms.READ_ONLY)
    out, _ = captured(config)
    run(tier_engine, "files", config)
    assert re.search(r'mkdir\("/data/dir", 0755\) +?= -1', out.decode())
    assert list(read_only.iterdir()) == []


@negative("WasiConfig.preopen_dir", "DirPerms.*", "FilePerms.*")
def test_preopen_refuses_missing_directories_and_bad_permissions(tmp_path):
    config = wasmic.WasiConfig()
    with pytest.raises(wasmic.WasmError, match="not a directory"):
        config.preopen_dir(str(tmp_path / "missing"), "/data")
    with pytest.raises(TypeError, match="DirPerms"):
        config.preopen_dir(str(tmp_path), "/data", "rw")
    with pytest.raises(TypeError):
        config.preopen_dir(str(tmp_path), "/data", wasmic.DirPerms.READ_ONLY, True)
    with pytest.raises(ValueError):
        wasmic.DirPerms("everything")
    with pytest.raises(KeyError):
        wasmic.FilePerms["EXECUTE"]


@negative("Store.set_wasi", "Linker.define_wasi")
def test_wasi_needs_a_config_in_the_store_and_is_defined_once(tier_engine):
    store = wasmic.Store(tier_engine)
    with pytest.raises(TypeError, match="WasiConfig"):
        store.set_wasi(None)
    linker = wasmic.Linker(tier_engine)
    linker.define_wasi()
    module = wasmic.Module.from_file(tier_engine, PROGRAMS / "hello.wasm")
    with pytest.raises(wasmic.WasmError, match="set_wasi"):
        linker.instantiate(store, module)
    with pytest.raises(wasmic.WasmError, match="defined twice"):
        linker.define_wasi()
    with pytest.raises(TypeError):
        linker.define_wasi(store)


def test_exit_code_reaches_the_host_as_exit_trap(tier_engine):
    config = wasmic.WasiConfig()
    config.argv = ["exit_code", "7"]
    captured(config)
    assert run(tier_engine, "exit_code", config) == 7


def test_define_module_runs_a_wasi_command_afresh_per_call(tier_engine):
    config = wasmic.WasiConfig()
    out, _ = captured(config)
    store, linker = wasi_setup(tier_engine, config)
    linker.define_module(store, "hello", wasmic.Module.from_file(tier_engine,
                                                                 PROGRAMS / "hello.wasm"))
    start = linker.get_default(store, "hello")
    start(store)
    start(store)  # a command gets a new instance each call, so it can run again
    assert out == b"hello, world\n" * 2
