"""The C fixture programs (programs/*.c) run on both tiers: their output and
exit status are the expected ones, and the same as under wasmtime."""

from __future__ import annotations

import pytest
from wasi_run import Preopen, Run, run_wasmic, run_wasmtime


def test_hello(tier_engine, tmp_path):
    outcome = run_wasmic(tier_engine, Run("hello"))
    assert (outcome.code, outcome.text, outcome.stderr) == (0, "hello, world\n", b"")
    assert outcome == run_wasmtime(Run("hello"), tmp_path)


def test_arguments_and_environment(tier_engine, tmp_path):
    run = Run("args_env", args=["one", "two words", "ünïcödé", ""],
              env=[("GREETING", "hi there"), ("EMPTY", ""), ("EQUALS", "a=b")])
    outcome = run_wasmic(tier_engine, run)
    assert outcome.code == 0
    assert outcome.text == (
        "argc=5\nargv[0]=args_env\nargv[1]=one\nargv[2]=two words\nargv[3]=ünïcödé\n"
        "argv[4]=\nenv GREETING=hi there\nenv EMPTY=\nenv EQUALS=a=b\n")
    assert outcome == run_wasmtime(run, tmp_path)


def test_no_arguments_no_environment(tier_engine):
    outcome = run_wasmic(tier_engine, Run("args_env"))
    assert outcome.text == "argc=1\nargv[0]=args_env\n"


@pytest.mark.parametrize("status", [0, 1, 7, 125, 255, 1000, -1])
def test_exit_status(tier_engine, tmp_path, status):
    run = Run("exit_code", args=[str(status)])
    outcome = run_wasmic(tier_engine, run)
    assert (outcome.code, outcome.text) == (status, f"exiting with {status}\n")
    if 0 <= status < 126:  # wasmtime refuses other statuses; we report them as given
        assert outcome == run_wasmtime(run, tmp_path)


def test_a_fatal_signal_ends_the_program_with_a_trap(tier_engine):
    outcome = run_wasmic(tier_engine, Run("exit_code", args=["raise", "TERM"]))
    assert outcome.text == "raising TERM\n"
    assert outcome.trap == "wasm program terminated by signal SIGTERM"


def test_an_ignored_signal_returns(tier_engine):
    outcome = run_wasmic(tier_engine, Run("exit_code", args=["raise", "CHLD"]))
    assert (outcome.code, outcome.text) == (0, "raising CHLD\nproc_raise returned 0\n")


def test_stdin_to_stdout_and_stderr(tier_engine, tmp_path):
    run = Run("stdio", stdin=b"hello\nworld\nbytes \xff\x00 pass\n" * 300)
    outcome = run_wasmic(tier_engine, run)
    assert outcome.code == 0
    assert outcome.stdout == b"HELLO\nWORLD\nBYTES \xff\x00 PASS\n" * 300
    assert outcome.stderr == b"7800 bytes, 900 lines\n"
    assert outcome == run_wasmtime(run, tmp_path)


def test_empty_stdin(tier_engine):
    outcome = run_wasmic(tier_engine, Run("stdio"))
    assert (outcome.code, outcome.stdout, outcome.stderr) == (0, b"", b"0 bytes, 0 lines\n")


def test_clocks_sleep_and_random(tier_engine):
    outcome = run_wasmic(tier_engine, Run("clocks_random"))
    lines = outcome.text.splitlines()
    assert outcome.code == 0 and len(lines) == 11
    assert all(line.endswith(": ok") for line in lines), outcome.text


def test_files_and_directories(tier_engine, tmp_path):
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    ours.mkdir()
    theirs.mkdir()
    outcome = run_wasmic(tier_engine, Run("files", preopens=[Preopen(ours, "/data")]))
    reference = run_wasmtime(Run("files", preopens=[Preopen(theirs, "/data")]), tmp_path)
    assert outcome.code == 0 and outcome.stderr == b""
    assert outcome.text.splitlines() == reference.text.splitlines()
    lines = outcome.text.splitlines()
    assert "pread: hello, FILE" in lines
    assert 'read /data/dir/a.txt: "hello"' in lines
    assert "/data/moved: . (dir) .. (dir) b.txt (file)" in lines
    assert lines[-1] == "/data: . (dir) .. (dir)"
    assert list(ours.iterdir()) == []  # the program removed all it made


def test_poll_on_stdio_and_sleeping(tier_engine, tmp_path):
    run = Run("poll", stdin=b"some input")
    outcome = run_wasmic(tier_engine, run)
    assert (outcome.code, outcome.text) == (0, "stdin ready=1 in\nread 10 bytes: some input\n"
                                               "stdout ready=1 out\n"
                                               "empty poll=0 waited>=40ms:yes\n")
    assert outcome.stderr == b"polling stdin\n"
    assert outcome == run_wasmtime(run, tmp_path)
