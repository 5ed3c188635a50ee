"""Startup benchmark: run the hello-world WASI program
(tests/wasi/programs/hello.wasm) in a fresh Python process, on wasmic's two
tiers and on wasmtime-py, cold and cached, wall time side by side.

    python bench/wasi_startup.py            # 7 samples per row
    python bench/wasi_startup.py --quick    # 3 samples per row

Every sample is a new process (``python bench/wasi_startup.py --child ...``)
that imports the runtime, loads the module, makes a store with WASI,
instantiates, runs ``_start`` and checks the output is "hello, world".
Columns: the process's wall time from spawn to exit (what ``wasmic run``
costs), the same measured inside the child from its first line (import +
load + instantiate + run, without the interpreter's own startup), and the
median of 20 further instantiate+run cycles in that process with the
module already loaded (warm).  Cold means nothing compiled is on disk (an
empty wasmic cache directory; for wasmtime, ``Module(engine, bytes)``
compiling with Cranelift); "cold module" is the native tier's usual first
run of a module, its runtime library already built by an earlier one;
cached means the compiled code is loaded from disk (wasmic's native
cache; wasmtime's ``Module.deserialize_file``).  The python tier compiles
to Python code objects in memory and has no disk cache, so it has only a
cold row.  Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

START = time.perf_counter()

ROOT = Path(__file__).resolve().parent.parent
HELLO = ROOT / "tests" / "wasi" / "programs" / "hello.wasm"
EXPECTED = b"hello, world\n"
WARM_CYCLES = 20

ROWS = [
    ("baseline", "python -c pass", "interpreter startup only"),
    ("wasmic-python", "cold", "compile to Python code"),
    ("wasmic-native", "cold", "empty cache: toolchain probe, runtime library, module"),
    ("wasmic-native", "cold module", "runtime library cached, the module compiled"),
    ("wasmic-native", "cached", "compiled library from the cache"),
    ("wasmtime", "cold", "Cranelift compile"),
    ("wasmtime", "cached", "Module.deserialize_file"),
]


# -- the child: one run in this process ------------------------------------------------

def _load(runtime: str, artifact: str | None):
    """The runtime's module (wasmic and wasmtime share the API) and engine."""
    if runtime == "wasmtime":
        import wasmtime as api

        engine = api.Engine()
        if artifact:
            return api, engine, api.Module.deserialize_file(engine, artifact)
    else:
        sys.path.insert(0, str(ROOT / "src"))
        import wasmic as api

        config = api.Config()
        config.strategy = runtime.removeprefix("wasmic-")
        engine = api.Engine(config)
    return api, engine, api.Module(engine, HELLO.read_bytes())


def _run(runtime: str, artifact: str | None) -> tuple[bytes, list[float]]:
    """Load hello.wasm and run it; (its output, the warm times)."""
    api, engine, module = _load(runtime, artifact)

    def once() -> bytes:
        out = bytearray()
        wasi = api.WasiConfig()
        wasi.stdout_custom = out.extend
        store = api.Store(engine)
        store.set_wasi(wasi)
        linker = api.Linker(engine)
        linker.define_wasi()
        linker.instantiate(store, module).exports(store)["_start"](store)
        return bytes(out)

    return once(), _warm(once)


def _warm(once) -> list[float]:
    """The times of ``WARM_CYCLES`` more runs of ``once``."""
    times = []
    for _ in range(WARM_CYCLES):
        begin = time.perf_counter()
        once()
        times.append(time.perf_counter() - begin)
    return times


def child(runtime: str, artifact: str | None) -> None:
    """Run once, then the warm cycles; print the timings as JSON."""
    out, warm = _run(runtime, artifact)
    elapsed = time.perf_counter() - START
    if out != EXPECTED:
        raise SystemExit(f"unexpected output {out!r}")
    # Warm cycles ran after the first one: take them out of the in-process time.
    print(json.dumps({"in_process": elapsed - sum(warm), "warm": statistics.median(warm)}))


# -- the parent: samples and the table -------------------------------------------------

def sample(runtime: str, mode: str, workdir: Path) -> dict:
    """One child process for a row: its wall time and what it measured."""
    env = dict(os.environ)
    command = [sys.executable, __file__, "--child", runtime]
    if runtime == "baseline":
        command = [sys.executable, "-c", "pass"]
    elif runtime.startswith("wasmic"):
        cache = workdir / ("cache-warm" if mode == "cached" else f"cache-{time.monotonic_ns()}")
        if mode == "cold module" and (workdir / "cache-runtime").exists():
            shutil.copytree(workdir / "cache-runtime", cache)
        env["WASMIC_CACHE_DIR"] = str(cache)
    elif mode == "cached":
        command += ["--artifact", str(workdir / "hello.cwasm")]
    begin = time.perf_counter()
    done = subprocess.run(command, capture_output=True, env=env, timeout=900)
    wall = time.perf_counter() - begin
    if done.returncode != 0:
        lines = done.stderr.decode(errors="replace").strip().splitlines()
        reason = lines[-1].split(": ", 1)[-1].split(";")[0] if lines else ""
        raise RuntimeError(reason or f"exit status {done.returncode}")
    measured = json.loads(done.stdout) if runtime != "baseline" else {}
    return {"wall": wall, **measured}


def prepare(workdir: Path) -> None:
    """The cached rows' artifacts: wasmtime's serialized module; a native
    cache holding hello's library (one run of it), and one holding only the
    toolchain and runtime library (from compiling an empty module).  Errors
    show up in the table."""
    import wasmtime

    engine = wasmtime.Engine()
    (workdir / "hello.cwasm").write_bytes(wasmtime.Module(engine, HELLO.read_bytes()).serialize())
    try:
        sample("wasmic-native", "cached", workdir)
    except RuntimeError:
        return
    empty_module = ("import wasmic; config = wasmic.Config(); config.strategy = 'native'; "
                    "wasmic.Module(wasmic.Engine(config), '(module)')")
    subprocess.run([sys.executable, "-c", empty_module], capture_output=True, timeout=900,
                   env={**os.environ, "PYTHONPATH": str(ROOT / "src"),
                        "WASMIC_CACHE_DIR": str(workdir / "cache-runtime")})


def milliseconds(values: list[float]) -> str:
    """The median of ``values`` (seconds) in ms."""
    return f"{statistics.median(values) * 1000:,.1f} ms" if values else "-"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--artifact", help=argparse.SUPPRESS)
    parser.add_argument("--quick", action="store_true", help="3 samples per row instead of 7")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.artifact)
        return 0
    samples = 3 if args.quick else 7
    lines = ["| runtime | mode | what is timed | process wall | in-process | warm run |",
             "| --- | --- | --- | --- | --- | --- |"]
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        prepare(workdir)
        for runtime, mode, what in ROWS:
            try:
                results = [sample(runtime, mode, workdir) for _ in range(samples)]
            except RuntimeError as error:
                lines.append(f"| {runtime} | {mode} | {what} | n/a: {error} | | |")
                continue
            cells = [milliseconds([r[key] for r in results if key in r])
                     for key in ("wall", "in_process", "warm")]
            lines.append(f"| {runtime} | {mode} | {what} | {' | '.join(cells)} |")
    print(f"- date: {time.strftime('%Y-%m-%d')}")
    print(f"- command: `python bench/wasi_startup.py{' --quick' if args.quick else ''}`")
    from peers import machine_model

    print(f"- machine: {machine_model()}, {os.cpu_count()} cores, "
          f"{platform.system()} {platform.machine()}; Python {platform.python_version()}")
    print(f"- samples per row: {samples} (median shown); load average at the end: "
          f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print()
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
