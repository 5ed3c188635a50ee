"""One compile or cache load, measured inside a fresh Python process.

    python compile_probe.py RUNTIME MODE WASM CACHE_DIR

RUNTIME is ``wasmic-native`` or ``wasmtime``; MODE ``compile`` makes a
Module from the .wasm bytes, ``load`` makes it from the cache (wasmic: the
same call, answered by the artifact cache in CACHE_DIR; wasmtime: the
serialized module that ``compile`` left in CACHE_DIR, through
``Module.deserialize_file``).  Prints one JSON object: wall seconds of that
call, CPU seconds and peak resident memory of this process and every process
it waited for (the C compiler and its children included: getrusage of
RUSAGE_CHILDREN reports the largest one), which is why each measurement gets
a process of its own.  Linux only (/proc and getrusage's KiB).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent.parent / "src"
WASMTIME_ARTIFACT = "module.cwasm"


def wasmic_module(mode: str, wasm: bytes, cache_dir: Path):
    """wasmic's native tier through the public API (a cache hit when MODE is
    load): (build, keep).  Only ``import wasmic`` precedes the measured
    call: what the first module of a process needs beyond it (the native
    tier's modules, its runtime library) is part of the measurement."""
    sys.path.insert(0, str(SRC))
    import wasmic

    config = wasmic.Config()
    config.strategy = "native"
    config.cache = str(cache_dir)
    engine = wasmic.Engine(config)
    return (lambda: wasmic.Module(engine, wasm)), (lambda module: None)


def wasmtime_module(mode: str, wasm: bytes, cache_dir: Path):
    """wasmtime (Cranelift): (build, keep); keep serializes a compiled
    module for a later load, outside the measured call."""
    import wasmtime

    engine = wasmtime.Engine()
    artifact = cache_dir / WASMTIME_ARTIFACT
    if mode == "load":
        return (lambda: wasmtime.Module.deserialize_file(engine, str(artifact))), (lambda module: None)
    return (lambda: wasmtime.Module(engine, wasm)), (lambda module: artifact.write_bytes(module.serialize()))


MAKERS = {"wasmic-native": wasmic_module, "wasmtime": wasmtime_module}


def cpu_seconds() -> float:
    """CPU time of this process and of the processes it waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def own_peak_kib() -> int:
    """This process's peak RSS in KiB: VmHWM, which starts afresh at exec.
    (getrusage's ru_maxrss does not: Linux carries over the RSS of the
    process that forked us, so a big parent would show as our peak.  The
    compiler processes we fork are small, so theirs is fair.)"""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main(runtime: str, mode: str, wasm_path: str, cache_dir: str) -> None:
    build, keep = MAKERS[runtime](mode, Path(wasm_path).read_bytes(), Path(cache_dir))
    cpu, start = cpu_seconds(), time.perf_counter()
    module = build()
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    peak_kib = max(own_peak_kib(), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    keep(module)
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "peak_bytes": peak_kib * 1024}))


if __name__ == "__main__":
    main(*sys.argv[1:])
