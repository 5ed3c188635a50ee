"""Native backtraces: Trap.frames lists every wasm frame of the C stack,
innermost first, compared with the Python tier's frames for the same
programs -- chains of calls, indirect calls, wasm -> Python -> wasm,
Traps raised by host code, calls between modules, stack exhaustion.

Without optimization every wasm call has its own C frame, so the frames
must equal the Python tier's.  Optimized code may fold a callee the C
compiler inlined (or left by a sibling call) into its caller: the frames
must then be the Python tier's with some left out, never a wrong or extra
one, and a trap of wasm code always starts with its trap site's function.
"""

from __future__ import annotations

import pytest

import wasmic
from wasmic.runtime.trap import Trap

HOST = '(import "env" "host" (func $host (param i32) (result i32)))'
PROGRAMS = {
    "chain": f"""(module $chain {HOST}
      (func $leaf (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
      (func $mid (param i32) (result i32) (i32.add (call $leaf (local.get 0)) (i32.const 1)))
      (func $run (export "run") (param i32) (result i32) (i32.mul (call $mid (local.get 0)) (i32.const 3))))""",
    "indirect": f"""(module $indirect {HOST}
      (type $t (func (param i32) (result i32)))
      (table funcref (elem $ok $bad))
      (func $ok (param i32) (result i32) (local.get 0))
      (func $bad (param i32) (result i32) (i32.load (i32.const 0x10000)))
      (memory 1)
      (func $dispatch (param i32) (result i32)
        (i32.add (call_indirect (type $t) (local.get 0) (i32.const 1)) (i32.const 1)))
      (func $run (export "run") (param i32) (result i32) (i32.mul (call $dispatch (local.get 0)) (i32.const 2))))""",
    "nested": f"""(module $nested {HOST}
      (func $deep (param i32) (result i32) (if (local.get 0) (then unreachable)) (local.get 0))
      (func $inner (export "inner") (param i32) (result i32) (i32.add (call $deep (local.get 0)) (i32.const 7)))
      (func $outer (param i32) (result i32) (i32.mul (call $host (i32.add (local.get 0) (i32.const 1))) (i32.const 5)))
      (func $run (export "run") (param i32) (result i32) (i32.sub (call $outer (local.get 0)) (i32.const 1))))""",
    "host_trap": f"""(module $host_trap {HOST}
      (func $calls_host (param i32) (result i32) (i32.add (call $host (i32.const -1)) (i32.const 2)))
      (func $run (export "run") (param i32) (result i32) (i32.mul (call $calls_host (local.get 0)) (i32.const 3))))""",
    "overflow": f"""(module $overflow {HOST}
      (func $rec (param i32) (result i32) (i32.add (call $rec (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
      (func $run (export "run") (param i32) (result i32) (i32.mul (call $rec (local.get 0)) (i32.const 2))))""",
}


def host_for(exports):
    """The host import: calls back ``inner``, or raises a Trap for -1."""
    def host(x):
        if x == -1:
            raise Trap("refused by the host")
        return exports()["inner"](x)
    return host


def public_frames(wat: str, strategy: str = "python", opt_level: str = "speed", full: bool = False) -> list[tuple]:
    """(func_index, func_name, module_name) of the trap's frames through the
    public API on the tier ``strategy`` (the Python tier: the reference);
    with ``full`` the whole Frame (offsets included)."""
    config = wasmic.Config()
    config.strategy = strategy
    config.cranelift_opt_level = opt_level
    store = wasmic.Store(wasmic.Engine(config))
    i32 = wasmic.ValType.i32()
    box = []
    host = host_for(lambda: {name: (lambda *a, f=f: f(store, *a)) for name, f in box[0].exports(store).items()})
    box.append(wasmic.Instance(store, wasmic.Module(store.engine, wat),
                               [wasmic.Func(store, wasmic.FuncType([i32], [i32]), host)]))
    with pytest.raises(Trap) as trap:
        box[0].exports(store)["run"](store, 0)
    return [tuple(f) if full else (f.func_index, f.func_name, f.module_name) for f in trap.value.frames]


def native_frames(native, wat: str, opt_level: int) -> tuple[list[tuple], Trap]:
    box = []
    box.append(native.compile(wat, opt_level=opt_level).instantiate([host_for(lambda: box[0].exports)]))
    with pytest.raises(Trap) as trap:
        box[0].exports["run"](0)
    return [(f.func_index, f.func_name, f.module_name) for f in trap.value.frames], trap.value


def is_subsequence(part: list, whole: list) -> bool:
    rest = iter(whole)
    return all(item in rest for item in part)


@pytest.mark.parametrize("program", PROGRAMS)
def test_unoptimized_frames_equal_the_python_tier(native, program):
    expected = public_frames(PROGRAMS[program])
    frames, trap = native_frames(native, PROGRAMS[program], opt_level=0)
    assert frames == expected
    assert len(frames) > 1 and str(trap).count(f"{program}!") == len(frames)


@pytest.mark.parametrize("program", [name for name in PROGRAMS if name != "overflow"])
def test_optimized_frames_are_the_python_tiers_or_fewer(native, program):
    expected = public_frames(PROGRAMS[program])
    frames, trap = native_frames(native, PROGRAMS[program], opt_level=2)
    assert frames and is_subsequence(frames, expected), (frames, expected)
    if trap.trap_code is not None:  # trapped in wasm (not raised by the host): the site is known
        assert frames[0] == expected[0]


@pytest.mark.parametrize("program", PROGRAMS)
def test_public_api_frames_equal_the_python_tiers_unoptimized(native, program):
    """The same through Engine/Store/Instance (Config.cranelift_opt_level "none"
    is -O0), offsets included: the trap site's, then each call's."""
    frames = public_frames(PROGRAMS[program], "native", "none", full=True)
    expected = public_frames(PROGRAMS[program], full=True)
    if program == "overflow":
        # Python traps at the call; native code in the callee's entry check,
        # which is no instruction: the callee's frame comes first, no offsets.
        assert frames[0] == (1, "rec", None, "overflow", None)
        frames, expected = frames[1:], expected[:-1]
    assert frames == expected


@pytest.mark.parametrize("program", [name for name in PROGRAMS if name != "overflow"])
def test_optimized_offsets_are_right_or_none(native, program):
    """Optimized, a frame's offset is its call's, or None where the callee was
    inlined (an inlined call's offset is not the frame's)."""
    expected = {frame[:2]: frame for frame in public_frames(PROGRAMS[program], full=True)}
    for frame in public_frames(PROGRAMS[program], "native", "speed", full=True):
        assert frame[4] is None and frame[2] is None or frame == expected[frame[:2]], frame


def test_stack_exhaustion_keeps_the_innermost_thousand(native):
    frames, trap = native_frames(native, PROGRAMS["overflow"], opt_level=0)
    assert trap.trap_code == wasmic.TrapCode.STACK_OVERFLOW
    assert len(frames) == 1000 and set(frames) == {(1, "rec", "overflow")}
    # Optimized, the recursion may have become a loop (its frames folded into one).
    frames, trap = native_frames(native, PROGRAMS["overflow"], opt_level=2)
    assert trap.trap_code == wasmic.TrapCode.STACK_OVERFLOW and frames[0] == (1, "rec", "overflow")
    assert len(frames) <= 1000 and set(frames) <= {(1, "rec", "overflow"), (2, "run", "overflow")}


def test_frames_cross_module_boundaries(native):
    """A function imported from another native module is called directly (no
    Python between): its frames, named after its own module, come first."""
    lib = native.compile("""(module $lib
      (func $check (param i32) (result i32) (if (i32.eqz (local.get 0)) (then unreachable)) (local.get 0))
      (func (export "check") (param i32) (result i32) (i32.add (call $check (local.get 0)) (i32.const 1))))""",
                         opt_level=0).instantiate()
    app = native.compile("""(module $app (import "lib" "check" (func $check (param i32) (result i32)))
      (func $use (param i32) (result i32) (i32.mul (call $check (local.get 0)) (i32.const 2)))
      (func (export "run") (param i32) (result i32) (i32.add (call $use (local.get 0)) (i32.const 1))))""",
                         opt_level=0).instantiate([lib.exports["check"]])
    with pytest.raises(Trap) as trap:
        app.exports["run"](0)
    assert [(f.module_name, f.func_index) for f in trap.value.frames] == [
        ("lib", 0), ("lib", 1), ("app", 1), ("app", 2)]


def test_a_host_exception_other_than_a_trap_passes_unchanged(native):
    class Refused(Exception):
        pass

    def host(x):
        raise Refused(x)

    exports = native.compile(PROGRAMS["host_trap"], opt_level=0).instantiate([host]).exports
    with pytest.raises(Refused) as info:
        exports["run"](0)
    assert info.value.args == (-1,)


def test_innermost_frame_has_the_module_offset(native):
    binary = wasmic.wat2wasm(PROGRAMS["chain"])
    module, _ = wasmic.load(bytes(binary))
    from wasmic.backend.native import compile_module

    exports = compile_module(module, bytes(binary), cache_dir=native.cache_dir, opt_level=0).instantiate(
        [lambda x: x]).exports
    with pytest.raises(Trap) as trap:
        exports["run"](0)
    first = trap.value.frames[0]
    assert first.func_index == 1 and first.module_offset is not None  # $leaf (wat2wasm writes no names)
    assert binary[first.module_offset] == 0x6D  # i32.div_s
