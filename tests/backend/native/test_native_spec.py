"""The official wg-2.0 suite on the native tier (SIMD scripts excluded: the
tier has no SIMD yet).  A few scripts covering every area run by default;
the whole suite (about 1500 modules to compile on a cold cache) runs with
``--runslow``."""

from __future__ import annotations

import pytest

from wg20 import wg20_scripts
from wasmic.spec.runner import Status, run_file

# Few modules, many assertions: integer and float semantics, conversions,
# indirect calls, memory bounds and growth, control flow, references.
QUICK = {"i32.wast", "i64.wast", "conversions.wast", "float_misc.wast", "call_indirect.wast",
         "memory_trap.wast", "memory_grow.wast", "br_table.wast", "ref_func.wast", "global.wast"}


def _scripts():
    """Non-SIMD scripts; those outside QUICK are marked slow."""
    for path in wg20_scripts():
        if "simd" in path.name:
            continue
        marks = () if path.name in QUICK else (pytest.mark.slow,)
        yield pytest.param(path, marks=marks, id=path.name)


@pytest.mark.parametrize("script_path", list(_scripts()))
def test_native_spec_script(native, native_cache, script_path):
    from spec_adapter import NativeSpecEngine

    report = run_file(script_path, NativeSpecEngine(native_cache))
    assert not report.failures, report.describe_failures()
    assert report.count(Status.PASSED) > 0
