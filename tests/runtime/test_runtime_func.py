"""Calling functions across the boundary: wasm exports from Python, host
functions from wasm, their nesting, argument and result checking, traps
with backtraces, and the call-depth limit."""

from __future__ import annotations

import sys

import pytest

from wasmic.errors import WasmError
from wasmic.runtime import (Caller, Config, Engine, Func, FuncType, Instance, Linker, Module, Store, Trap,
                            TrapCode, Val, ValType)

pytestmark = pytest.mark.usefixtures("default_tier")  # each test on both tiers

I32, I64, F32, F64 = ValType.i32(), ValType.i64(), ValType.f32(), ValType.f64()


def instantiate(wat: str, imports=(), store=None):
    store = store or Store()
    instance = Instance(store, Module(store.engine, wat), list(imports))
    return store, instance.exports(store)


# -- calling wasm from Python --------------------------------------------------------

def test_results_are_signed_and_lists_for_several_values():
    store, exports = instantiate("""(module
      (func (export "neg") (result i32) i32.const -1)
      (func (export "big") (result i64) i64.const 0x8000000000000000)
      (func (export "two") (param i32 f64) (result f64 i32) local.get 1 local.get 0)
      (func (export "none")))""")
    assert exports["neg"](store) == -1
    assert exports["big"](store) == -(1 << 63)
    assert exports["two"](store, 7, 2.5) == [2.5, 7]
    assert exports["none"](store) is None


def test_arguments_accept_unsigned_and_round_f32():
    store, exports = instantiate("""(module
      (func (export "id32") (param i32) (result i32) local.get 0)
      (func (export "idf32") (param f32) (result f32) local.get 0))""")
    assert exports["id32"](store, 0xFFFFFFFF) == -1
    assert exports["idf32"](store, 0.1) == 0.10000000149011612


def test_wrong_argument_count_and_types():
    store, exports = instantiate('(module (func (export "f") (param i32 f64)))')
    f = exports["f"]
    with pytest.raises(WasmError, match="too few parameters"):
        f(store, 1)
    with pytest.raises(WasmError, match="too many parameters"):
        f(store, 1, 2.0, 3)
    with pytest.raises(TypeError, match="parameter 0"):
        f(store, "1", 2.0)
    with pytest.raises(TypeError):
        f(store, 1.5, 2.0)
    with pytest.raises(WasmError, match="out of range"):
        f(store, 1 << 32, 2.0)


def test_calling_with_another_store_is_an_error():
    store, exports = instantiate('(module (func (export "f")))')
    with pytest.raises(WasmError, match="wrong store"):
        exports["f"](Store())


# -- host functions ----------------------------------------------------------------

def test_host_function_receives_signed_values_and_returns_converted():
    seen = []

    def host(a, b):
        seen.append((a, b))
        return a * 2, b + 0.5

    store = Store()
    func = Func(store, FuncType([I32, F32], [I64, F32]), host)
    _, exports = instantiate("""(module
      (import "" "h" (func $h (param i32 f32) (result i64 f32)))
      (func (export "run") (result i64 f32) i32.const -3 f32.const 1.25 call $h))""",
                             [func], store)
    assert exports["run"](store) == [-6, 1.75]
    assert seen == [(-3, 1.25)]


def test_host_exception_reaches_the_caller_as_itself():
    class Boom(Exception):
        pass

    error = Boom("from the host")

    def host():
        raise error

    store = Store()
    _, exports = instantiate("""(module
      (import "" "h" (func $h))
      (func (export "run") call $h))""", [Func(store, FuncType([], []), host)], store)
    with pytest.raises(Boom) as caught:
        exports["run"](store)
    assert caught.value is error
    assert exports["run"] is not None  # and the store still works:
    with pytest.raises(Boom):
        exports["run"](store)


def test_host_returning_the_wrong_thing_is_an_error():
    store = Store()
    func = Func(store, FuncType([], [I32]), lambda: "seven")
    _, exports = instantiate("""(module
      (import "" "h" (func $h (result i32)))
      (func (export "run") (result i32) call $h))""", [func], store)
    with pytest.raises(TypeError):
        exports["run"](store)


def test_host_results_may_be_vals_of_their_type():
    store = Store()
    token = object()
    one = Func(store, FuncType([], [I32]), lambda: Val.i32(-7))
    several = Func(store, FuncType([], [I64, F32, F64, ValType.externref()]),
                   lambda: (Val.i64(2**40), Val.f32(1.5), Val.f64(-0.25), Val.externref(token)))
    _, exports = instantiate("""(module
      (import "" "one" (func $one (result i32)))
      (import "" "several" (func $several (result i64 f32 f64 externref)))
      (func (export "one") (result i32) call $one)
      (func (export "several") (result i64 f32 f64 externref) call $several))""",
                             [one, several], store)
    assert exports["one"](store) == -7
    assert exports["several"](store) == [2**40, 1.5, -0.25, token]


def test_host_result_val_of_another_type_is_an_error():
    store = Store()
    func = Func(store, FuncType([], [I32]), lambda: Val.i64(1))
    _, exports = instantiate("""(module
      (import "" "h" (func $h (result i32)))
      (func (export "run") (result i32) call $h))""", [func], store)
    with pytest.raises(TypeError):
        exports["run"](store)


def test_host_function_called_directly_from_python():
    store = Store()
    func = Func(store, FuncType([I32, I32], [I32]), lambda a, b: a - b)
    assert func(store, 2, 5) == -3
    assert func.type(store) == FuncType([I32, I32], [I32])


def test_wasm_python_wasm_nesting():
    store = Store()
    linker = Linker(store.engine)
    calls = []

    def host(n):
        calls.append(n)
        return exports["down"](store, n - 1) + 1 if n > 0 else 0

    linker.define_func("env", "host", FuncType([I32], [I32]), host)
    module = Module(store.engine, """(module
      (import "env" "host" (func $host (param i32) (result i32)))
      (func (export "down") (param i32) (result i32)
        local.get 0 call $host i32.const 10 i32.add))""")
    exports = linker.instantiate(store, module).exports(store)
    assert exports["down"](store, 3) == 3 + 4 * 10
    assert calls == [3, 2, 1, 0]


def test_caller_gives_the_calling_instance_exports():
    store = Store()
    seen = []

    def host(caller: Caller, address):
        memory = caller.get("memory")
        seen.append(bytes(memory.read(caller, address, address + 5)))
        return memory.data_len(caller)

    func = Func(store, FuncType([I32], [I32]), host, access_caller=True)
    _, exports = instantiate("""(module
      (import "" "h" (func $h (param i32) (result i32)))
      (memory (export "memory") 1)
      (data (i32.const 8) "hello")
      (func (export "run") (result i32) i32.const 8 call $h))""", [func], store)
    assert exports["run"](store) == 65536
    assert seen == [b"hello"]


def test_caller_sees_the_exports_from_the_start_function():
    store = Store()
    sizes = []
    func = Func(store, FuncType([], []), lambda caller: sizes.append(caller.get("memory").data_len(caller)),
                access_caller=True)
    instantiate("""(module (import "" "h" (func $h)) (memory (export "memory") 2)
      (start $h))""", [func], store)
    assert sizes == [2 * 65536]


def test_caller_is_invalid_after_the_call():
    kept = []
    store = Store()
    func = Func(store, FuncType([], []), lambda caller: kept.append(caller), access_caller=True)
    _, exports = instantiate("""(module (import "" "h" (func $h))
      (func (export "run") call $h))""", [func], store)
    exports["run"](store)
    with pytest.raises(WasmError):
        kept[0].get("anything")


# -- traps and backtraces ------------------------------------------------------------

TRAPPING = """(module $mod
  (func $inner (export "inner") (param i32) (result i32)
    local.get 0 i32.const 0 i32.div_u)
  (func $outer (export "outer") (result i32)
    i32.const 7 call $inner))"""


def innermost_frames(tier: str, names: list, expected: list) -> None:
    """The Python tier records every frame; the native tier at least the
    innermost one (full native backtraces are being added to its runtime)."""
    assert names == (expected if tier == "python" else expected[:max(1, len(names))])


def test_trap_code_message_and_frames(tier):
    store, exports = instantiate(TRAPPING)
    with pytest.raises(Trap) as caught:
        exports["outer"](store)
    trap = caught.value
    assert trap.trap_code is TrapCode.INTEGER_DIVISION_BY_ZERO
    assert str(trap).startswith("integer divide by zero")
    frames = trap.frames
    innermost_frames(tier, [f.func_index for f in frames], [0, 1])
    innermost_frames(tier, [f.func_name for f in frames], ["inner", "outer"])
    assert frames[0].module_name == "mod"
    # The division is byte 5 of inner's code: the empty locals vector (1 byte),
    # local.get 0 (2 bytes), i32.const 0 (2 bytes).
    binary = bytes(Module(store.engine, TRAPPING)._binary)
    assert binary[frames[0].module_offset] == 0x6E  # i32.div_u
    assert frames[0].func_offset == 5
    assert "wasm backtrace" in str(trap)


def test_trap_through_host_keeps_inner_frames(tier):
    store = Store()
    linker = Linker(store.engine)
    linker.define_func("env", "again", FuncType([], [I32]), lambda: exports["outer"](store))
    module = Module(store.engine, """(module
      (import "env" "again" (func $again (result i32)))
      (func $inner (param i32) (result i32) local.get 0 i32.const 0 i32.div_u)
      (func $outer (export "outer") (result i32) i32.const 7 call $inner)
      (func $entry (export "entry") (result i32) call $again))""")
    exports = linker.instantiate(store, module).exports(store)
    with pytest.raises(Trap) as caught:
        exports["entry"](store)
    innermost_frames(tier, [f.func_name for f in caught.value.frames], ["inner", "outer", "entry"])


def test_host_raised_trap_gets_wasm_frames(tier):
    store = Store()

    def host():
        raise Trap("custom failure")

    _, exports = instantiate("""(module (import "" "h" (func $h))
      (func $caller (export "run") call $h))""", [Func(store, FuncType([], []), host)], store)
    with pytest.raises(Trap) as caught:
        exports["run"](store)
    assert caught.value.trap_code is None
    assert str(caught.value).startswith("custom failure")
    if tier == "python":  # native: a Trap raised by Python code passes through as raised
        assert [f.func_name for f in caught.value.frames] == ["caller"]


# -- call depth ----------------------------------------------------------------------

RECURSIVE = """(module
  (func $count (export "count") (param i32) (result i32)
    local.get 0 i32.eqz
    if (result i32) i32.const 0
    else local.get 0 i32.const 1 i32.sub call $count i32.const 1 i32.add end)
  (func $forever (export "forever") call $forever))"""


def test_legal_recursion_ten_thousand_deep():
    store, exports = instantiate(RECURSIVE)
    assert exports["count"](store, 10_000) == 10_000


def test_runaway_recursion_traps_and_the_store_stays_usable():
    store, exports = instantiate(RECURSIVE)
    with pytest.raises(Trap) as caught:
        exports["forever"](store)
    assert caught.value.trap_code is TrapCode.STACK_OVERFLOW
    assert str(caught.value).startswith("call stack exhausted")
    assert len(caught.value.frames) <= 1000
    assert exports["count"](store, 100) == 100


def test_a_small_max_wasm_stack_is_enforced(tier):
    # A store with the default stack first: it raises the process-wide
    # recursion limit, which the small store below must not inherit.
    default_store, default_exports = instantiate(RECURSIVE)
    assert default_exports["count"](default_store, 10_000) == 10_000
    config = Config()
    config.strategy = tier
    config.max_wasm_stack = 16 * 1024
    store = Store(Engine(config))
    _, exports = instantiate(RECURSIVE, store=store)
    assert exports["count"](store, 20) == 20
    with pytest.raises(Trap) as caught:
        exports["count"](store, 10_000)
    assert caught.value.trap_code is TrapCode.STACK_OVERFLOW
    limit = sys.getrecursionlimit()
    assert exports["count"](store, 20) == 20 and sys.getrecursionlimit() == limit
    assert default_exports["count"](default_store, 10_000) == 10_000


def test_unbounded_host_reentry_is_a_stack_overflow_not_a_crash():
    store = Store()
    linker = Linker(store.engine)
    linker.define_func("env", "h", FuncType([], []), lambda: exports["run"](store))
    module = Module(store.engine, """(module (import "env" "h" (func $h))
      (func (export "run") call $h))""")
    exports = linker.instantiate(store, module).exports(store)
    with pytest.raises(Trap) as caught:
        exports["run"](store)
    assert caught.value.trap_code is TrapCode.STACK_OVERFLOW
    assert store._entries == 0
