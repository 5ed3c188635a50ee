"""Running a WASI fixture program to completion on wasmic or on wasmtime,
capturing what it writes and how it exits, for the tests to compare."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import wasmic
from wasmic.wasi import DirPerms, FilePerms, WasiConfig

PROGRAMS = Path(__file__).parent / "programs"


def program(name: str) -> Path:
    """The built fixture ``name`` (programs/<name>.wasm)."""
    return PROGRAMS / f"{name}.wasm"


@dataclass
class Preopen:
    """A host directory given to the program, read-only or not."""

    host: Path
    guest: str
    read_only: bool = False


@dataclass
class Outcome:
    """How a run ended: exit status, captured stdout and stderr."""

    code: int
    stdout: bytes
    stderr: bytes
    trap: str | None = None

    @property
    def text(self) -> str:
        return self.stdout.decode()


@dataclass
class Run:
    """One invocation of a fixture: arguments, environment, stdin, preopens."""

    name: str
    args: list[str] = field(default_factory=list)
    env: list[tuple[str, str]] = field(default_factory=list)
    stdin: bytes = b""
    preopens: list[Preopen] = field(default_factory=list)

    def argv(self) -> list[str]:
        return [self.name, *self.args]


def _stdin_file(data: bytes) -> str:
    handle, path = tempfile.mkstemp(prefix="wasi-stdin-")
    os.write(handle, data)
    os.close(handle)
    return path


def run_wasmic(engine: wasmic.Engine, run: Run) -> Outcome:
    """``run`` on wasmic, output captured through ``stdout_custom``/``stderr_custom``."""
    out, err = bytearray(), bytearray()
    config = WasiConfig()
    config.argv = run.argv()
    config.env = run.env
    stdin = _stdin_file(run.stdin)
    try:
        config.stdin_file = stdin
    finally:
        os.unlink(stdin)
    config.stdout_custom = out.extend
    config.stderr_custom = err.extend
    for preopen in run.preopens:
        perms = ((DirPerms.READ_ONLY, FilePerms.READ_ONLY) if preopen.read_only
                 else (DirPerms.READ_WRITE, FilePerms.READ_WRITE))
        config.preopen_dir(str(preopen.host), preopen.guest, *perms)
    try:
        code = execute(engine, config, run.name)
    except wasmic.Trap as trap:
        return Outcome(-1, bytes(out), bytes(err), trap.reason)
    return Outcome(code, bytes(out), bytes(err))


def execute(engine: wasmic.Engine, config: WasiConfig, name: str) -> int:
    """Run fixture ``name`` with ``config`` in a new store; its exit status."""
    store = wasmic.Store(engine)
    store.set_wasi(config)
    linker = wasmic.Linker(engine)
    linker.define_wasi()
    module = wasmic.Module.from_file(engine, program(name))
    try:
        linker.instantiate(store, module).exports(store)["_start"](store)
    except wasmic.ExitTrap as exit_trap:
        return exit_trap.code
    return 0


def run_wasmtime(run: Run, workdir: Path) -> Outcome:
    """``run`` on wasmtime-py (the reference), output captured in files."""
    import wasmtime

    engine = wasmtime.Engine()
    config = wasmtime.WasiConfig()
    config.argv = run.argv()
    config.env = run.env
    stdin = workdir / "stdin"
    stdin.write_bytes(run.stdin)
    config.stdin_file = str(stdin)
    config.stdout_file = str(workdir / "stdout")
    config.stderr_file = str(workdir / "stderr")
    for preopen in run.preopens:
        config.preopen_dir(str(preopen.host), preopen.guest, not preopen.read_only)
    store = wasmtime.Store(engine)
    store.set_wasi(config)
    linker = wasmtime.Linker(engine)
    linker.define_wasi()
    module = wasmtime.Module.from_file(engine, str(program(run.name)))
    trap = None
    try:
        linker.instantiate(store, module).exports(store)["_start"](store)
        code = 0
    except wasmtime.ExitTrap as exit_trap:
        code = exit_trap.code
    except wasmtime.WasmtimeError as error:
        code, trap = -1, str(error)
    return Outcome(code, (workdir / "stdout").read_bytes(), (workdir / "stderr").read_bytes(),
                   trap)
