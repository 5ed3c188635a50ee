"""The benchmark harness: calibration, checking, cell classification and
the report's arithmetic, on fake workloads (no wasm involved)."""

from __future__ import annotations

import math
import time

import pytest
from runners.base import Unavailable
from runners.kernels import KERNELS, canonical
from runners.report import Report, format_ratio, format_time, geomean, markdown_table
from runners.suite import (
    EXPORT_CALL,
    HOST_CALL,
    Cell,
    Results,
    Settings,
    check_count,
    run_cell,
)
from runners.timing import ChecksumMismatch, Measurement, calibrate

TINY = Settings(fast_target=0.001, fast_samples=3, slow_target=0.001, slow_samples=3, clock="wall")


class FakeRunner:
    name = "fake"
    version = "0"
    slow = False


def busy(units: int) -> int:
    """A workload whose time grows with its work count."""
    sum(range(units * 100))
    return units


def test_calibrate_grows_the_work_until_the_target_time():
    units = calibrate(busy, 0.002, check_count, clock=time.perf_counter)
    assert units > 1


def test_a_good_workload_gives_a_measurement():
    cell = run_cell(FakeRunner(), lambda: busy, check_count, TINY)
    assert cell.status == "ok" and cell.seconds > 0 and cell.measurement.samples == 3


def test_a_wrong_result_is_an_error_not_a_number():
    cell = run_cell(FakeRunner(), lambda: (lambda units: units + 1), check_count, TINY)
    assert cell.status == "error" and "mismatch" in cell.reason


@pytest.mark.parametrize("error", [NotImplementedError("no SIMD"), Unavailable("not built")])
def test_unsupported_is_not_applicable(error):
    def fail(units):
        raise error

    cell = run_cell(FakeRunner(), lambda: fail, check_count, TINY)
    assert cell.status == "n/a" and str(error) in cell.reason


def test_an_error_named_wasmerror_is_not_applicable():
    class WasmError(Exception):
        pass

    def fail(units):
        raise WasmError("tier cannot compile this")

    assert run_cell(FakeRunner(), lambda: fail, check_count, TINY).status == "n/a"


def test_a_crash_while_running_is_an_error():
    cell = run_cell(FakeRunner(), lambda: (lambda units: [][units]), check_count, TINY)
    assert cell.status == "error" and "IndexError" in cell.reason


def test_check_count_rejects_a_wrong_count():
    with pytest.raises(ChecksumMismatch):
        check_count(5, 4)


def test_canonical_forms():
    assert canonical(-1, "i32") == 0xFFFF_FFFF
    assert canonical(-1, "i64") == 2**64 - 1
    assert canonical(-0.0, "f64") != canonical(0.0, "f64")


def test_formatting():
    assert format_time(1.5e-9) == "1.5 ns"
    assert format_time(2.5e-6) == "2.5 µs"
    assert format_time(0.25) == "250 ms"
    assert format_ratio(1.234) == "1.23x"
    assert format_ratio(12345.6) == "12,346x"
    assert math.isclose(geomean([2.0, 8.0]), 4.0)
    assert markdown_table(["a", "bb"], [["1", "2"]]).splitlines() == ["| a | bb |", "| - | -- |", "| 1 | 2  |"]


def ok(seconds: float) -> Cell:
    return Cell("ok", Measurement(seconds, 1, 1))


def test_report_ratios_geomeans_and_goals():
    results = Results()
    for kernel in KERNELS:
        results.put(kernel.name, "native-c", ok(1e-6))
        results.put(kernel.name, "wasmic-python", ok(1e-3))
        results.put(kernel.name, "pywasm", ok(0.2))
    results.put(EXPORT_CALL, "wasmic-python", ok(0.5e-6))
    results.put(HOST_CALL, "wasmic-python", Cell("n/a", reason="no imports yet"))
    report = Report(results, list(KERNELS), ["native-c", "wasmic-python", "pywasm"], ["wasmic-python"])
    assert math.isclose(report.kernel_geomean("wasmic-python", "pywasm", invert=True), 200)
    assert report.goals() == [
        "wasmic-python: kernel geomean speed-up over pywasm >= 100x: met (200x)",
        "wasmic-python: export call <= 1 µs: met (500 ns)",
        "wasmic-python: host call <= 2 µs: n/a (not measured)",
    ]
    text = report.render()
    assert "n/a [1]" in text and "[1] wasmic-python: no imports yet" in text
    assert "1,000x" in text  # wasmic-python relative to native C
