"""The official wg-2.0 suite on the native tier (SIMD scripts excluded: the
tier has no SIMD yet).  A few scripts covering every area run by default;
the whole suite (about 1500 modules to compile on a cold cache) runs with
``--runslow``."""

from __future__ import annotations

import pytest

from wasmic.spec.runner import Status, run_file

# Few modules, many assertions: integer and float semantics, conversions,
# indirect calls, memory bounds and growth, control flow, references.
QUICK = {"i32.wast", "i64.wast", "conversions.wast", "float_misc.wast", "call_indirect.wast",
         "memory_trap.wast", "memory_grow.wast", "br_table.wast", "ref_func.wast", "global.wast"}


def test_native_spec_script(native, native_cache, wast_path, request):
    if "simd" in wast_path.name:
        pytest.skip("the native tier has no SIMD yet")
    if wast_path.name not in QUICK and not request.config.getoption("--runslow"):
        pytest.skip("the whole suite runs with --runslow")
    from spec_adapter import NativeSpecEngine

    report = run_file(wast_path, NativeSpecEngine(native_cache))
    assert not report.failures, report.describe_failures()
    assert report.count(Status.PASSED) > 0
