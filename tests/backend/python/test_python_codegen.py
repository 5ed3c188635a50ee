"""The python tier's translation: folded expressions keep wasm's order of
effects, control flow (flags, exits, br_table, multi-value) is exact, and
limits of Python (nesting, expression depth) are handled."""

from __future__ import annotations

import pytest

from wasmic.errors import WasmError
from wasmic.runtime import Func, FuncType, Instance, Module, Store, Trap, TrapCode, ValType

I32 = ValType.i32()


def run(wat: str, name: str, *args, imports=()):
    store = Store()
    instance = Instance(store, Module(store.engine, wat), list(imports))
    return instance.exports(store)[name](store, *args)


def source(wat: str) -> str:
    store = Store()
    return Module(store.engine, wat)._code.source


# -- order of effects with folded expressions -------------------------------------------

def test_global_read_before_a_call_that_changes_it():
    wat = """(module (global $g (mut i32) (i32.const 1))
      (func $bump (result i32) (global.set $g (i32.const 100)) (i32.const 0))
      (func (export "f") (result i32) global.get $g call $bump i32.add global.get $g i32.add))"""
    assert run(wat, "f") == 1 + 0 + 100


def test_local_read_before_a_later_set_of_it():
    wat = """(module (func (export "f") (param i32) (result i32)
      local.get 0 (local.set 0 (i32.const 50)) local.get 0 i32.sub))"""
    assert run(wat, "f", 7) == 7 - 50


def test_tee_then_reads_see_the_new_value_and_earlier_reads_the_old():
    wat = """(module (func (export "f") (param i32) (result i32)
      local.get 0 (local.tee 0 (i32.const 10)) i32.mul local.get 0 i32.add))"""
    assert run(wat, "f", 3) == 3 * 10 + 10


def test_load_before_a_store_to_the_same_address():
    wat = """(module (memory 1)
      (func (export "f") (result i32)
        (i32.store (i32.const 0) (i32.const 5))
        (i32.load (i32.const 0))
        (i32.store (i32.const 0) (i32.const 9))
        (i32.load (i32.const 0)) i32.sub))"""
    assert run(wat, "f") == 5 - 9


def test_trap_order_follows_operand_order():
    # The first operand traps (divide by zero) before the second (out of bounds).
    wat = """(module (memory 1)
      (func (export "f") (result i32)
        (i32.div_u (i32.const 1) (i32.const 0))
        (i32.load (i32.const 70000)) i32.add))"""
    with pytest.raises(Trap) as caught:
        run(wat, "f")
    assert caught.value.trap_code is TrapCode.INTEGER_DIVISION_BY_ZERO


def test_dropped_trapping_value_still_traps():
    wat = """(module (memory 1) (func (export "f") (i32.load (i32.const 70000)) drop))"""
    with pytest.raises(Trap) as caught:
        run(wat, "f")
    assert caught.value.trap_code is TrapCode.MEMORY_OUT_OF_BOUNDS


def test_value_left_behind_by_a_branch_is_still_evaluated():
    wat = """(module (memory 1)
      (func (export "f") (result i32)
        (block (result i32) (i32.load (i32.const 70000)) (br 0 (i32.const 1)))))"""
    with pytest.raises(Trap):
        run(wat, "f")


def test_store_value_computed_before_the_bounds_check():
    calls = []
    store = Store()
    host = Func(store, FuncType([], [I32]), lambda: calls.append(1) or 7)
    wat = """(module (import "" "h" (func $h (result i32))) (memory 1)
      (func (export "f") (i32.store (i32.const 70000) (call $h))))"""
    exports = Instance(store, Module(store.engine, wat), [host]).exports(store)
    with pytest.raises(Trap):
        exports["f"](store)
    assert calls == [1]


def test_select_evaluates_both_operands():
    calls = []
    store = Store()
    host = Func(store, FuncType([I32], [I32]), lambda x: calls.append(x) or x)
    wat = """(module (import "" "h" (func $h (param i32) (result i32)))
      (func (export "f") (param i32) (result i32)
        (select (call $h (i32.const 1)) (call $h (i32.const 2)) (local.get 0))))"""
    exports = Instance(store, Module(store.engine, wat), [host]).exports(store)
    assert exports["f"](store, 0) == 2
    assert calls == [1, 2]


def test_comparison_results_are_ints_when_stored_and_returned():
    wat = """(module (memory 1) (global $g (export "g") (mut i32) (i32.const 0))
      (func (export "f") (param i32 i32) (result i32)
        (global.set $g (i32.lt_s (local.get 0) (local.get 1)))
        (i32.store (i32.const 0) (i32.eq (local.get 0) (local.get 0)))
        (i32.add (i32.load (i32.const 0)) (i32.gt_u (local.get 0) (local.get 1)))))"""
    store = Store()
    exports = Instance(store, Module(store.engine, wat), []).exports(store)
    result = exports["f"](store, -1, 1)
    assert result == 2 and type(result) is int
    assert exports["g"].value(store) == 1 and type(exports["g"].value(store)) is int


# -- control flow ---------------------------------------------------------------------

def test_exit_from_nested_loops_to_an_outer_block():
    wat = """(module (func (export "f") (param i32) (result i32) (local i32 i32)
      (block $out
        (loop $a
          (local.set 2 (i32.const 0))
          (loop $b
            (br_if $out (i32.eq (local.get 1) (local.get 0)))
            (local.set 1 (i32.add (local.get 1) (i32.const 1)))
            (local.set 2 (i32.add (local.get 2) (i32.const 1)))
            (br_if $b (i32.lt_u (local.get 2) (i32.const 3))))
          (br $a)))
      local.get 1))"""
    assert run(wat, "f", 10) == 10


def test_continue_an_outer_loop_from_an_inner_one():
    wat = """(module (func (export "f") (result i32) (local i32 i32)
      (loop $outer
        (local.set 0 (i32.add (local.get 0) (i32.const 1)))
        (loop $inner
          (local.set 1 (i32.add (local.get 1) (i32.const 1)))
          (br_if $outer (i32.lt_u (local.get 0) (i32.const 5)))
          (br_if $inner (i32.lt_u (local.get 1) (i32.const 100)))))
      (i32.add (i32.mul (local.get 0) (i32.const 1000)) (local.get 1))))"""
    assert run(wat, "f") == 5 * 1000 + 100


def test_br_table_with_values_and_many_targets():
    targets = " ".join(f"$b{i}" for i in range(40))
    blocks_open = "".join(f"(block $b{i} (result i32) " for i in reversed(range(41)))
    body = f"(local.get 0) (local.get 1) (br_table {targets} $b40)"
    closes = "".join(f") (i32.add (i32.const {i}))" for i in range(41))
    wat = f"""(module (func (export "f") (param i32 i32) (result i32)
      {blocks_open} {body} {closes}))"""
    # Branching to $bK lands after its end, then adds K, K+1, ..., 40.
    for index in (0, 1, 17, 39, 40, 41, 1000, -1):
        k = index if 0 <= index < 40 else 40
        assert run(wat, "f", 1000, index) == 1000 + sum(range(k, 41))


def test_multi_value_blocks_calls_and_branches():
    wat = """(module
      (func $swap (param i32 i32) (result i32 i32) local.get 1 local.get 0)
      (func (export "f") (param i32) (result i32 i32)
        (local.get 0)
        (block $b (param i32) (result i32 i32)
          (i32.const 5)
          (br_if $b (local.get 0))
          call $swap)))"""
    # The block's parameter is the function's argument; br_if keeps (x, 5).
    assert run(wat, "f", 1) == [1, 5]
    assert run(wat, "f", 0) == [5, 0]


def test_loop_with_parameters_and_results():
    wat = """(module (func (export "sum") (param i32) (result i32)
      (i32.const 0) (local.get 0)
      (loop $l (param i32 i32) (result i32)
        ;; stack: acc n
        (local.set 0) (local.get 0) i32.add (local.get 0)
        (i32.sub (i32.const 1)) (local.tee 0) (local.get 0) (br_if $l) drop)))"""
    assert run(wat, "sum", 10) == 55


def test_if_else_with_results_and_early_exit():
    wat = """(module (func (export "f") (param i32) (result i32)
      (if (result i32) (local.get 0)
        (then (drop (br_if 0 (i32.const 1) (i32.gt_u (local.get 0) (i32.const 5))))
              (i32.const 2))
        (else (i32.const 3)))))"""
    assert [run(wat, "f", x) for x in (0, 3, 9)] == [3, 2, 1]


# -- limits of Python -----------------------------------------------------------------------

def test_very_deep_expression_is_split():
    body = "(i32.const 1) " + "(i32.const 1) i32.add " * 600
    wat = f'(module (func (export "f") (result i32) {body}))'
    assert run(wat, "f") == 601


def test_deeply_nested_blocks_compile():
    depth = 300
    wat = ('(module (func (export "f") (param i32) (result i32) '
           + "(block " * depth + "(br_if 150 (local.get 0)) " + ") " * depth
           + "(i32.const 7)))")
    assert run(wat, "f", 1) == 7


def test_loops_nested_deeper_than_python_allows_run_flat():
    depth = 25  # loops that are branched to become Python loops; CPython allows 20
    wat = ('(module (func (export "f") (param i32) (result i32) (local i32) '
           + "".join(f"(loop $l{i} " for i in range(depth))
           + "(local.set 1 (i32.add (local.get 1) (i32.const 1)))"
           + "".join(f"(br_if $l{i} (i32.lt_u (local.get 1) (local.get 0))) "
                     for i in reversed(range(depth)))
           + ")" * depth + " (local.get 1)))")
    assert "pc = " in source(wat)
    assert run(wat, "f", 100) == 100


def test_ifs_nested_deeper_than_python_allows_run_flat():
    depth = 120
    wat = ('(module (func (export "f") (param i32) (result i32) (local i32) '
           + "(if (i32.gt_u (local.get 0) (i32.const 0)) (then "
           + "".join(f"(local.set 1 (i32.add (local.get 1) (i32.const 1))) "
                     f"(if (i32.gt_u (local.get 0) (i32.const {i + 1})) (then " for i in range(depth))
           + ")) " * depth + ")) (local.get 1)))")
    assert [run(wat, "f", n) for n in (0, 1, 7, 500)] == [0, 1, 7, depth]


def _reference(n: int) -> int:
    i = acc = 0
    while i < n:
        i += 1
        j = 0
        while True:
            j += 1
            k = (i + j) % 3
            if k == 1:
                acc += j
            if k:
                break
    return acc


@pytest.mark.parametrize("control", ["structured", "dispatch"])
def test_both_control_strategies_agree(control, monkeypatch):
    from wasmic.backend.python import module as python_module

    monkeypatch.setattr(python_module.compile_module, "__kwdefaults__",
                        {**python_module.compile_module.__kwdefaults__, "control": control})
    wat = """(module (func (export "f") (param i32) (result i32) (local $i i32) (local $acc i32)
      (local $j i32)
      (block $done
        (loop $outer
          (br_if $done (i32.ge_u (local.get $i) (local.get 0)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (local.set $j (i32.const 0))
          (block $skip
            (loop $inner
              (local.set $j (i32.add (local.get $j) (i32.const 1)))
              (br_table $inner $skip $outer
                (i32.rem_u (i32.add (local.get $i) (local.get $j)) (i32.const 3)))))
          (local.set $acc (i32.add (local.get $acc) (local.get $j)))
          (br $outer)))
      (local.get $acc)))"""
    assert ("pc = " in source(wat)) == (control == "dispatch")
    assert [run(wat, "f", n) for n in range(12)] == [_reference(n) for n in range(12)]


def test_simd_is_refused_with_a_clear_error():
    wat = """(module (func (export "f") (result i32)
      (i32x4.extract_lane 0 (v128.const i32x4 1 2 3 4))))"""
    with pytest.raises(WasmError, match="SIMD is not supported by the python tier yet"):
        Module(Store().engine, wat)


def test_generated_source_folds_a_chain_into_one_expression():
    text = source("""(module (func (export "f") (param i32 i32) (result i32)
      local.get 0 local.get 1 i32.add i32.const 3 i32.mul i32.const 1 i32.sub))""")
    assert text.strip().splitlines() == [
        "def f0(l0, l1):", "    return ((((l0 + l1) & 0xFFFFFFFF) * 3) - 1) & 0xFFFFFFFF"]


def test_address_computed_by_arithmetic_wraps_modulo_2_to_the_32():
    wat = """(module (memory 1) (data (i32.const 4) "\\2a")
      (func (export "wrap_add") (result i32)
        (i32.load8_u (i32.add (i32.const 0xFFFFFFFF) (i32.const 5))))
      (func (export "small_sub") (result i32)
        (i32.load8_u (i32.sub (i32.const 8) (i32.const 4))))
      (func (export "negative") (result i32)
        (i32.load8_u (i32.sub (i32.const 0) (i32.const 4))))
      (func (export "offset_past_4gib") (result i32)
        (i32.load offset=8 (i32.add (i32.const 0xFFFFFFF0) (i32.const 12)))))"""
    assert run(wat, "wrap_add") == 42
    assert run(wat, "small_sub") == 42
    for name in ("negative", "offset_past_4gib"):
        with pytest.raises(Trap) as caught:
            run(wat, name)
        assert caught.value.trap_code is TrapCode.MEMORY_OUT_OF_BOUNDS


def test_huge_switch_compiles_in_linear_time():
    import time

    depth = 3000  # a br_table at the bottom of 3000 blocks, targeting each of them
    targets = " ".join(str(i) for i in range(depth))
    wat = ('(module (func (export "f") (param i32) (result i32) (local i32) '
           + "(block " * depth + f"(br_table {targets} (local.get 0))"
           + "".join(f") (local.set 1 (i32.add (local.get 1) (i32.const {i})))"
                     for i in range(depth)) + " (local.get 1)))")
    started = time.process_time()
    store = Store()
    exports = Instance(store, Module(store.engine, wat), []).exports(store)
    assert time.process_time() - started < 20
    # Branching to block k skips the adds of blocks 0..k-1.
    assert exports["f"](store, 2990) == sum(range(2990, depth))
