"""Load time of native artifacts (``wasmic compile`` / ``Module.serialize``).

For each module: the artifact's size, then, each in a fresh process (an
extension loads once per process), the time of one ``Module.deserialize_file``
on a native engine: as the first load of the process (the loading code is
imported then), as a later one (another artifact was loaded first: the
module's own cost), and as a later one with an empty cache (its libraries
are written into the cache first); and the whole process's wall time
(interpreter start, imports, first load).  Medians of ``--runs`` processes.
Usage: ``python bench/artifact_load.py [--runs N] [FILE.wasm...]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_MODULES = [ROOT / "bench" / "kernels" / "fib.wasm", ROOT / "tests" / "wasi" / "programs" / "files.wasm"]

LOAD = """
import json, sys, time
import wasmic
config = wasmic.Config()
config.strategy = "native"
engine = wasmic.Engine(config)
times = []
for path in sys.argv[1:]:
    start = time.perf_counter()
    wasmic.Module.deserialize_file(engine, path)
    times.append(time.perf_counter() - start)
print(json.dumps(times))
"""


def compile_artifact(wasm: Path, out: Path, cache: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "WASMIC_CACHE_DIR": cache}
    subprocess.run([sys.executable, "-m", "wasmic", "compile", str(wasm), "-o", str(out)], env=env, check=True)


def load_times(artifacts: list[Path], cache: str) -> tuple[list[float], float]:
    """The deserialize_file time of each artifact, in order, in one fresh
    process; and the process's wall time."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "WASMIC_CACHE_DIR": cache}
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-c", LOAD, *map(str, artifacts)], env=env, capture_output=True,
                         text=True, check=True)
    return json.loads(run.stdout), time.perf_counter() - start


def ms(seconds: list[float]) -> str:
    return f"{statistics.median(seconds) * 1e3:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", type=Path, default=DEFAULT_MODULES)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print("| module | wasm | artifact | first load in a process | later load | later load, empty cache "
          "| whole process |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory(prefix="wasmic-bench-") as tmp:
        cache = str(Path(tmp, "cache"))
        empty = Path(tmp, "empty.wat")
        empty.write_text("(module)")
        warmup = Path(tmp, "empty.cwasm")
        compile_artifact(empty, warmup, cache)
        for wasm in args.modules:
            artifact = Path(tmp, wasm.stem + ".cwasm")
            compile_artifact(wasm, artifact, cache)
            load_times([artifact], cache)  # settle the file system cache
            first = [load_times([artifact], cache) for _ in range(args.runs)]
            later = [load_times([warmup, artifact], cache)[0][1] for _ in range(args.runs)]
            cold = [load_times([warmup, artifact], str(Path(tmp, f"cold-{wasm.stem}-{i}")))[0][1]
                    for i in range(args.runs)]
            print(f"| {wasm.name} | {wasm.stat().st_size / 1024:.0f} KiB | {artifact.stat().st_size / 1024:.0f} KiB "
                  f"| {ms([t[0] for t, _ in first])} | {ms(later)} | {ms(cold)} "
                  f"| {statistics.median(w for _, w in first) * 1e3:.0f} ms |")

if __name__ == "__main__":
    main()
