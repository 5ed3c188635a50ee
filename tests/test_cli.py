"""The ``wasmic`` command, in-process and as a subprocess: results on stdout,
every failure as one ``wasmic: error:`` line on stderr with exit status 1."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from wasmic import __version__
from wasmic.binary import decode_module, encode_module
from wasmic.cli import main
from wasmic.syntax.module import CustomSection
from wasmic.text import parse_module

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "wordcount.wat"
IMPORTS = """(module
  (import "env" "log" (func $log (param i32)))
  (import "env" "mem" (memory 1 2))
  (table 2 10 funcref)
  (global (mut i64) (i64.const 0))
  (func (export "run") (call $log (i32.const 1)))
  (export "table" (table 0)))
"""


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def error_of(capsys, *argv: str) -> str:
    """The error line of a command that must fail: status 1, one stderr line, no stdout."""
    status, out, err = cli(capsys, *argv)
    assert (status, out) == (1, "")
    assert err.count("\n") == 1 and err.startswith("wasmic: error: ")
    return err


@pytest.fixture
def write(tmp_path):
    def write(name: str, content: str | bytes) -> str:
        path = tmp_path / name
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        return str(path)
    return write


def test_validate_accepts_text_and_binary(capsys, write):
    binary = write("m.wasm", bytes(encode_module(parse_module(EXAMPLE.read_text()))))
    status, out, err = cli(capsys, "validate", str(EXAMPLE), binary)
    assert (status, err) == (0, "")
    assert out.splitlines() == [f"{EXAMPLE}: valid", f"{binary}: valid"]


def test_validate_reports_the_phase_and_place(capsys, write):
    invalid = write("bad.wat", "(module\n  (func (result i32)))")
    err = error_of(capsys, "validate", invalid)
    assert invalid in err and "type mismatch" in err
    malformed = write("bad.wat", "(module\n  (func (oops)))")
    err = error_of(capsys, "validate", malformed)
    assert f"{malformed}:2:" in err
    truncated = write("bad.wasm", b"\0asm\x01\0\0\0\x01\x05")
    err = error_of(capsys, "validate", truncated)
    assert truncated in err and "type section" in err


def test_unreadable_files_are_one_line_errors(capsys, tmp_path, monkeypatch):
    missing = str(tmp_path / "missing.wasm")
    err = error_of(capsys, "validate", missing)
    assert "cannot read" in err and "No such file" in err
    assert "directory" in error_of(capsys, "inspect", str(tmp_path))

    def denied(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    assert "Permission denied" in error_of(capsys, "wat2wasm", str(EXAMPLE))


def test_usage_errors_are_one_line(capsys):
    assert "required" in error_of(capsys)
    assert "invalid choice" in error_of(capsys, "frobnicate")


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"wasmic {__version__}"


def test_wat2wasm_writes_beside_the_input_by_default(capsys, write):
    source = write("wc.wat", EXAMPLE.read_text())
    status, out, err = cli(capsys, "wat2wasm", source)
    assert (status, out, err) == (0, "", "")
    binary = Path(source).with_suffix(".wasm").read_bytes()
    assert decode_module(binary) == parse_module(EXAMPLE.read_text())


def test_wat2wasm_output_option_and_refusals(capsys, write, tmp_path):
    out_path = tmp_path / "sub.wasm"
    assert cli(capsys, "wat2wasm", str(EXAMPLE), "-o", str(out_path))[0] == 0
    assert out_path.read_bytes().startswith(b"\0asm")
    assert "already a binary" in error_of(capsys, "wat2wasm", str(out_path))
    invalid = write("bad.wat", "(module (func (result i32)))")
    assert "type mismatch" in error_of(capsys, "wat2wasm", invalid)
    nowhere = str(tmp_path / "no" / "such" / "dir.wasm")
    assert "cannot write" in error_of(capsys, "wat2wasm", str(EXAMPLE), "-o", nowhere)


def test_inspect_text_module(capsys, write):
    status, out, err = cli(capsys, "inspect", write("m.wat", IMPORTS))
    assert (status, err) == (0, "")
    lines = [line.strip() for line in out.splitlines()]
    for expected in ["validation: valid", "imports: 2", "env.log: func [i32] -> []",
                     "env.mem: memory 1..2 pages", "exports: 2", "run: func [] -> []",
                     "table: table funcref 2..10", "functions: 2 (1 imported, 1 defined)",
                     "memories: 1", "0: 1..2 pages", "globals: 1", "0: mut i64",
                     "custom sections: 0"]:
        assert expected in lines
    assert any(line.startswith("import ") and line.endswith(" bytes") for line in lines)


def test_inspect_binary_with_custom_sections_and_an_invalid_body(capsys, write):
    module = parse_module("(module (func (result i32)))")
    module.customs.append(CustomSection("producers", b"\x00", after=10))
    status, out, _ = cli(capsys, "inspect", write("m.wasm", bytes(encode_module(module))))
    lines = [line.strip() for line in out.splitlines()]
    assert status == 0
    assert lines[1].startswith("validation: invalid: type mismatch")
    assert "custom sections: 1" in lines and "'producers' (1 bytes)" in lines
    assert any(line.startswith("custom 'producers'") for line in lines)


def run_subprocess(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "PYTHONPATH": str(REPO / "src"), **(env or {})}
    return subprocess.run([sys.executable, "-m", "wasmic", *argv], capture_output=True, text=True,
                          env=full_env, timeout=60, check=False)


def test_python_dash_m_wasmic():
    done = run_subprocess("validate", str(EXAMPLE))
    assert (done.returncode, done.stdout, done.stderr) == (0, f"{EXAMPLE}: valid\n", "")
    done = run_subprocess("inspect", "/nonexistent/file.wasm")
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == "wasmic: error: cannot read /nonexistent/file.wasm: No such file or directory\n"


COUNTER = """(module (func (export "next") (param i32) (result i32) local.get 0 i32.const {step} i32.add))"""


@pytest.fixture
def native_cache_env(request, tmp_path_factory, monkeypatch) -> str:
    """``wasmic compile`` caches in the native tests' cache (runtime built
    once), or in a temporary one without the cache plugin."""
    cache = getattr(request.config, "cache", None)
    folder = str(cache.mkdir("wasmic-native") if cache else tmp_path_factory.mktemp("cli-native"))
    monkeypatch.setenv("WASMIC_CACHE_DIR", folder)
    return folder


def test_compile_writes_an_artifact_that_runs(capsys, write, native_cache_env):
    from wasmic.backend.native import deserialize

    step = int.from_bytes(os.urandom(2), "little")
    source = write("counter.wat", COUNTER.format(step=step))
    status, out, err = cli(capsys, "compile", source, "-O", "1")
    assert (status, out, err) == (0, "", "")  # not a terminal: no progress line
    compiled = deserialize(Path(source).with_suffix(".cwasm").read_bytes())
    assert compiled.options.opt_level == 1
    assert compiled.instantiate().exports["next"](1) == 1 + step


def test_compile_shows_progress_on_a_terminal(capsys, write, tmp_path, native_cache_env, monkeypatch):
    source = write("counter.wasm", bytes(encode_module(parse_module(
        COUNTER.format(step=int.from_bytes(os.urandom(2), "little") + 70000)))))
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    status, out, err = cli(capsys, "compile", source, "-o", str(tmp_path / "out.bin"), "--consume-fuel")
    assert (status, out) == (0, "")
    assert f"wasmic: compiling {source}: 0/1 C files" in err and "1/1 C files" in err
    assert err.endswith("\r\x1b[K")  # the status line is erased at the end
    assert (tmp_path / "out.bin").read_bytes().startswith(b"\0wasmic-native\0")


def test_compile_errors_are_one_line(capsys, write, tmp_path):
    assert "type mismatch" in error_of(capsys, "compile", write("bad.wat", "(module (func (result i32)))"))
    assert "cannot read" in error_of(capsys, "compile", str(tmp_path / "missing.wasm"))
    assert "invalid choice" in error_of(capsys, "compile", str(EXAMPLE), "-O", "7")
    ok = write("ok.wat", "(module)")
    assert "cannot write" in error_of(capsys, "compile", ok, "-o", str(tmp_path / "no" / "dir" / "x.cwasm"))


def test_compile_without_a_compiler_is_one_line(tmp_path):
    done = run_subprocess("compile", str(EXAMPLE), "-o", str(tmp_path / "o"), env={
        "PATH": str(tmp_path), "CC": "no-such-cc", "WASMIC_CACHE_DIR": str(tmp_path / "c")})
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith("wasmic: error: ") and done.stderr.count("\n") == 1
    assert "no-such-cc: not found" in done.stderr and not (tmp_path / "o").exists()
