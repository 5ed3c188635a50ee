"""Bounds checks left out when an earlier one covers the access
(``emit_bounds``): the C keeps exactly the checks that are needed, and
every access that can be out of bounds still traps, on both tiers."""

from __future__ import annotations

import pytest

import wasmic
from wasmic.backend.native.emit_module import emit_module

PAGE = 65536
OOB = "out of bounds memory access"

# Each function reads through local 0 in a way where a check left out
# wrongly would read past the memory instead of trapping.
WAT = """(module
  (memory 1)
  (func (export "same_local") (param $a i32) (result i32)
    (i32.add (i32.load offset=8 (local.get $a)) (i32.load offset=4 (local.get $a)))
    (i32.load offset=0 (local.get $a))
    i32.add
    (i32.load offset=100 (local.get $a))
    i32.add)
  (func (export "reassigned") (param $a i32) (param $b i32) (result i32)
    (drop (i32.load (local.get $a)))
    (local.set $a (local.get $b))
    (i32.load (local.get $a)))
  (func (export "teed") (param $a i32) (param $b i32) (result i32)
    (drop (i32.load (local.get $a)))
    (i32.load (local.tee $a (local.get $b))))
  (func (export "then_only") (param $a i32) (param $c i32) (result i32)
    (if (local.get $c) (then (drop (i32.load offset=4 (local.get $a)))))
    (i32.load (local.get $a)))
  (func (export "else_after_then") (param $a i32) (param $c i32) (result i32)
    (if (result i32) (local.get $c)
      (then (i32.load offset=8 (local.get $a)))
      (else (i32.load (local.get $a)))))
  (func (export "assigned_in_if") (param $a i32) (param $c i32) (result i32)
    (drop (i32.load (local.get $a)))
    (if (local.get $c) (then (local.set $a (i32.const 65536))))
    (i32.load (local.get $a)))
  (func (export "branched_over") (param $a i32) (param $c i32) (result i32)
    (block $skip
      (br_if $skip (local.get $c))
      (drop (i32.load offset=16 (local.get $a))))
    (i32.load offset=8 (local.get $a)))
  (func (export "walk") (param $a i32) (param $n i32) (result i32)
    (local $sum i32)
    (loop $next
      (local.set $sum (i32.add (local.get $sum) (i32.load (local.get $a))))
      (local.set $a (i32.add (local.get $a) (i32.const 16384)))
      (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $sum))
  (func (export "after_grow") (param $a i32) (result i32)
    (drop (i32.load offset=4 (local.get $a)))
    (drop (memory.grow (i32.const 1)))
    (i32.load offset=4 (local.get $a)))
  (func (export "kept_across_if") (param $a i32) (param $c i32) (result i32)
    (drop (i32.load offset=8 (local.get $a)))
    (if (local.get $c) (then (local.set $c (i32.const 0))))
    (i32.load (local.get $a)))
  (func (export "plus_const") (param $a i32) (result i32)
    (drop (i32.load offset=16 (local.get $a)))
    (i32.add (i32.load (i32.add (local.get $a) (i32.const 8)))
             (i32.load offset=4 (i32.add (local.get $a) (i32.const 20)))))
  (func (export "minus_const") (param $a i32) (result i32)
    (drop (i32.load offset=12 (i32.sub (local.get $a) (i32.const 16))))
    (i32.load (i32.add (local.get $a) (i32.const -8)))))"""


@pytest.fixture
def exports(tier_engine):
    store = wasmic.Store(tier_engine)
    instance = wasmic.Instance(store, wasmic.Module(tier_engine, WAT), [])
    functions = instance.exports(store)
    return lambda name, *args: functions[name](store, *args)


@pytest.mark.parametrize("name, fine, trapping", [
    ("same_local", (PAGE - 104,), (PAGE - 103,)),  # the widest access comes last
    ("reassigned", (0, PAGE - 4), (0, PAGE - 3)),
    ("teed", (0, PAGE - 4), (0, PAGE - 2)),
    ("then_only", (PAGE - 8, 1), (PAGE - 3, 0)),  # the then branch not taken checks nothing
    ("else_after_then", (PAGE - 4, 0), (PAGE - 3, 0)),  # the then branch proves nothing for else
    ("assigned_in_if", (0, 0), (0, 1)),
    ("branched_over", (PAGE - 20, 0), (PAGE - 11, 1)),
    ("walk", (0, 4), (0, 5)),  # the fifth read is at 65536
    ("kept_across_if", (PAGE - 12, 1), (PAGE - 11, 1)),
    ("plus_const", (PAGE - 28,), (PAGE - 27,)),  # the last read, a + 24..28, is not covered
    ("minus_const", (16,), (15,)),  # a - 16 wraps around
])
def test_every_access_that_can_be_out_of_bounds_traps(exports, name, fine, trapping):
    assert exports(name, *fine) == 0
    with pytest.raises(wasmic.Trap, match=OOB):
        exports(name, *trapping)


def test_a_grown_memory_keeps_what_was_proven(exports):
    assert exports("after_grow", PAGE - 8) == 0
    assert exports("after_grow", PAGE - 8) == 0  # the memory grew between the two checks


def checks(source_text: str, function: int) -> int:
    """The bounds checks in the C of defined function ``function``."""
    body = source_text.split(f" wasm_f{function}(")[-1].split("\n}\n")[0]
    return body.count("> ms)) WASMIC_TRAP")


@pytest.mark.parametrize("function, expected", [
    (0, 2),  # offset=8, then offset=100 (4 and 0 are covered by 8)
    (1, 2), (2, 2),  # a new value of the local needs its own check
    (3, 2),  # after the if, only what held before it
    (4, 2),
    (5, 2),
    (6, 2),  # the block is branched to: the check inside covers nothing after it
    (7, 1),
    (8, 1),  # memory.grow never shrinks the memory
    (9, 1),  # the if assigns another local
    (10, 2),  # a + 8 is covered by a + 16 + 4, a + 20 + 8 is not
    (11, 1),  # a - 8 + 4 is covered by a - 16 + 16, even where a - 16 wraps around
])
def test_the_c_keeps_only_the_checks_needed(function, expected):
    module, _ = wasmic.load(WAT)
    assert checks(emit_module(module).files["module.c"], function) == expected
