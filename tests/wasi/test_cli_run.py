"""``wasmic run``: a WASI program with its arguments, environment, stdio and
directories, exiting with the program's status; ``--invoke``, ``--fuel``
and ``--tier``; every failure one error line."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from wasi_run import program

from wasmic.cli import main

SRC = Path(__file__).resolve().parents[2] / "src"
ADDER = """(module
  (func (export "add") (param i32 i64) (result i64)
    (i64.add (i64.extend_i32_s (local.get 0)) (local.get 1)))
  (func (export "pair") (param f64) (result f64 i32)
    (f64.mul (local.get 0) (f64.const 2)) (i32.const 7))
  (func (export "spin") (loop (br 0))))"""


def run(capfd, *argv: str) -> tuple[int, str, str]:
    status = main(["run", *argv])
    out, err = capfd.readouterr()
    return status, out, err


def test_exit_status_and_output(capfd, tier):
    status, out, err = run(capfd, "--tier", tier, str(program("exit_code")), "--", "42")
    assert (status, out, err) == (42, "exiting with 42\n", "")


def test_arguments_and_environment(capfd, tier, monkeypatch):
    monkeypatch.setenv("FROM_HOST", "inherited value")
    path = str(program("args_env"))
    status, out, _ = run(capfd, "--tier", tier, "--env", "A=1", "--env", "FROM_HOST",
                         "--env", "B=x=y", path, "--", "-x", "--flag", "two words")
    assert status == 0
    assert out == (f"argc=4\nargv[0]={path}\nargv[1]=-x\nargv[2]=--flag\nargv[3]=two words\n"
                   "env A=1\nenv FROM_HOST=inherited value\nenv B=x=y\n")


def test_directories_are_mapped(capfd, tier, tmp_path):
    status, out, _ = run(capfd, "--tier", tier, "--dir", f"{tmp_path}::/data",
                         str(program("files")))
    assert status == 0
    assert out.splitlines()[-1] == "/data: . (dir) .. (dir)"
    assert 'read /data/dir/a.txt: "hello"' in out.splitlines()


def test_invoke_converts_arguments_and_prints_results(capfd, tier, tmp_path):
    module = tmp_path / "adder.wat"
    module.write_text(ADDER)
    assert run(capfd, "--tier", tier, "--invoke", "add", str(module), "--", "-5", "0x10") == \
        (0, "11\n", "")
    assert run(capfd, "--tier", tier, "--invoke", "pair", str(module), "1.25") == \
        (0, "2.5\n7\n", "")


def test_fuel_stops_a_runaway_program(capfd, tier, tmp_path):
    module = tmp_path / "adder.wat"
    module.write_text(ADDER)
    status, out, err = run(capfd, "--tier", tier, "--fuel", "5000", "--invoke", "spin",
                           str(module))
    assert (status, out) == (134, "")
    assert err == f"wasmic: error: {module}: all fuel consumed by WebAssembly\n"


@pytest.mark.parametrize("argv, message", [
    (["missing.wasm"], "cannot read missing.wasm"),
    (["--invoke", "add", "{adder}", "1"], "add takes 2 arguments (i32, i64), 1 given"),
    (["--invoke", "add", "{adder}", "one", "2"], "'one' is not a valid i32"),
    (["--invoke", "nothing", "{adder}"], "exports no function named 'nothing'"),
    (["{adder}"], "has no _start export (a reactor?); use --invoke NAME"),
    (["--env", "=x", "{adder}"], "--env '=x': no variable name"),
    (["--env", "SURELY_NOT_SET_ANYWHERE", "{adder}"], "SURELY_NOT_SET_ANYWHERE: not set"),
    (["--dir", "/no/such/dir", "{adder}"], "'/no/such/dir' is not a directory"),
    (["--fuel", "-1", "{adder}"], "--fuel must not be negative"),
    (["--tier", "jit", "{adder}"], "invalid choice: 'jit'"),
])
def test_errors_are_one_line(capfd, tmp_path, argv, message):
    adder = tmp_path / "adder.wat"
    adder.write_text(ADDER)
    status, out, err = run(capfd, *[arg.format(adder=adder) for arg in argv])
    assert (status, out) == (1, "")
    assert err.startswith("wasmic: error: ") and err.count("\n") == 1
    assert message in err


def test_stdin_and_exit_status_through_a_process(tier):
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run([sys.executable, "-m", "wasmic", "run", "--tier", tier,
                           str(program("stdio"))], input=b"one\ntwo\n", capture_output=True,
                          env=env, timeout=300)
    assert (done.returncode, done.stdout, done.stderr) == (0, b"ONE\nTWO\n",
                                                           b"8 bytes, 2 lines\n")
    done = subprocess.run([sys.executable, "-m", "wasmic", "run", "--tier", tier,
                           str(program("exit_code")), "--", "3"], capture_output=True,
                          env=env, timeout=300)
    assert (done.returncode, done.stdout) == (3, b"exiting with 3\n")


def test_poll_waits_for_a_pipe(tier):
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    process = subprocess.Popen([sys.executable, "-m", "wasmic", "run", "--tier", tier,
                                str(program("poll"))], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        assert process.stderr.readline() == b"polling stdin\n"  # about to wait in poll
    finally:
        process.stdin.write(b"late data")
        process.stdin.close()
    out = process.stdout.read()
    assert process.wait(timeout=300) == 0
    assert out == (b"stdin ready=1 in\nread 9 bytes: late data\nstdout ready=1 out\n"
                   b"empty poll=0 waited>=40ms:yes\n")


def test_a_program_for_wasi_unstable(capfd, tier):
    path = str(program("snapshot0").with_suffix(".wat"))
    assert run(capfd, "--tier", tier, path) == (3, "hello from wasi_unstable\n", "")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_tcplisten_gives_the_program_a_socket(tier):
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    process = subprocess.Popen([sys.executable, "-m", "wasmic", "run", "--tier", tier,
                                "--tcplisten", f"127.0.0.1:{port}",
                                str(program("greeter").with_suffix(".wat"))],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        for _ in range(600):  # until the program's socket listens (no timing asserted)
            try:
                client = socket.create_connection(("127.0.0.1", port), timeout=60)
                break
            except ConnectionRefusedError:
                time.sleep(0.1)
        else:
            pytest.fail(f"nothing listened on port {port}: {process.stderr.read()!r}")
        with client:
            assert client.makefile("rb").readline() == b"hello, socket\n"
            client.sendall(b"hello, program\n")
            assert client.recv(16) == b""  # the program shut the connection down
    finally:
        out, err = process.communicate(timeout=300)
    assert (process.returncode, out, err) == (0, b"hello, program\n", b"")


def test_tcplisten_needs_host_and_port(capfd):
    status, _, err = run(capfd, "--tcplisten", "8080", str(program("hello")))
    assert status == 1 and "--tcplisten '8080': expected HOST:PORT" in err
