"""AssemblyScript boundary benchmark: wasmic against Node.js on the same .wasm.

    python bench/assemblyscript.py              # every tier available, ~1 minute
    python bench/assemblyscript.py --quick      # fewer iterations and samples
    python bench/assemblyscript.py --tiers python --clock wall
    python bench/assemblyscript.py --tiers native,native-pycodecs   # the accelerator's effect

The workload (tests/assemblyscript/fixtures/boundary.ts, built with
``build.sh``) is many small calls passing strings and arrays both ways:
reverse a string, count its vowels, split it into an Array<string>, join
an Array<string>, prefix sums of an Int32Array, scale an Array<f64>.
Node runs it through the compiler's own generated bindings (boundary.js,
``--bindings esm``), wasmic through ``wasmic.assemblyscript.load`` reading
the same bindings; both on the same inputs, and the checksums of their
results must agree.  Prints a Markdown table: per operation and in total,
the median time per call over several samples, and wasmic's ratio to Node.
Needs ``node`` on PATH (the fixtures are prebuilt: no npm install needed).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))  # this checkout's wasmic, not an installed one

import wasmic  # noqa: E402
import wasmic.assemblyscript.heap as heap_module  # noqa: E402
from wasmic.assemblyscript import load  # noqa: E402

FIXTURES = ROOT / "tests" / "assemblyscript" / "fixtures"
PYCODECS = "-pycodecs"
OPERATIONS = ("reverseText", "countVowels", "splitWords", "joinWords", "prefixSums", "scaled")
WORDS = ("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
         "lambda", "mu", "étoile", "naïve", "😀")


def inputs(count: int) -> dict:
    """The same deterministic inputs for every runtime."""
    rng = random.Random(20261121)
    sentences = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 12)))
                 for _ in range(count)]
    return {
        "texts": sentences,
        "words": [sentence.split(" ") for sentence in sentences],
        "ints": [[rng.randint(-1000, 1000) for _ in range(rng.randint(16, 64))]
                 for _ in range(count)],
        "floats": [[rng.uniform(-1, 1) for _ in range(rng.randint(8, 32))]
                   for _ in range(count)],
    }


def utf16_length(text: str) -> int:
    """The length JavaScript gives a string: UTF-16 code units."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def checksum(operation: str, result) -> float:
    """A number summarizing one result, identical in Python and in the Node script."""
    if operation in ("reverseText", "joinWords"):
        return utf16_length(result) + ord(result[0]) if result else 0
    if operation == "countVowels":
        return result
    if operation == "splitWords":
        return sum(utf16_length(word) for word in result) + len(result)
    if operation == "prefixSums":
        return result[-1] + len(result)
    return round(sum(result) * 1000)


def python_calls(module, data: dict) -> dict:
    """Per operation: a function running it on input i."""
    texts, words, ints, floats = data["texts"], data["words"], data["ints"], data["floats"]
    return {
        "reverseText": lambda i: module.reverseText(texts[i]),
        "countVowels": lambda i: module.countVowels(texts[i]),
        "splitWords": lambda i: module.splitWords(texts[i]),
        "joinWords": lambda i: module.joinWords(words[i]),
        "prefixSums": lambda i: module.prefixSums(ints[i]),
        "scaled": lambda i: module.scaled(floats[i], 1.5),
    }


def run_wasmic(tier: str, data: dict, iterations: int, samples: int, clock) -> dict:
    """{operation: (median seconds per call, checksum)} on one wasmic tier
    ("native-pycodecs": the native tier without the codecs' C accelerator,
    as where it cannot be built)."""
    config = wasmic.Config()
    config.strategy = tier.removesuffix(PYCODECS)
    python_codecs = tier.endswith(PYCODECS)
    original = heap_module.boundary_for
    if python_codecs:
        heap_module.boundary_for = lambda *args: None
    try:
        module = load(FIXTURES / "boundary.wasm", engine=wasmic.Engine(config))
    finally:
        heap_module.boundary_for = original
    calls = python_calls(module, data)
    count = len(data["texts"])
    results = {}
    for operation in OPERATIONS:
        call = calls[operation]
        total = sum(checksum(operation, call(i)) for i in range(count))
        times = []
        for _ in range(samples):
            start = clock()
            for i in range(iterations):
                call(i % count)
            times.append((clock() - start) / iterations)
        results[operation] = (statistics.median(times), total)
    return results


NODE_SCRIPT = r"""
import * as m from %(bindings)s;
import { readFileSync } from "node:fs";
const data = JSON.parse(readFileSync(%(data)s, "utf8"));
const { texts, words, ints, floats } = data;
const i32 = ints.map(a => Int32Array.from(a));
const calls = {
  reverseText: i => m.reverseText(texts[i]),
  countVowels: i => m.countVowels(texts[i]),
  splitWords: i => m.splitWords(texts[i]),
  joinWords: i => m.joinWords(words[i]),
  prefixSums: i => m.prefixSums(i32[i]),
  scaled: i => m.scaled(floats[i], 1.5),
};
function checksum(op, r) {
  if (op === "reverseText" || op === "joinWords") return r.length ? r.length + r.codePointAt(0) : 0;
  if (op === "countVowels") return r;
  if (op === "splitWords") return r.reduce((s, w) => s + w.length, 0) + r.length;
  if (op === "prefixSums") return r[r.length - 1] + r.length;
  return Math.round(r.reduce((s, x) => s + x, 0) * 1000);
}
const clock = %(clock)s;
const count = texts.length, out = {};
for (const op of %(operations)s) {
  const call = calls[op];
  let total = 0;
  for (let i = 0; i < count; i++) total += checksum(op, call(i));
  for (let i = 0; i < %(warmup)d; i++) call(i %% count);
  const times = [];
  for (let s = 0; s < %(samples)d; s++) {
    const start = clock();
    for (let i = 0; i < %(iterations)d; i++) call(i %% count);
    times.push((clock() - start) / %(iterations)d);
  }
  times.sort((a, b) => a - b);
  out[op] = [times[times.length >> 1], total];
}
console.log(JSON.stringify(out));
"""

NODE_CLOCKS = {"cpu": "() => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; }",
               "wall": "() => performance.now() / 1e3"}


def run_node(node: str, data: dict, iterations: int, samples: int, clock: str) -> dict:
    """{operation: (median seconds per call, checksum)} under Node.js."""
    with tempfile.TemporaryDirectory() as folder:
        data_path = Path(folder) / "data.json"
        data_path.write_text(json.dumps(data), encoding="utf-8")
        script = Path(folder) / "bench.mjs"
        script.write_text(NODE_SCRIPT % {
            "bindings": json.dumps((FIXTURES / "boundary.js").as_uri()),
            "data": json.dumps(str(data_path)), "clock": NODE_CLOCKS[clock],
            "operations": json.dumps(OPERATIONS), "warmup": iterations,
            "samples": samples, "iterations": iterations}, encoding="utf-8")
        done = subprocess.run([node, str(script)], capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"node failed:\n{done.stderr}")
    return {op: tuple(value) for op, value in json.loads(done.stdout).items()}


def tier_available(tier: str) -> str | None:
    """None if ``tier`` compiles modules here, else why not."""
    config = wasmic.Config()
    config.strategy = tier.removesuffix(PYCODECS)
    try:
        wasmic.Module(wasmic.Engine(config), "(module)")
    except wasmic.WasmError as error:
        return str(error)
    return None


def human(seconds: float) -> str:
    """A duration with a unit."""
    for unit, scale in (("s", 1), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer iterations and samples")
    parser.add_argument("--tiers", default="native,native-pycodecs,python",
                        help="wasmic tiers to run (native-pycodecs: the native tier without "
                        "the codecs' C accelerator)")
    parser.add_argument("--clock", choices=("cpu", "wall"), default="cpu",
                        help="process CPU time (default) or wall time")
    args = parser.parse_args()
    iterations, samples = (1000, 3) if args.quick else (5000, 7)
    node = shutil.which("node")
    if node is None:
        raise SystemExit("node is not on PATH")
    data = inputs(200)
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    columns = {"node": run_node(node, data, iterations, samples, args.clock)}
    skipped = {}
    for tier in args.tiers.split(","):
        why = tier_available(tier)
        if why:
            skipped[tier] = why
            continue
        columns[f"wasmic-{tier}"] = run_wasmic(tier, data, iterations, samples, clock)
    wrong = [(name, op) for name, column in columns.items() for op in OPERATIONS
             if column[op][1] != columns["node"][op][1]]
    print(f"- date: {datetime.date.today()}")
    arguments = "".join(f" {argument}" for argument in sys.argv[1:])
    print(f"- command: `python bench/assemblyscript.py{arguments}`")
    print(f"- machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"{platform.system()}; python {platform.python_version()}; node "
          f"{subprocess.run([node, '--version'], capture_output=True, text=True).stdout.strip()}")
    print(f"- clock: {args.clock}; median of {samples} samples of {iterations} calls per "
          "operation, 200 different inputs cycled")
    load_avg = os.getloadavg() if hasattr(os, "getloadavg") else None
    if load_avg:
        print(f"- load average at the end: {', '.join(f'{x:.2f}' for x in load_avg)}")
    for tier, why in skipped.items():
        print(f"- wasmic-{tier}: not run ({why})")
    print()
    names = list(columns)
    header = ["operation", *names, *[f"{name} / node" for name in names[1:]]]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    totals = {name: 0.0 for name in names}
    for op in OPERATIONS:
        row = [op]
        for name in names:
            totals[name] += columns[name][op][0]
            row.append(human(columns[name][op][0]))
        row += [f"{columns[name][op][0] / columns['node'][op][0]:.2f}x" for name in names[1:]]
        print("| " + " | ".join(row) + " |")
    row = ["**all six**", *[human(totals[name]) for name in names],
           *[f"**{totals[name] / totals['node']:.2f}x**" for name in names[1:]]]
    print("| " + " | ".join(row) + " |")
    if wrong:
        print(f"\nchecksum mismatch: {wrong}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
