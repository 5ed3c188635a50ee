"""The official wg-2.0 suite on the native tier through the public runtime
(``wasmic.spec.runtime_engine``), SIMD scripts excluded: the tier has no
SIMD yet.  A few scripts covering every area run by default;
the whole suite (about 1500 modules to compile on a cold cache) runs with
``--runslow``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from wg20 import wg20_scripts

import wasmic
from wasmic.backend.native import toolchain
from wasmic.spec.runner import Status, run_file
from wasmic.spec.runtime_engine import RuntimeEngine

SRC = str(Path(wasmic.__file__).parents[1])

# Few modules, many assertions: integer and float semantics, conversions,
# indirect calls, memory bounds and growth, control flow, references.
QUICK = {"i32.wast", "i64.wast", "conversions.wast", "float_misc.wast", "call_indirect.wast",
         "memory_trap.wast", "memory_grow.wast", "br_table.wast", "ref_func.wast", "global.wast",
         "linking.wast"}


def _scripts():
    """Non-SIMD scripts; those outside QUICK are marked slow."""
    for path in wg20_scripts():
        if "simd" in path.name:
            continue
        marks = () if path.name in QUICK else (pytest.mark.slow,)
        yield pytest.param(path, marks=marks, id=path.name)


@pytest.mark.parametrize("script_path", list(_scripts()))
def test_native_spec_script(native, native_cache, script_path):
    report = run_file(script_path, RuntimeEngine("native", cache=native_cache))
    assert not report.failures, report.describe_failures()
    assert report.count(Status.PASSED) > 0


SANITIZED = ("memory_trap.wast", "linking.wast")
"""Scripts run under the sanitizers by default: bounds checks, traps, and
instances linked to each other's functions, tables, memories and globals."""


@pytest.mark.parametrize("name", [pytest.param(n, marks=() if n in SANITIZED else (pytest.mark.slow,), id=n)
                                  for n in sorted(p.name for p in wg20_scripts() if "simd" not in p.name)])
def test_native_spec_script_sanitized(native, native_cache, name):
    """The script through ``python -m wasmic.spec --tier native`` built with
    -fsanitize=undefined,address (no recovery: any report fails the run)."""
    script = next(p for p in wg20_scripts() if p.name == name)
    env = {**os.environ, **toolchain.sanitizer_env(toolchain.find_compiler()), "WASMIC_SANITIZE": "1",
           "WASMIC_CACHE_DIR": native_cache, "PYTHONPATH": SRC}
    result = subprocess.run([sys.executable, "-m", "wasmic.spec", "--tier", "native", "-v", str(script)],
                            capture_output=True, text=True, env=env, timeout=1800, check=False)
    last = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert result.returncode == 0 and last.endswith(" 0 failed, 0 skipped"), \
        (result.stdout[-3000:], result.stderr[-3000:])
    assert "Sanitizer" not in result.stderr, result.stderr[-3000:]
