"""What the native tier's big-function treatment costs hot code.

At the default -O2, functions of more than 2,000 wasm instructions are
compiled with less optimization (-O1, and with GCC ``-fira-region=one``;
see src/wasmic/backend/native/big_functions.py).  The benchmark kernels'
functions are all small, so this compiles each kernel twice -- as usual,
and as if every function were big (``big_function=0``) -- and times both
the way peers.py does (this process's CPU time, calibrated samples, the
median; every result checked against the -O2 build's).  The ratio is the
price a hot loop pays when it lives in a big function.

    python bench/big_functions.py [--quick]
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shlex
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


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="shorter samples")
    args = parser.parse_args(argv)
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
    print(f"- date: {datetime.date.today().isoformat()}")
    print(f"- command: `{shlex.join(['python', 'bench/big_functions.py', *argv])}`")
    print(f"- machine: {machine_model()}, {os.cpu_count()} cores, {platform.system()} {platform.machine()}")
    print("- load average (1, 5, 15 min) at the end: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    print()
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
