"""Every script in examples/ runs, on each tier, and prints what it promises.

Each example runs unchanged as a subprocess; ``WASMIC_STRATEGY`` (the
default of ``Config.strategy``) selects the tier.  ``EXPECTED`` holds, per
example, text its output lines must contain; an example missing from it fails,
so a new example comes with its promise.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((REPO / "examples").glob("*.py"))

EXPECTED = {
    "assemblyscript.py": ["    it: 5", "   was: 5", "slug: hello-webassembly-from-python",
                          "histogram: [2, 0, 3, 1]"],
    "caller.py": ["[host] Hello from module one", "[host] and from module two",
                  "a Func with access_caller: FuncType([i32, i32], [])"],
    "convenience.py": ["add(20, 22) = 42", "add(1, 1) = 2", "hits global: 2",
                       "memory: b'plain bytes'", "same call through the store: 5"],
    "epoch_timeout.py": ["interrupted after about", ": interrupt"],
    "fuel.py": ["forever() stopped: all fuel consumed by WebAssembly", "fuel left: 0"],
    "hello.py": ["add(2, 3) = 5", "add(2**31 - 1, 1) = -2147483648"],
    "host_imports.py": ["  step 4: running total 30", "sum of squares 1..4 = 30",
                        "through a Linker, 1..10 = 385"],
    "import_hook.py": ["adler32(b'Wikipedia') = 0x11e60398, as zlib computes"],
    "instance_pre.py": ["pre-instantiated: handle", "instances: 100",
                        "requests handled by the first five: [1, 2, 3, 1, 2]",
                        "a fresh instance in another store starts at: 1"],
    "linking.py": ["cubes written by the application into the library's memory: [1, 8, 27, 64]",
                   "their sum: 100"],
    "memory_numpy.py": ["memory: 1 page(s), 65536 bytes", "wasm sum: 15.0",
                        "after wasm scaled by 0.5: [0.5, 1.0, 1.5, 2.0, 2.5]",
                        "first bytes: [1, 2, 3, 0]", "grew from 1 to 2 pages"],
    "serialize.py": ["fib(20) from the deserialized module: 6765",
                     "exports survive the round trip: ['fib']"],
    "strings.py": ["stressed -> desserts", "drawer -> reward", "WebAssembly -> ylbmessAbeW"],
    "traps.py": ["trap code: INTEGER_DIVISION_BY_ZERO", "message:   integer divide by zero",
                 "  in calculator!divide (function 1, module offset 0x5b)",
                 "  in calculator!average (function 2, module offset ",
                 "host exception came back: negative input: -5"],
    "wasi.py": ["hello from WASI, argc = 3", "exited with status 3",
                "captured: hello from WASI, argc = 3"],
    "wordcount.py": ["6 words: WEBASSEMBLY RUNS HERE, IN PLAIN PYTHON."],
}


def run_example(path: Path, *args: str, tier: str = "auto") -> str:
    env = {"PYTHONPATH": str(REPO / "src"), "PATH": os.environ.get("PATH", ""),
           "WASMIC_STRATEGY": tier, "HOME": os.environ.get("HOME", "/tmp")}
    result = subprocess.run([sys.executable, str(path), *args], capture_output=True, text=True,
                            timeout=300, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_at_least_twelve_examples():
    assert len(EXAMPLES) >= 12


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_prints_what_it_promises(path, tier):
    assert path.name in EXPECTED, f"add the expected output of {path.name} to EXPECTED"
    lines = run_example(path, tier=tier).splitlines()
    for expected in EXPECTED[path.name]:
        assert any(expected in line for line in lines), (
            f"{path.name} on {tier}: no line contains {expected!r}: {lines}")


def test_wordcount_counts_and_uppercases(tier):
    out = run_example(REPO / "examples" / "wordcount.py", "three little  words", tier=tier)
    assert out.strip() == "3 words: THREE LITTLE  WORDS"
