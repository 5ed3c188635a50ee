"""Side-by-side benchmark of wasmic against other ways to run WebAssembly
from Python, and against the same C compiled natively.

    python bench/peers.py              # full run, a few minutes
    python bench/peers.py --quick      # ~30 s, rougher numbers
    python bench/peers.py --runtimes native-c,wasmtime --kernels fib,sort
    python bench/peers.py --big-module resvg  # also compile a real multi-MB module

Kernels (C in bench/kernels/, built to wasm32 by bench/kernels/build.sh) run
on every runtime in this one process; each result is checked against native
C.  Prints Markdown tables: median time per unit of work, ratios to native
C and to pywasm with geometric means, call costs, compile costs (wasmic's
native tier and wasmtime: a small module cold and from the cache, and with
--big-module a real multi-megabyte module, see runners/big_modules.py), and
wasmic's goals.
Exits 1 if any runtime returned a wrong checksum or crashed.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import os
import platform
import shlex
import sys
import tempfile
from pathlib import Path

# Benchmark this checkout's wasmic, not some installed copy.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from runners import compile_cost
from runners.base import Runner, Unavailable
from runners.big_modules import BIG_MODULES
from runners.kernels import KERNELS_BY_NAME
from runners.native import NATIVE_FLAGS
from runners.python_baseline import PythonBaseline
from runners.registry import Absent, discover, factories
from runners.report import Report
from runners.suite import FULL, QUICK, Cell, KernelReference, Settings, run_all

METHOD = (
    "Each sample is one call `kernel(n)` in this process, timed by {clock}; "
    "n is calibrated per runtime so one sample lasts at least {fast} s ({slow} s for the interpreters written in Python), which makes the call "
    "boundary (ctypes for native C, about 1 µs; wasmtime-py, about 30 µs) "
    "negligible. The value shown is the median of {fast_n} samples ({slow_n} for "
    "the Python interpreters) divided by n. Native C is the kernel sources "
    "compiled with {flags} into a shared library called through ctypes; every "
    "checksum is compared with its result. Call costs are a Python loop of n "
    "calls of add(acc, 1), and one wasm call that calls a Python import n times, "
    "per call, loop included. The native compiler is $CC, else cc (CC=clang "
    "compiles with the same compiler as the wasm kernels)."
)

CLOCK_TEXT = {
    "cpu": "the process's CPU time (time.process_time: every workload is single-threaded, "
           "and other processes on the cores do not inflate it)",
    "wall": "wall time (time.perf_counter)",
}


def machine_model() -> str:
    """The CPU model name, as lscpu shows it."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def parse_args(argv: list[str]) -> argparse.Namespace:
    names = list(factories(Path()).keys())
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="short samples: a rough run in ~30 s")
    parser.add_argument("--runtimes", default=",".join(names), help=f"comma-separated subset of {','.join(names)}")
    parser.add_argument("--clock", choices=sorted(CLOCK_TEXT), default="cpu",
                        help="cpu: process CPU time (default, robust on a shared machine); wall: elapsed time")
    parser.add_argument("--big-module", choices=sorted(BIG_MODULES),
                        help="also compile this real multi-MB module (downloaded once; minutes)")
    parser.add_argument("--kernels", default=",".join(KERNELS_BY_NAME), help="comma-separated subset of kernels")
    args = parser.parse_args(argv)
    args.runtimes = args.runtimes.split(",")
    args.kernels = args.kernels.split(",")
    for value, known, what in ((args.runtimes, names, "runtime"), (args.kernels, list(KERNELS_BY_NAME), "kernel")):
        unknown = [v for v in value if v not in known]
        if unknown:
            parser.error(f"unknown {what} {', '.join(unknown)}; choose from {', '.join(known)}")
    return args


def reference_runner(found: list[Runner | Absent], workdir: Path) -> Runner:
    """Native C computes the expected checksums; wasmtime if no C compiler."""
    by_name = {entry.name: entry for entry in found}
    for name in ("native-c", "wasmtime"):
        entry = by_name.get(name)
        if entry is None:
            try:
                entry = factories(workdir)[name]()
            except Unavailable:
                continue
        if not isinstance(entry, Absent):
            return entry
    sys.exit("peers.py: neither native C nor wasmtime can run here, so no checksum can be checked")


def header(argv: list[str], settings: Settings, found: list[Runner | Absent], reference: Runner) -> str:
    """Date, command, machine, versions and method, above the tables."""
    versions = [f"{e.name}: {e.version}" if not isinstance(e, Absent) else f"{e.name}: n/a ({e.reason})"
                for e in found]
    method = METHOD.format(
        clock=CLOCK_TEXT[settings.clock],
        fast=settings.fast_target, slow=settings.slow_target, fast_n=settings.fast_samples,
        slow_n=settings.slow_samples, flags=" ".join(NATIVE_FLAGS),
    )
    return "\n".join([
        f"- date: {datetime.date.today().isoformat()}",
        f"- command: `{shlex.join(['python', 'bench/peers.py', *argv])}`",
        f"- machine: {machine_model()}, {os.cpu_count()} cores, {platform.system()} {platform.machine()}",
        f"- python: {platform.python_implementation()} {platform.python_version()}",
        "- load average (1, 5, 15 min) at the end: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()),
        f"- checksums checked against: {reference.name}",
        *(f"- {line}" for line in versions),
        "",
        method,
    ])


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    settings = dataclasses.replace(QUICK if args.quick else FULL, clock=args.clock)
    kernels = [KERNELS_BY_NAME[name] for name in args.kernels]
    with tempfile.TemporaryDirectory(prefix="wasmic-bench-") as tmp:
        workdir = Path(tmp)
        found = discover(args.runtimes, workdir)
        reference = reference_runner(found, workdir)
        runners = [entry for entry in found if not isinstance(entry, Absent)]
        results = run_all(
            runners, kernels, KernelReference(reference), settings,
            progress=lambda what: print(f"running {what}", file=sys.stderr, flush=True),
            call_baselines=(PythonBaseline(),),
        )
        try:
            big_module = BIG_MODULES[args.big_module]() if args.big_module else None
        except Unavailable as error:
            sys.exit(f"peers.py: {error}")
        compiles = compile_cost.measure_all(
            [r.name for r in runners], workdir, settings.fast_samples, big_module,
            progress=lambda what: print(f"running {what}", file=sys.stderr, flush=True))
    for entry in found:
        if isinstance(entry, Absent):
            for row in [*(k.name for k in kernels), *results.rows]:
                results.put(row, entry.name, Cell("n/a", reason=entry.reason))
    names = [entry.name for entry in found]
    report = Report(results, kernels, names, [*names, PythonBaseline.name])
    print(header(argv, settings, found, reference))
    print()
    print(report.render())
    if compiles[0]:
        print()
        print(compile_cost.render(*compiles, big_module))
    return 1 if results.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
