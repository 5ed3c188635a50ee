"""Calls across the native boundary: arguments and results, host imports,
exceptions and traps through nested wasm -> Python -> wasm, stack
exhaustion, control flow and indirect calls."""

from __future__ import annotations

import pytest

from wasmic.errors import WasmError
from wasmic.runtime.trap import Trap, TrapCode

CONTROL = """(module
  (type $ii (func (param i32) (result i32)))
  (table 3 funcref)
  (elem (i32.const 0) $double $square)
  (func $double (type $ii) local.get 0 i32.const 2 i32.mul)
  (func $square (type $ii) local.get 0 local.get 0 i32.mul)
  (func (export "indirect") (param i32 i32) (result i32) local.get 1 local.get 0 call_indirect (type $ii))
  (func (export "wrong_type") (param i32) i64.const 0 local.get 0 call_indirect (param i64))
  (func (export "switch") (param i32) (result i32)
    (block $d (block $c (block $b (block $a local.get 0 br_table $a $b $c $d)
      i32.const 10 return) i32.const 11 return) i32.const 12 return) i32.const 13)
  (func (export "sum") (param i32) (result i64) (local i64)
    (loop $l (local.set 1 (i64.add (local.get 1) (i64.extend_i32_u (local.get 0))))
      (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1))))) local.get 1)
  (func (export "swap") (param i32 f64) (result f64 i32) local.get 1 local.get 0)
  (func (export "params") (param i64) (result i64)
    local.get 0 (block (param i64) (result i64) i64.const 1 i64.add))
  (func $fac (export "fac") (param i64) (result i64)
    local.get 0 i64.eqz if (result i64) i64.const 1 else
    local.get 0 local.get 0 i64.const 1 i64.sub call $fac i64.mul end)
  (func $inf (export "infinite") (param i32) (result i32) local.get 0 call $inf)
  (func (export "unreachable") unreachable)
)"""


@pytest.fixture(scope="module")
def ctl(native):
    return native.instantiate(CONTROL)


def test_control_flow(ctl):
    assert [ctl["switch"](i) for i in (0, 1, 2, 3, 4, -1)] == [10, 11, 12, 13, 13, 13]
    assert ctl["sum"](100) == 5050
    assert ctl["swap"](3, 2.5) == (2.5, 3)
    assert ctl["params"](41) == 42
    assert ctl["fac"](20) == 2432902008176640000


def test_call_indirect(ctl):
    assert ctl["indirect"](0, 21) == 42
    assert ctl["indirect"](1, 9) == 81

    def code(*args):
        with pytest.raises(Trap) as info:
            ctl["indirect"](*args) if len(args) == 2 else ctl["wrong_type"](*args)
        return info.value.trap_code, str(info.value).splitlines()[0]

    assert code(2, 0) == (TrapCode.INDIRECT_CALL_TO_NULL, "uninitialized element")
    assert code(3, 0) == (TrapCode.TABLE_OUT_OF_BOUNDS, "undefined element")
    assert code(0) == (TrapCode.BAD_SIGNATURE, "indirect call type mismatch")


def test_arguments_are_checked(ctl):
    assert ctl["indirect"](0, 0xFFFFFFFF) == -2  # unsigned accepted, wrapped, returned signed
    with pytest.raises(WasmError, match="out of range"):
        ctl["indirect"](0, 2**32)
    with pytest.raises(TypeError, match="expected i32"):
        ctl["indirect"](0, "1")
    with pytest.raises(WasmError, match="takes 2 arguments but 1 were given"):
        ctl["indirect"](0)
    assert ctl["swap"](True, 1) == (1.0, 1)


def test_trap_reports_frame(ctl):
    with pytest.raises(Trap) as info:
        ctl["unreachable"]()
    trap = info.value
    assert trap.trap_code == TrapCode.UNREACHABLE and str(trap).startswith("unreachable")
    assert trap.frames[0].func_index == 10


def test_stack_exhaustion_is_a_trap(ctl):
    with pytest.raises(Trap) as info:
        ctl["infinite"](0)
    assert info.value.trap_code == TrapCode.STACK_OVERFLOW
    assert ctl["fac"](5) == 120  # still usable


def test_small_stack_budget(native):
    compiled = native.compile(CONTROL)
    exports = compiled.instantiate(stack_budget=16 * 1024).exports
    with pytest.raises(Trap, match="call stack exhausted"):
        exports["fac"](10_000)
    assert compiled.instantiate().exports["fac"](1000) == 0  # 1000! mod 2**64


HOST = """(module
  (import "env" "add" (func $add (param i32 i64) (result i64)))
  (import "env" "pair" (func $pair (result i32 f32)))
  (import "env" "reenter" (func $reenter (param i32) (result i32)))
  (func (export "call_add") (param i32 i64) (result i64) local.get 0 local.get 1 call $add)
  (func (export "call_pair") (result i32 f32) call $pair)
  (func (export "outer") (param i32) (result i32)
    local.get 0 call $reenter i32.const 1000 i32.add)
  (func (export "inner") (param i32) (result i32)
    local.get 0 i32.eqz if unreachable end local.get 0 i32.const 1 i32.sub)
)"""


class Boom(Exception):
    pass


def host_instance(native, add=None, pair=None, reenter=None):
    exports = {}

    def default_reenter(x):
        return exports["inner"](x)

    imports = [add or (lambda a, b: a + b), pair or (lambda: (7, 0.5)), reenter or default_reenter]
    exports.update(native.instantiate(HOST, imports))
    return exports


def test_host_calls(native):
    exports = host_instance(native)
    assert exports["call_add"](-1, 2**40) == 2**40 - 1
    assert exports["call_pair"]() == (7, 0.5)


def test_host_exception_propagates_as_itself(native):
    def add(a, b):
        raise Boom("from the host")

    exports = host_instance(native, add=add)
    with pytest.raises(Boom, match="from the host"):
        exports["call_add"](1, 2)
    assert exports["call_pair"]() == (7, 0.5)


def test_bad_host_result_is_type_error(native):
    exports = host_instance(native, add=lambda a, b: "x", pair=lambda: (1,))
    with pytest.raises(TypeError, match="result 0 of host function"):
        exports["call_add"](1, 2)
    with pytest.raises(TypeError, match="tuple of 2 values"):
        exports["call_pair"]()


def test_nested_trap_lands_in_the_inner_entry(native):
    seen = []

    def reenter(x):
        try:
            return exports["inner"](x)
        except Trap as trap:
            seen.append(trap.trap_code)
            return -1

    exports = host_instance(native, reenter=reenter)
    assert exports["outer"](5) == 1004
    assert exports["outer"](0) == 999  # the inner trap was caught by the host
    assert seen == [TrapCode.UNREACHABLE]


def test_nested_trap_propagates_through_outer_wasm(native):
    exports = host_instance(native)  # reenter calls inner without catching
    with pytest.raises(Trap, match="unreachable"):
        exports["outer"](0)
    assert exports["outer"](3) == 1002


def test_recursion_through_python_is_bounded(native):
    def reenter(x):
        return exports["outer"](x)  # wasm -> Python -> wasm -> ... forever

    exports = host_instance(native, reenter=reenter)
    with pytest.raises((Trap, RecursionError)):
        exports["outer"](1)
    assert exports["call_add"](1, 1) == 2


def test_threads_have_their_own_trap_chains(native):
    """Two threads inside wasm -> Python -> wasm at the same time (the GIL
    switches between them in the host call); each trap lands in its own thread."""
    import threading

    barrier = threading.Barrier(2, timeout=30)

    def reenter(x):
        barrier.wait()  # both threads are now inside a host call
        return exports["inner"](x)

    exports = host_instance(native, reenter=reenter)
    results = {}

    def run(x):
        try:
            results[x] = exports["outer"](x)
        except Trap as trap:
            results[x] = trap.trap_code

    threads = [threading.Thread(target=run, args=(x,)) for x in (0, 5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {0: TrapCode.UNREACHABLE, 5: 1004}


def test_host_results_stay_alive(native):
    """An externref a host function returns outlives the host call even
    when nothing else refers to it."""
    exports = native.instantiate("""(module
      (import "h" "make" (func $make (result externref)))
      (table 1 externref)
      (func (export "roundtrip") (result externref) call $make)
      (func (export "store") (table.set 0 (i32.const 0) (call $make)))
      (func (export "load") (result externref) (table.get 0 (i32.const 0))))""",
                                 [lambda: ["fresh", "list"]])
    assert exports["roundtrip"]() == ["fresh", "list"]
    exports["store"]()
    assert exports["load"]() == ["fresh", "list"]
