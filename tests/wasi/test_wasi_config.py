"""``WasiConfig`` as in wasmtime-py (write-only fields, files opened when
set, inherited stdio, preopens with ``DirPerms``/``FilePerms``), one fresh
WASI context per store, and the Wasmer-style ``get_version`` and
``StateBuilder``."""

from __future__ import annotations

import os
import sys

import pytest
from wasi_calls import Guest
from wasi_run import execute

import wasmic
from wasmic.wasi import DirPerms, FilePerms, StateBuilder, Version, WasiConfig, get_version


def test_fields_can_be_set_but_not_read():
    config = WasiConfig()
    for name in ("argv", "env", "stdin_file", "stdout_file", "stderr_file", "stdout_custom",
                 "stderr_custom"):
        with pytest.raises(AttributeError, match="can only be set"):
            getattr(config, name)


@pytest.mark.parametrize("field, value, error", [
    ("argv", "not a list", TypeError),
    ("argv", ["ok", 3], TypeError),
    ("argv", ["nul\0byte"], wasmic.WasmError),
    ("env", [("A",)], TypeError),
    ("env", [("A", 1)], TypeError),
    ("env", [("A=B", "c")], wasmic.WasmError),
    ("env", [("", "c")], wasmic.WasmError),
    ("env", 5, TypeError),
    ("stdout_custom", "not callable", TypeError),
    ("stdin_file", 3.5, TypeError),
    ("stdin_file", "/no/such/file", wasmic.WasmError),
    ("stdout_file", "/no/such/dir/out", wasmic.WasmError),
    ("stdin_file", "/", wasmic.WasmError),
])
def test_bad_values_are_refused(field, value, error):
    with pytest.raises(error):
        setattr(WasiConfig(), field, value)


def test_preopen_arguments_are_checked(tmp_path):
    config = WasiConfig()
    with pytest.raises(wasmic.WasmError, match="not a directory"):
        config.preopen_dir(str(tmp_path / "missing"), "/x")
    with pytest.raises(TypeError):
        config.preopen_dir(str(tmp_path), 5)
    with pytest.raises(TypeError):
        config.preopen_dir(str(tmp_path), "/x", "read-only")
    with pytest.raises(TypeError):
        config.preopen_dir(str(tmp_path), "/x", DirPerms.READ_ONLY, DirPerms.READ_ONLY)


def test_permission_enums():
    assert [p.name for p in DirPerms] == ["READ_ONLY", "WRITE_ONLY", "READ_WRITE"]
    assert [p.name for p in FilePerms] == ["READ_ONLY", "WRITE_ONLY", "READ_WRITE"]
    assert wasmic.DirPerms is DirPerms and wasmic.FilePerms is FilePerms
    assert wasmic.WasiConfig is WasiConfig


def test_set_wasi_wants_a_config():
    with pytest.raises(TypeError, match="WasiConfig"):
        wasmic.Store().set_wasi({"argv": []})


def test_files_as_standard_streams(tier_engine, tmp_path):
    (tmp_path / "in").write_bytes(b"abc\n")
    (tmp_path / "out").write_bytes(b"old content that must go")
    config = WasiConfig()
    config.stdin_file = tmp_path / "in"
    config.stdout_file = str(tmp_path / "out")
    assert (tmp_path / "out").read_bytes() == b""  # truncated when set
    config.stderr_file = str(tmp_path / "err")
    assert execute(tier_engine, config, "stdio") == 0
    assert (tmp_path / "out").read_bytes() == b"ABC\n"
    assert (tmp_path / "err").read_bytes() == b"4 bytes, 1 lines\n"


def test_inherited_stdio_argv_and_env(tier_engine, capfd, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["host-program", "--flag"])
    monkeypatch.setenv("WASMIC_TEST_VARIABLE", "inherited")
    config = WasiConfig()
    config.inherit_argv()
    config.inherit_env()
    config.inherit_stdout()
    config.inherit_stderr()
    print("python first", flush=False)
    assert execute(tier_engine, config, "args_env") == 0
    out = capfd.readouterr().out
    assert out.startswith("python first\nargc=2\nargv[0]=host-program\nargv[1]=--flag\n")
    assert "env WASMIC_TEST_VARIABLE=inherited\n" in out
    assert out.count("\nenv ") == len(os.environ)


def test_unset_streams_read_nothing_and_discard(tier_engine, capfd):
    assert execute(tier_engine, WasiConfig(), "stdio") == 0
    assert capfd.readouterr() == ("", "")


def test_each_store_gets_its_own_context(tier_engine, tmp_path):
    (tmp_path / "file").write_text("x")
    config = WasiConfig()
    config.preopen_dir(str(tmp_path), "/d")
    first, second = Guest(tier_engine, config), Guest(tier_engine, config)
    length = first.put(100, b"file")
    assert first.call("path_open", 3, 0, 100, length, 0, 2, 2, 0, 16) == 0
    assert first.call("fd_close", 4) == 0
    assert second.call("fd_close", 4) == wasmic.wasi.Errno.BADF
    assert second.call("fd_close", 3) == 0
    assert first.call("fd_prestat_get", 3, 0) == 0  # still open in the first store


def test_get_version(tier_engine):
    def module(*names: str, memory: str = "") -> wasmic.Module:
        imports = "".join(f'(import "{name}" "sched_yield" (func (result i32)))' for name in names)
        if memory:
            imports += f'(import "{memory}" "memory" (memory 1))'
        return wasmic.Module(tier_engine, f"(module {imports})")

    assert get_version(module("wasi_snapshot_preview1")) is Version.LATEST
    assert get_version(module("wasi_snapshot_preview1")) is Version.SNAPSHOT1
    assert get_version(module("wasi_unstable"), strict=True) is Version.SNAPSHOT0
    assert get_version(module()) is None
    assert get_version(module("env")) is None
    assert get_version(module("env", "wasi_unstable")) is Version.SNAPSHOT0
    assert get_version(module("env", "wasi_unstable"), strict=True) is None
    assert get_version(module("wasi_unstable", "wasi_snapshot_preview1")) is Version.SNAPSHOT0
    assert get_version(module("wasi_unstable", "wasi_snapshot_preview1"), strict=True) is None
    assert get_version(module("wasi_unstable", memory="env"), strict=True) is Version.SNAPSHOT0
    with pytest.raises(TypeError):
        get_version(b"\0asm")


def test_state_builder(tier_engine, tmp_path):
    out = bytearray()
    environment = (StateBuilder("wasi_test_program").argument("--test")
                   .arguments(["a", "b"]).environment("COLOR", "true")
                   .environments({"APP_SHOULD_LOG": "false"})
                   .map_directory("the_host_current_dir", tmp_path)
                   .finalize())
    environment.config.stdout_custom = out.extend
    assert execute(tier_engine, environment.config, "args_env") == 0
    assert out.decode() == ("argc=4\nargv[0]=wasi_test_program\nargv[1]=--test\nargv[2]=a\n"
                            "argv[3]=b\nenv COLOR=true\nenv APP_SHOULD_LOG=false\n")
    store, linker = wasmic.Store(tier_engine), wasmic.Linker(tier_engine)
    environment.apply(store, linker)
    guest_module = wasmic.Module(tier_engine, '(module (import "wasi_snapshot_preview1" '
                                 '"sched_yield" (func (result i32))))')
    linker.instantiate(store, guest_module)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    many = (StateBuilder("p").preopen_directories([tmp_path / "a"])
            .map_directories({"/bee": tmp_path / "b"}).finalize())
    guest = Guest(tier_engine, many.config)
    assert guest.call("fd_prestat_dir_name", 3, 0, 100) == 0
    assert guest.get(0, len(str(tmp_path / "a"))) == str(tmp_path / "a").encode()
    assert guest.call("fd_prestat_dir_name", 4, 0, 4) == 0 and guest.get(0, 4) == b"/bee"
    with pytest.raises(TypeError):
        StateBuilder(5)
    with pytest.raises(TypeError):
        StateBuilder("p").argument(3)


def test_define_wasi_twice_needs_shadowing(tier_engine):
    linker = wasmic.Linker(tier_engine)
    linker.define_wasi()
    with pytest.raises(wasmic.WasmError, match="defined twice"):
        linker.define_wasi()
    linker.allow_shadowing = True
    linker.define_wasi()
    store = wasmic.Store(tier_engine)
    store.set_wasi(WasiConfig())
    assert isinstance(linker.get(store, "wasi_unstable", "fd_write"), wasmic.Func)
    assert isinstance(linker.get(store, "wasi_snapshot_preview1", "poll_oneoff"), wasmic.Func)
