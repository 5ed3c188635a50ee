"""The cost of crossing the boundary between Python and wasm through the
public API, on each tier: an export called from Python, ``add(store, 1, 2)``,
and a Python host function called from wasm (a wasm loop calling an import
``n`` times).

    python bench/calls.py [--samples 7] [--calls 200000]

Each sample times ``--calls`` calls in this process with
``time.process_time`` (single-threaded work; other processes on the cores
do not inflate it); the table shows the median per call, loop included,
beside a plain Python function call for scale.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import wasmic

WAT = """(module
  (import "host" "inc" (func $inc (param i32) (result i32)))
  (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
  (func (export "call_host") (param $n i32) (result i32) (local $acc i32)
    (block $done (loop $next
      (br_if $done (i32.eqz (local.get $n)))
      (local.set $acc (call $inc (local.get $acc)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $next)))
    local.get $acc))"""


def _median_ns(run, calls: int, samples: int) -> float:
    times = []
    for _ in range(samples):
        start = time.process_time()
        run(calls)
        times.append((time.process_time() - start) / calls * 1e9)
    return statistics.median(times)


def measure(tier: str, calls: int, samples: int) -> dict[str, float]:
    """Median ns per call of each boundary crossing on ``tier``."""
    config = wasmic.Config()
    config.strategy = tier
    store = wasmic.Store(wasmic.Engine(config))
    module = wasmic.Module(store.engine, WAT)
    i32 = wasmic.ValType.i32()
    inc = wasmic.Func(store, wasmic.FuncType([i32], [i32]), lambda x: x + 1)
    exports = wasmic.Instance(store, module, [inc]).exports(store)
    add, call_host = exports["add"], exports["call_host"]
    assert add(store, 1, 2) == 3 and call_host(store, 10) == 10

    def export_calls(n: int) -> None:
        for _ in range(n):
            add(store, 1, 2)

    def host_calls(n: int) -> None:
        call_host(store, n)

    return {"export": _median_ns(export_calls, calls, samples),
            "host": _median_ns(host_calls, calls, samples)}


def python_baseline(calls: int, samples: int) -> float:
    """A plain Python function call of two arguments, loop included."""
    def add(a, b):
        return a + b

    def run(n: int) -> None:
        for _ in range(n):
            add(1, 2)

    return _median_ns(run, calls, samples)


def machine() -> str:
    """The processor's model name (from /proc/cpuinfo on Linux), cores, system."""
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as info:
            model = next((line.split(":", 1)[1].strip() for line in info
                          if line.startswith("model name")), model)
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores, {platform.system()} {platform.machine()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=7)
    parser.add_argument("--calls", type=int, default=200_000)
    args = parser.parse_args()
    rows = {tier: measure(tier, args.calls, args.samples) for tier in ("native", "python")}
    baseline = python_baseline(args.calls, args.samples)
    print(f"- date: {time.strftime('%Y-%m-%d')}")
    print(f"- command: `python bench/calls.py --samples {args.samples} --calls {args.calls}`")
    print(f"- machine: {machine()}")
    print(f"- python: {platform.python_implementation()} {platform.python_version()}")
    print(f"- load average (1, 5, 15 min) at the end: {', '.join(f'{v:.2f}' for v in os.getloadavg())}")
    print()
    print("| crossing | wasmic-native | wasmic-python | plain Python call |")
    print("| --- | --- | --- | --- |")
    print(f"| export `add(store, 1, 2)` from Python | {rows['native']['export']:.0f} ns "
          f"| {rows['python']['export']:.0f} ns | {baseline:.0f} ns |")
    print(f"| host import `inc(x)` called from wasm | {rows['native']['host']:.0f} ns "
          f"| {rows['python']['host']:.0f} ns | - |")


if __name__ == "__main__":
    main()
