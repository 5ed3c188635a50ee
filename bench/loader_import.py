"""Import hook costs: ``import MODULE`` of a .wasm file, and calls of its exports.

Import: each sample a fresh process that imports ``wasmic.loader`` (timed:
"hook import"), configures an engine of the tier (timed: "runtime import",
as that imports wasmic's runtime), and imports the module (timed: "module
import": read, compile or load from the cache, resolve the imports,
instantiate); "process wall" is spawn to exit.  Modules:
``bench/kernels/calls.wasm`` (imports ``env.host_inc`` from a Python module)
and ``tests/wasi/programs/files.wasm`` (57 KiB of C, WASI imports).  The
native tier is timed cold (an empty cache directory per sample: the C
compiler runs) and cached (the cache filled beforehand).

Calls: in one process per tier, ``calls.add(acc, 1)`` through the module
attribute (no store) next to ``add(store, acc, 1)`` on the same ``Func``;
the best of 9 repeats of a loop of 200,000 calls, per call, loop included,
timed by the process's CPU time (the machine is shared: a descheduled
process does not count).

Usage: ``python bench/loader_import.py [--runs N]``; prints Markdown.
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

ROOT = Path(__file__).resolve().parents[1]
MODULES = {"calls": ROOT / "bench" / "kernels" / "calls.wasm",
           "files": ROOT / "tests" / "wasi" / "programs" / "files.wasm"}
ENV_MODULE = "def host_inc(x):\n    return x + 1\n"

IMPORT = """
import json, sys, time
start = time.perf_counter()
import wasmic, wasmic.loader
hooked = time.perf_counter()
config = wasmic.Config()
config.strategy = sys.argv[1]
wasmic.loader.configure(engine=wasmic.Engine(config))
configured = time.perf_counter()
__import__(sys.argv[2])
done = time.perf_counter()
print(json.dumps([hooked - start, configured - hooked, done - configured]))
"""

CALLS = """
import json, sys, time, timeit
import wasmic, wasmic.loader
config = wasmic.Config()
config.strategy = sys.argv[1]
wasmic.loader.configure(engine=wasmic.Engine(config))
import calls
add, store = calls.add, calls.__wasm_store__
func = add.__wasm_func__
def per_call(loop):
    return min(timeit.repeat(loop, number=1, repeat=9, timer=time.process_time)) / 200_000
def store_free():
    acc = 0
    for _ in range(200_000):
        acc = add(acc, 1)
def with_store():
    acc = 0
    for _ in range(200_000):
        acc = func(store, acc, 1)
print(json.dumps([per_call(store_free), per_call(with_store)]))
"""


def child(script: str, folder: Path, cache: Path, *args: str) -> tuple[list[float], float]:
    """Run ``script`` in a fresh process; its JSON output and the wall time."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(folder)]),
           "WASMIC_CACHE_DIR": str(cache)}
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-c", script, *args], cwd=folder, env=env,
                         capture_output=True, text=True, check=True)
    return json.loads(run.stdout), time.perf_counter() - start


def ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1e3:.1f} ms"


def import_row(folder: Path, name: str, tier: str, mode: str, runs: int) -> str:
    hook, runtime, module, wall = [], [], [], []
    cache = folder / f"cache-{tier}-{mode}"
    if mode == "cached":
        child(IMPORT, folder, cache, tier, name)
    for _ in range(runs):
        if mode == "cold":
            shutil.rmtree(cache, ignore_errors=True)
        (hook_time, runtime_time, module_time), wall_time = child(IMPORT, folder, cache, tier,
                                                                  name)
        hook.append(hook_time)
        runtime.append(runtime_time)
        module.append(module_time)
        wall.append(wall_time)
    return (f"| {name}.wasm | {tier} | {mode} | {ms(hook)} | {ms(runtime)} | {ms(module)} "
            f"| {ms(wall)} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="processes per row (median shown)")
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        for name, path in MODULES.items():
            shutil.copy(path, folder / f"{name}.wasm")
        (folder / "env.py").write_text(ENV_MODULE)
        print(f"- date: {time.strftime('%Y-%m-%d')}")
        print(f"- command: `python bench/loader_import.py --runs {runs}`")
        print(f"- machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
              f"{platform.system()}; Python {platform.python_version()}")
        print(f"- load average at the start: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print()
        print("| module | tier | mode | hook import | runtime import | module import "
              "| process wall |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        for name in MODULES:
            for tier, mode in (("python", "-"), ("native", "cold"), ("native", "cached")):
                print(import_row(folder, name, tier, mode, runs), flush=True)
        print()
        print("| tier | calls.add(acc, 1) (no store) | add(store, acc, 1) |")
        print("| --- | --- | --- |")
        for tier in ("python", "native"):
            (free, stored), _ = child(CALLS, folder, folder / f"cache-{tier}-calls", tier)
            print(f"| {tier} | {free * 1e9:.0f} ns | {stored * 1e9:.0f} ns |")


if __name__ == "__main__":
    main()
