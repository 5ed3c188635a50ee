"""Smoke test of the committed benchmark kernels: each .wasm, run by the
`wasmtime` package (and by the other peers when installed), must return the
same checksum as the same C source compiled natively with gcc right now."""

from __future__ import annotations

import shutil

import pytest
from runners.kernels import CALLS_WASM, KERNELS, canonical
from runners.native import NativeRunner, build_library
from runners.registry import Absent, discover

SMALL_WORK = (0, 1, 3)


@pytest.fixture(scope="module")
def native(tmp_path_factory):
    gcc = shutil.which("gcc")
    if gcc is None:
        pytest.fail("gcc is needed to compute the expected checksums")
    return NativeRunner(build_library(tmp_path_factory.mktemp("native"), gcc), gcc)


@pytest.fixture(scope="module")
def wasmtime_runner(tmp_path_factory):
    import wasmtime  # noqa: F401 - a test dependency
    [runner] = discover(["wasmtime"], tmp_path_factory.mktemp("unused"))
    return runner


def expected(native, kernel, units):
    return canonical(native.load_kernel(kernel)(units), kernel.result)


@pytest.mark.parametrize("kernel", KERNELS, ids=lambda k: k.name)
def test_wasmtime_matches_native_c(kernel, native, wasmtime_runner):
    run = wasmtime_runner.load_kernel(kernel)
    for units in SMALL_WORK:
        assert canonical(run(units), kernel.result) == expected(native, kernel, units)


@pytest.mark.parametrize("kernel", KERNELS, ids=lambda k: k.name)
def test_checksums_depend_on_the_work_count(kernel, native):
    assert len({expected(native, kernel, units) for units in SMALL_WORK}) == len(SMALL_WORK)


def test_add_wraps_to_signed_i32():
    import wasmtime
    store = wasmtime.Store()
    host = wasmtime.Func(store, wasmtime.FuncType([wasmtime.ValType.i32()], [wasmtime.ValType.i32()]),
                         lambda value: value + 1)
    module = wasmtime.Module(store.engine, CALLS_WASM.read_bytes())
    exports = wasmtime.Instance(store, module, [host]).exports(store)
    assert exports["add"](store, 2, 3) == 5
    assert exports["add"](store, 0x7FFF_FFFF, 1) == -(2**31)
    assert exports["call_host"](store, 7) == 7


@pytest.mark.parametrize("peer", ["pywasm3", "pywasm", "wasmtime"])
def test_peer_runners_agree_with_native_c(peer, native, tmp_path):
    [runner] = discover([peer], tmp_path)
    if isinstance(runner, Absent):
        pytest.fail(f"{peer} is a test dependency but unavailable: {runner.reason}")
    for kernel in KERNELS:
        assert canonical(runner.load_kernel(kernel)(1), kernel.result) == expected(native, kernel, 1)
    assert runner.load_export_calls()(3) == 3
    assert runner.load_host_calls()(3) == 3
