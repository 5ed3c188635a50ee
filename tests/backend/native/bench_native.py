"""Microbenchmarks of the native tier (a script, not a test).

    PYTHONPATH=src python tests/backend/native/bench_native.py

Reports: export call and host call cost in ns, fib(30) and a memory kernel
against the same C compiled natively (gcc -O2, called through ctypes),
cold compile time of a small module (the runtime library and the
precompiled header already built), and load time from the cache in a fresh
process.  Medians of several runs.
"""

from __future__ import annotations

import ctypes
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import timeit
from pathlib import Path

import wasmic
from wasmic.backend.native import compile_module, toolchain

WAT = """(module
  (import "env" "host" (func $host (param i32) (result i32)))
  (memory (export "mem") 16)
  (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
  (func $fib (export "fib") (param i32) (result i32)
    local.get 0 i32.const 2 i32.lt_u if (result i32) local.get 0 else
    local.get 0 i32.const 1 i32.sub call $fib local.get 0 i32.const 2 i32.sub call $fib i32.add end)
  (func (export "host_loop") (param i32) (result i32) (local i32)
    (block $done (loop $l
      (br_if $done (i32.eqz (local.get 0)))
      (local.set 1 (i32.add (local.get 1) (call $host (local.get 0))))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br $l)))
    local.get 1)
  (func (export "sum") (param i32 i32) (result i64) (local i64)
    (block $done (loop $l
      (br_if $done (i32.eqz (local.get 1)))
      (local.set 2 (i64.add (local.get 2) (i64.load32_u (local.get 0))))
      (local.set 0 (i32.add (local.get 0) (i32.const 4)))
      (local.set 1 (i32.sub (local.get 1) (i32.const 1)))
      (br $l)))
    local.get 2)
)"""

C_REFERENCE = """
#include <stdint.h>
uint32_t fib(uint32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
uint64_t sum(const uint32_t *p, uint32_t n) { uint64_t s = 0; while (n--) s += *p++; return s; }
"""


def median_time(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def per_call_ns(stmt: str, env: dict, number: int = 200_000) -> float:
    return min(timeit.repeat(stmt, globals=env, number=number, repeat=5)) / number * 1e9


def native_reference(tmp: Path) -> ctypes.CDLL:
    source = tmp / "ref.c"
    source.write_text(C_REFERENCE)
    cc = toolchain.find_compiler()
    subprocess.run([*cc.command, "-O2", "-shared", "-fPIC", str(source), "-o", str(tmp / "ref.so")], check=True)
    lib = ctypes.CDLL(str(tmp / "ref.so"))
    lib.fib.argtypes, lib.fib.restype = [ctypes.c_uint32], ctypes.c_uint32
    lib.sum.argtypes, lib.sum.restype = [ctypes.c_void_p, ctypes.c_uint32], ctypes.c_uint64
    return lib


def main() -> None:
    module, _ = wasmic.load(WAT)
    exports = compile_module(module).instantiate([lambda x: x]).exports
    add, fib, host_loop, wasm_sum = exports["add"], exports["fib"], exports["host_loop"], exports["sum"]
    empty = per_call_ns("f(1, 2)", {"f": lambda a, b: None})
    print(f"export call add(1, 2): {per_call_ns('add(1, 2)', {'add': add}):.0f} ns "
          f"(a Python lambda: {empty:.0f} ns)")
    loops = 1_000_000
    host_ns = median_time(lambda: host_loop(loops)) / loops * 1e9
    print(f"host call from wasm (identity lambda): {host_ns:.0f} ns")

    with tempfile.TemporaryDirectory() as tmp:
        ref = native_reference(Path(tmp))
        wasm_fib, c_fib = median_time(lambda: fib(30)), median_time(lambda: ref.fib(30))
        print(f"fib(30): wasm {wasm_fib * 1e3:.1f} ms, C {c_fib * 1e3:.1f} ms, ratio {wasm_fib / c_fib:.2f}")
        count = 16 * 65536 // 4
        memory = exports["mem"]
        view = memoryview(memory).cast("I")
        for i in range(count):
            view[i] = i * 2654435761 & 0xFFFFFFFF
        address = memory.address
        assert wasm_sum(0, count) == ref.sum(address, count)
        wasm_s, c_s = median_time(lambda: wasm_sum(0, count)), median_time(lambda: ref.sum(address, count))
        print(f"sum of {count} i32 loads: wasm {wasm_s * 1e6:.0f} us, C {c_s * 1e6:.0f} us, "
              f"ratio {wasm_s / c_s:.2f}")

        warm_up, _ = wasmic.load(small_wat(-os.getpid()))
        compile_module(warm_up, cache_dir=tmp)  # the runtime library and the precompiled header, once
        small, _ = wasmic.load(small_wat(os.getpid()))
        start, cpu = time.perf_counter(), os.times()
        compile_module(small, cache_dir=tmp)
        after = os.times()
        children = after.children_user + after.children_system - cpu.children_user - cpu.children_system
        print(f"cold compile of a small module: {(time.perf_counter() - start) * 1e3:.0f} ms wall, "
              f"{children * 1e3:.0f} ms compiler CPU")
        code = textwrap.dedent(f"""
            import time, wasmic
            from wasmic.backend.native import compile_module
            module, _ = wasmic.load({small_wat(os.getpid())!r})
            start = time.perf_counter()
            compile_module(module, cache_dir={tmp!r}).instantiate()
            print((time.perf_counter() - start) * 1e3)
            """)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
        runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                     env=env, check=True).stdout) for _ in range(5)]
        print(f"load from cache (fresh process, runtime included): {statistics.median(runs):.1f} ms")


def small_wat(value: int) -> str:
    return f'(module (func (export "f") (result i32) i32.const {value}))'


if __name__ == "__main__":
    main()
