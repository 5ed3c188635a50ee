"""Func (wasm and host functions), Caller, on both tiers."""

import pytest

import wasmic
from api_helpers import exports_of
from api_marks import negative, positive

I32, I64, F32, F64 = (wasmic.ValType.i32(), wasmic.ValType.i64(), wasmic.ValType.f32(),
                      wasmic.ValType.f64())

CALLS_HOST = """(module (import "" "f" (func $f (param i32 i64 f32 f64) (result i64 f64)))
  (func (export "call") (param i32 i64 f32 f64) (result i64 f64)
    local.get 0 local.get 1 local.get 2 local.get 3 call $f))"""


@positive("Func.__init__", "Func.__call__", "Func.type")
def test_host_function_called_from_wasm_and_python(store):
    seen = []

    def host(a, b, c, d):
        seen.append((a, b, c, d))
        return b * 2, d + c

    ty = wasmic.FuncType([I32, I64, F32, F64], [I64, F64])
    func = wasmic.Func(store, ty, host)
    assert func.type(store) == ty
    assert func(store, -1, 5, 0.5, 1.25) == [10, 1.75]
    call = exports_of(store, CALLS_HOST, [func])["call"]
    assert call(store, 0xFFFFFFFF, 3, 1.5, 2.0) == [6, 3.5]
    assert seen[-1] == (-1, 3, 1.5, 2.0)


@negative("Func.__init__", "Func.__call__", "Func.type")
def test_func_reports_bad_types_arguments_and_results(store, other_store):
    with pytest.raises(TypeError, match="FuncType"):
        wasmic.Func(store, "i32 -> i32", abs)
    with pytest.raises(TypeError, match="callable"):
        wasmic.Func(store, wasmic.FuncType([], []), 42)
    with pytest.raises(TypeError):
        wasmic.Func(None, wasmic.FuncType([], []), abs)
    func = wasmic.Func(store, wasmic.FuncType([I32], [I32]), lambda x: "not an int")
    with pytest.raises(wasmic.WasmError, match="too few"):
        func(store)
    with pytest.raises(TypeError):
        func(store, "1")
    with pytest.raises(wasmic.WasmError, match="out of range"):
        func(store, 1 << 40)
    with pytest.raises(TypeError):
        func(store, 1)  # the host function returned a str for an i32
    with pytest.raises(wasmic.WasmError, match="wrong store"):
        func(other_store, 1)
    with pytest.raises(wasmic.WasmError, match="wrong store"):
        func.type(other_store)


def test_host_exception_reaches_the_caller_unchanged(store):
    def fail(x):
        raise KeyError("from the host")

    func = wasmic.Func(store, wasmic.FuncType([I32, I64, F32, F64], [I64, F64]),
                       lambda *a: fail(a))
    call = exports_of(store, CALLS_HOST, [func])["call"]
    with pytest.raises(KeyError, match="from the host"):
        call(store, 1, 2, 3.0, 4.0)


MEMORY_USER = """(module (import "" "peek" (func $peek (param i32) (result i32)))
  (memory (export "memory") 1) (data (i32.const 8) "\\2a")
  (func (export "run") (result i32) i32.const 8 call $peek))"""


@positive("Caller.get", "Caller.__getitem__")
def test_caller_reaches_the_calling_instance_exports(store):
    def peek(caller, address):
        assert caller.get("memory") is caller["memory"]
        return caller["memory"].read(caller, address, address + 1)[0]

    func = wasmic.Func(store, wasmic.FuncType([I32], [I32]), peek, access_caller=True)
    assert exports_of(store, MEMORY_USER, [func])["run"](store) == 42


@negative("Caller.get", "Caller.__getitem__")
def test_caller_missing_exports_bad_names_and_use_after_return(store):
    kept = []

    def peek(caller, address):
        kept.append(caller)
        assert caller.get("nothing") is None
        with pytest.raises(KeyError):
            caller["nothing"]
        with pytest.raises(TypeError):
            caller.get(3)
        return 0

    func = wasmic.Func(store, wasmic.FuncType([I32], [I32]), peek, access_caller=True)
    assert exports_of(store, MEMORY_USER, [func])["run"](store) == 0
    with pytest.raises(wasmic.WasmError, match="after"):
        kept[0].get("memory")
