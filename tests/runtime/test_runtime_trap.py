"""Traps, trap codes, frames and exit traps; wasmtime-py is the oracle for
the trap codes and the layout of the backtrace."""

from __future__ import annotations

import pickle
import re

import pytest

from wasmic.errors import WasmError
from wasmic.runtime.trap import ExitTrap, Frame, Trap, TrapCode, format_backtrace

pytestmark = pytest.mark.usefixtures("default_tier")  # each test on both tiers

SPEC_MESSAGES = {
    TrapCode.UNREACHABLE: "unreachable",
    TrapCode.INTEGER_DIVISION_BY_ZERO: "integer divide by zero",
    TrapCode.INTEGER_OVERFLOW: "integer overflow",
    TrapCode.BAD_CONVERSION_TO_INTEGER: "invalid conversion to integer",
    TrapCode.MEMORY_OUT_OF_BOUNDS: "out of bounds memory access",
    TrapCode.TABLE_OUT_OF_BOUNDS: "out of bounds table access",
    TrapCode.INDIRECT_CALL_TO_NULL: "uninitialized element",
    TrapCode.BAD_SIGNATURE: "indirect call type mismatch",
    TrapCode.STACK_OVERFLOW: "call stack exhausted",
}



def test_trap_codes_are_wasmtimes(wt):
    assert [(c.name, c.value) for c in TrapCode] == [(c.name, c.value) for c in wt.TrapCode]


@pytest.mark.parametrize("code, message", SPEC_MESSAGES.items(), ids=[c.name for c in SPEC_MESSAGES])
def test_trap_codes_carry_the_spec_messages(code, message):
    assert code.message == message
    trap = Trap.from_code(code)
    assert str(trap).startswith(message)
    assert trap.trap_code is code


def test_every_trap_code_has_a_message():
    assert all(code.message for code in TrapCode)
    assert len({code.message for code in TrapCode}) == len(TrapCode)


def test_a_host_trap_is_its_message(wt):
    ours, theirs = Trap("custom host trap"), wt.Trap("custom host trap")
    for trap in (ours, theirs):
        assert str(trap) == trap.message == "custom host trap"
        assert trap.trap_code is None
        assert trap.frames == []
        assert trap.args == ("custom host trap",)
        assert isinstance(trap, Exception)
    assert repr(ours) == repr(theirs)


def test_trap_is_not_a_wasm_error_like_wasmtime(wt):
    assert not issubclass(Trap, WasmError)
    assert not issubclass(wt.Trap, wt.WasmtimeError)


def test_from_code_with_a_message_of_its_own():
    trap = Trap.from_code(TrapCode.TABLE_OUT_OF_BOUNDS, "undefined element")
    assert (str(trap), trap.reason, trap.trap_code) == (
        "undefined element", "undefined element", TrapCode.TABLE_OUT_OF_BOUNDS)


@pytest.mark.parametrize("make", [
    lambda: Trap(5),
    lambda: Trap(None),
    lambda: Trap("x", trap_code=9),
    lambda: Trap("x", frames=[(1, "f")]),
    lambda: Trap("x", frames=5),
    lambda: Trap.from_code("UNREACHABLE"),
])
def test_trap_rejects_bad_arguments(make):
    with pytest.raises(TypeError):
        make()


def test_trap_message_must_be_text_in_wasmtime_too(wt):
    with pytest.raises(AttributeError):  # wasmtime-py fails inside; here it is a TypeError
        wt.Trap(5)


def test_frames_and_backtrace():
    frames = [Frame(1, "inner", 5, "mod", 0x79), Frame(2, None, 3, "mod", 0x7F),
              Frame(3), Frame(4, "rec", None, "mod", None)]
    trap = Trap("integer divide by zero", TrapCode.INTEGER_DIVISION_BY_ZERO, frames)
    assert trap.frames == frames
    assert str(trap) == trap.message == (
        "integer divide by zero\n"
        "wasm backtrace:\n"
        "    0:     0x79 - mod!inner\n"
        "    1:     0x7f - mod!<wasm function 2>\n"
        "    2: <unknown>!<wasm function 3>\n"
        "    3: mod!rec")
    assert trap.reason == "integer divide by zero"


def test_frames_can_be_added_while_unwinding():
    trap = Trap.from_code(TrapCode.UNREACHABLE)
    trap._add_frame(Frame(0, "f"))
    trap._add_frame(Frame(1, "g"))
    assert [f.func_name for f in trap.frames] == ["f", "g"]
    trap.frames.clear()
    assert len(trap.frames) == 2
    with pytest.raises(TypeError):
        trap._add_frame("frame")


def test_frame_fields_and_defaults():
    frame = Frame(7, "name", 1, "mod", 2)
    assert (frame.func_index, frame.func_name, frame.func_offset, frame.module_name,
            frame.module_offset) == (7, "name", 1, "mod", 2)
    assert Frame(3) == Frame(3, None, None, None, None)
    with pytest.raises(AttributeError):
        frame.func_index = 1


def test_backtrace_layout_matches_wasmtime(wt):
    store = wt.Store()
    module = wt.Module(store.engine, """(module $mod
        (func $inner (param i32) (result i32) local.get 0 i32.const 0 i32.div_s)
        (func (export "f") (param i32) (result i32) local.get 0 call $inner)
        (func (export "filler") nop))""")
    exports = wt.Instance(store, module, []).exports(store)
    with pytest.raises(wt.Trap) as info:
        exports["f"](store, 1)
    theirs = info.value
    ours = Trap.from_code(TrapCode(theirs.trap_code.value), frames=[
        Frame(f.func_index, f.func_name, f.func_offset, f.module_name, f.module_offset)
        for f in theirs.frames])
    their_lines = re.search(r"wasm backtrace:\n(.*?)\n\n", theirs.message, re.S).group(1)
    assert format_backtrace(ours.frames) == "wasm backtrace:\n" + their_lines
    assert str(ours).startswith("integer divide by zero\nwasm backtrace:\n")


def test_trap_can_be_raised_and_caught():
    with pytest.raises(Trap, match="^out of bounds memory access$"):
        raise Trap.from_code(TrapCode.MEMORY_OUT_OF_BOUNDS)


def test_exit_trap(wt):
    trap = ExitTrap(code=3)
    assert trap.code == 3
    assert str(trap) == "Exited with i32 exit status 3"
    assert isinstance(trap, WasmError) and not isinstance(trap, Trap)
    assert issubclass(wt.ExitTrap, wt.WasmtimeError) and not issubclass(wt.ExitTrap, wt.Trap)
    assert str(ExitTrap("bye")) == str(wt.ExitTrap("bye")) == "bye"
    assert ExitTrap("bye").code == 0


@pytest.mark.parametrize("make", [lambda: ExitTrap(code="3"), lambda: ExitTrap(code=1.0),
                                  lambda: ExitTrap(3)])
def test_exit_trap_rejects_bad_arguments(make):
    with pytest.raises(TypeError):
        make()


def test_traps_survive_pickling():
    trap = Trap.from_code(TrapCode.UNREACHABLE, frames=[Frame(1, "f", 2, "m", 3)])
    copy = pickle.loads(pickle.dumps(trap))
    assert (str(copy), copy.trap_code, copy.frames) == (str(trap), trap.trap_code, trap.frames)
    exit_copy = pickle.loads(pickle.dumps(ExitTrap(code=4)))
    assert (str(exit_copy), exit_copy.code) == ("Exited with i32 exit status 4", 4)
