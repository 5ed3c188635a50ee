"""What the native tier's big-function treatment costs hot code, and what
its threshold buys a big module's cold compile.

At the default -O2, functions of more than 10,000 wasm instructions are
compiled with less optimization (-O1, and with GCC ``-fira-region=one``;
see src/wasmic/backend/native/big_functions.py).  The benchmark kernels'
functions are all small, so this compiles each kernel twice -- as usual,
and as if every function were big (``big_function=0``) -- and times both
the way peers.py does (this process's CPU time, calibrated samples, the
median; every result checked against the -O2 build's).  The ratio is the
price a hot loop pays when it lives in a big function.

    python bench/big_functions.py [--quick]
    python bench/big_functions.py --thresholds 2000,10000 [--module resvg]

``--thresholds`` instead compiles the big module (fetched like peers.py's
``--big-module``) once per threshold, each in a fresh process with an empty
cache, and prints the functions demoted, the wall time and the CPU time of
the process and its compiler processes.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from peers import machine_model
from runners.kernels import KERNELS
from runners.timing import measure

import wasmic
from wasmic.backend.native import compile_module


def kernel_function(kernel, cache_dir: str, big_function: int):
    """``run(n)`` calling the kernel's export, built with ``big_function``."""
    wasm = kernel.wasm_path.read_bytes()
    module, info = wasmic.load(wasm)
    compiled = compile_module(module, wasm, cache_dir=cache_dir, big_function=big_function, info=info)
    export = compiled.instantiate().exports[kernel.name]
    return lambda n: export(n, *kernel.extra_args)


PROBE = """
import json, resource, sys, tempfile, time
from wasmic import load
from wasmic.backend.native import compile_module
wasm = open(sys.argv[1], "rb").read()
module, info = load(wasm)
with tempfile.TemporaryDirectory() as cache_dir:
    start = time.perf_counter()
    compile_module(module, wasm, cache_dir=cache_dir, info=info, big_function=int(sys.argv[2]))
    wall = time.perf_counter() - start
usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
print(json.dumps({"wall": wall, "cpu": sum(u.ru_utime + u.ru_stime for u in usage)}))
"""
"""One compile of a module (argv: path, threshold), timed in its own process."""


def threshold_costs(module_name: str, thresholds: list[int]) -> list[tuple[int, int, float, float]]:
    """(threshold, functions demoted, wall s, CPU s) of compiling the big module."""
    from runners.big_modules import BIG_MODULES

    path = BIG_MODULES[module_name]()
    module, _info = wasmic.load(path.read_bytes())
    sizes = [len(func.body) for func in module.funcs]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent / "src")}
    rows = []
    for threshold in thresholds:
        done = subprocess.run([sys.executable, "-c", PROBE, str(path), str(threshold)], env=env,
                              capture_output=True, text=True, check=True)
        cost = json.loads(done.stdout)
        rows.append((threshold, sum(size > threshold for size in sizes), cost["wall"], cost["cpu"]))
    return rows


def print_header(argv: list[str]) -> None:
    print(f"- date: {datetime.date.today().isoformat()}")
    print(f"- command: `{shlex.join(['python', 'bench/big_functions.py', *argv])}`")
    print(f"- machine: {machine_model()}, {os.cpu_count()} cores, {platform.system()} {platform.machine()}")
    print("- load average (1, 5, 15 min) at the end: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    print()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="shorter samples")
    parser.add_argument("--thresholds", help="comma-separated thresholds: time the big module's compile")
    parser.add_argument("--module", default="resvg", help="the big module (resvg or yosys)")
    args = parser.parse_args(argv)
    if args.thresholds:
        rows = threshold_costs(args.module, [int(t) for t in args.thresholds.split(",")])
        print_header(argv)
        print(f"| {args.module}: threshold (wasm instructions) | functions demoted | wall | CPU |")
        print("| --- | --- | --- | --- |")
        for threshold, demoted, wall, cpu in rows:
            print(f"| {threshold:,} | {demoted} | {wall:.1f} s | {cpu:.1f} s |")
        return 0
    target, samples = (0.05, 3) if args.quick else (0.2, 7)
    rows = []
    with tempfile.TemporaryDirectory(prefix="wasmic-bench-big-") as cache_dir:
        for kernel in KERNELS:
            usual = kernel_function(kernel, cache_dir, big_function=10**9)
            treated = kernel_function(kernel, cache_dir, big_function=0)

            def check(units, result, usual=usual, name=kernel.name):
                if result != usual(units):
                    raise SystemExit(f"{name}: the two builds disagree for n={units}")

            times = [measure(run, target, samples, check).seconds_per_unit for run in (usual, treated)]
            rows.append((kernel.name, *times))
    print_header(argv)
    print("| kernel | -O2 (as compiled) | as a big function | ratio |")
    print("| ------ | ----------------- | ----------------- | ----- |")
    product = 1.0
    for name, usual, treated in rows:
        product *= treated / usual
        print(f"| {name} | {usual * 1e6:.3g} µs | {treated * 1e6:.3g} µs | {treated / usual:.2f}x |")
    print(f"| **geomean** | | | {product ** (1 / len(rows)):.2f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
