"""Trap, TrapCode, Frame, ExitTrap and WasmtimeError, on both tiers: each
trap of WebAssembly 2.0 comes with its code, message and a backtrace whose
frames name the functions."""

import pickle

import pytest

import wasmic
from api_helpers import exports_of
from api_marks import negative, positive

TRAPS = """(module $demo (memory 1) (table 1 funcref) (type $v (func))
  (func $inner (export "unreachable") unreachable)
  (func $outer (export "nested") call $inner)
  (func (export "div") (param i32) (result i32) i32.const 1 local.get 0 i32.div_s)
  (func (export "overflow") (result i32) i32.const 0x80000000 i32.const -1 i32.div_s)
  (func (export "convert") (result i32) f32.const nan i32.trunc_f32_s)
  (func (export "oob") (result i32) i32.const 70000 i32.load)
  (func (export "null") i32.const 0 call_indirect (type $v))
  (func (export "undefined") i32.const 5 call_indirect (type $v))
  (func $rec (export "recurse") call $rec))"""

CASES = {
    "unreachable": (wasmic.TrapCode.UNREACHABLE, "unreachable", ()),
    "div": (wasmic.TrapCode.INTEGER_DIVISION_BY_ZERO, "integer divide by zero", (0,)),
    "overflow": (wasmic.TrapCode.INTEGER_OVERFLOW, "integer overflow", ()),
    "convert": (wasmic.TrapCode.BAD_CONVERSION_TO_INTEGER, "invalid conversion to integer", ()),
    "oob": (wasmic.TrapCode.MEMORY_OUT_OF_BOUNDS, "out of bounds memory access", ()),
    "null": (wasmic.TrapCode.INDIRECT_CALL_TO_NULL, "uninitialized element", ()),
    "undefined": (wasmic.TrapCode.TABLE_OUT_OF_BOUNDS, "undefined element", ()),
    "recurse": (wasmic.TrapCode.STACK_OVERFLOW, "call stack exhausted", ()),
}


@positive("Trap.trap_code", "Trap.message", "TrapCode.*")
@pytest.mark.parametrize("export", sorted(CASES))
def test_each_trap_has_its_code_and_message(store, export):
    code, message, args = CASES[export]
    with pytest.raises(wasmic.Trap) as caught:
        exports_of(store, TRAPS)[export](store, *args)
    assert caught.value.trap_code is code
    assert caught.value.message.startswith(message)


@positive("Trap.frames", "Frame.func_index", "Frame.func_name", "Frame.module_name",
          "Frame.func_offset", "Frame.module_offset")
def test_backtrace_names_the_frames_innermost_first(tier, store, wt):
    module = wasmic.Module(store.engine, wasmic.wat2wasm(TRAPS))
    nested = wasmic.Instance(store, module, []).exports(store)["nested"]
    with pytest.raises(wasmic.Trap) as caught:
        nested(store)
    inner, outer = caught.value.frames[:2]
    assert (inner.func_index, inner.func_name, inner.module_name) == (0, "inner", "demo")
    assert (outer.func_index, outer.func_name) == (1, "outer")
    oracle_store = wt.Store()
    oracle = wt.Instance(oracle_store, wt.Module(oracle_store.engine, wasmic.wat2wasm(TRAPS)), [])
    with pytest.raises(wt.Trap) as expected:
        oracle.exports(oracle_store)["nested"](oracle_store)
    want = [(f.func_index, f.func_name, f.module_offset) for f in expected.value.frames]
    got = [(f.func_index, f.func_name, f.module_offset) for f in caught.value.frames]
    if tier == "native":
        # Optimized native code keeps the trap site's offset, not the call
        # sites' of the outer frames (Config.cranelift_opt_level = "none" does).
        got[1:] = [(index, name, None) for index, name, _ in got[1:]]
        want[1:] = [(index, name, None) for index, name, _ in want[1:]]
    assert got == want
    # Both count func_offset from the start of the function's code (its
    # locals declarations).
    assert inner.func_offset == expected.value.frames[0].func_offset


@positive("Trap.__init__")
def test_host_raised_trap_traps_the_caller(store):
    def refuse():
        raise wasmic.Trap("refused by the host")

    func = wasmic.Func(store, wasmic.FuncType([], []), refuse)
    call = exports_of(store, """(module (import "" "f" (func $f))
        (func (export "run") call $f))""", [func])["run"]
    with pytest.raises(wasmic.Trap, match="refused by the host") as caught:
        call(store)
    assert caught.value.trap_code is None
    assert pickle.loads(pickle.dumps(caught.value)).message == caught.value.message


@negative("Trap.__init__", "Trap.trap_code", "Trap.frames", "Trap.message", "TrapCode.*",
          "Frame.func_index", "Frame.func_name", "Frame.module_name", "Frame.func_offset",
          "Frame.module_offset")
def test_trap_and_trapcode_refuse_bad_arguments(store):
    with pytest.raises(TypeError):
        wasmic.Trap(42)
    with pytest.raises(TypeError):
        wasmic.Trap("x", trap_code="unreachable")
    with pytest.raises(ValueError):
        wasmic.TrapCode(-1)
    with pytest.raises(KeyError):
        wasmic.TrapCode["NOT_A_TRAP"]
    trap = wasmic.Trap("by hand")
    assert trap.frames == [] and trap.trap_code is None
    with pytest.raises(AttributeError):
        trap.trap_code = wasmic.TrapCode.UNREACHABLE
    with pytest.raises(TypeError):
        wasmic.Trap("x", frames=["frame"])
    with pytest.raises(AttributeError):
        wasmic.Frame(0).func_name = "x"


def test_trap_codes_match_wasmtime(wt):
    assert {c.name: c.value for c in wt.TrapCode}.items() <= {
        c.name: c.value for c in wasmic.TrapCode}.items()


@positive("ExitTrap.code")
def test_exit_trap_carries_the_exit_code():
    exit_trap = wasmic.ExitTrap("exited", 3)
    assert exit_trap.code == 3 and isinstance(exit_trap, wasmic.WasmtimeError)
    assert pickle.loads(pickle.dumps(exit_trap)).code == 3


@negative("ExitTrap.code")
def test_exit_trap_code_is_an_int_and_read_only():
    with pytest.raises(TypeError):
        wasmic.ExitTrap("exited", "3")
    with pytest.raises(AttributeError):
        wasmic.ExitTrap("exited", 3).code = 4


@positive("WasmtimeError.__init__")
def test_wasmtime_error_is_the_error_of_bad_input(store):
    assert wasmic.WasmtimeError is wasmic.WasmError
    assert str(wasmic.WasmtimeError("bad")) == "bad"
    with pytest.raises(wasmic.WasmtimeError):
        wasmic.Module(store.engine, b"\0asm")


@negative("WasmtimeError.__init__")
def test_wasmtime_error_needs_a_message():
    with pytest.raises(TypeError):
        wasmic.WasmtimeError()
