"""Big functions (``big_functions``): files of their own compiled with less
optimization at the default level, still computing and trapping right,
and a cache key that says so.  The threshold is lowered so that a small
synthetic module has a "big" function (no real big module is compiled)."""

from __future__ import annotations

import re

import pytest

import wasmic
from wasmic.backend.native import compile_pool, compiler, toolchain
from wasmic.backend.native.big_functions import BIG_FUNCTION, BigFunctions
from wasmic.backend.native.emit_module import emit_module
from wasmic.runtime.trap import Trap, TrapCode

THRESHOLD = 25

# $mix has well over THRESHOLD instructions (a loop over memory, i64
# arithmetic, a call); $small has a handful.
WAT = """(module
  (memory (export "memory") 1)
  (func $small (export "small") (param i32) (result i32) local.get 0 i32.const 3 i32.mul)
  (func $mix (export "mix") (param $n i32) (result i64)
    (local $i i32) (local $acc i64)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store (i32.shl (local.get $i) (i32.const 2))
                   (i32.add (call $small (local.get $i)) (i32.const 7)))
        (local.set $acc
          (i64.add
            (i64.mul (local.get $acc) (i64.const 1099511628211))
            (i64.extend_i32_u (i32.load (i32.shl (local.get $i) (i32.const 2))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i64.xor (local.get $acc) (i64.load offset=4 (i32.const 0))))
  (func (export "load_at") (param i32) (result i32)
    (i32.add (i32.load offset=8 (local.get 0)) (i32.load offset=4 (local.get 0)))
    (i32.add (i32.load offset=12 (local.get 0)) (i32.load (local.get 0)))
    i32.add
    (i32.add (i32.load offset=16 (local.get 0)) (i32.load offset=20 (local.get 0)))
    i32.add
    (i32.add (i32.load offset=24 (local.get 0)) (i32.load offset=28 (local.get 0)))
    i32.add
    (i32.add (i32.load offset=32 (local.get 0)) (i32.load offset=36 (local.get 0)))
    i32.add))"""


def expected_mix(n: int) -> int:
    """What $mix computes on a fresh memory, in Python."""
    words = [3 * i + 7 for i in range(n)] + [0, 0, 0]
    acc = 0
    for word in words[:n]:
        acc = (acc * 1099511628211 + word) % 2**64
    result = acc ^ (words[1] | words[2] << 32)
    return result - 2**64 if result >= 2**63 else result


def defined(c_source: str) -> set[str]:
    """The functions a C file defines."""
    return set(re.findall(r"^\S.* (wasm_f\d+)\(.*\) \{$", c_source, re.MULTILINE))


def test_big_functions_go_into_files_of_their_own():
    module, _ = wasmic.load(WAT)
    source = emit_module(module, big_function=THRESHOLD)
    assert source.big_units == {"big_0.c"}
    assert set(source.units) == {"funcs_0.c", "big_0.c", "glue.c"}
    assert defined(source.files["big_0.c"]) == {"wasm_f1", "wasm_f2"}
    assert defined(source.files["funcs_0.c"]) == {"wasm_f0"}
    assert emit_module(module).units == ["module.c"]  # no threshold: one file, as before


def test_big_functions_are_compiled_with_less_optimization_and_compute_right(native, tmp_path, monkeypatch):
    native.types()
    module, _ = wasmic.load(WAT)
    commands = []
    run = compile_pool.run_compiler
    monkeypatch.setattr(compile_pool, "run_compiler", lambda cc, args: (commands.append(list(args)), run(cc, args)))
    compiled = compiler.compile_module(module, cache_dir=tmp_path, big_function=THRESHOLD)
    big_flags = list(BigFunctions.policy(toolchain.find_compiler(), 2, False).flags)
    by_unit = {next(a for a in args if a.endswith(".c")).rsplit("/", 1)[-1]: args
               for args in commands if "-c" in args}
    assert set(by_unit) == {"funcs_0.c", "big_0.c", "glue.c"}
    assert by_unit["big_0.c"][-len(big_flags) - 4:-4] == big_flags and "-O1" in big_flags
    assert "-O1" not in by_unit["funcs_0.c"] and "-O2" in by_unit["funcs_0.c"]
    exports = compiled.instantiate().exports
    for n in (0, 1, 5, 300):  # growing: each call overwrites what the last one stored
        assert exports["mix"](n) == expected_mix(n)
    memoryview(exports["memory"])[0:40] = b"".join(i.to_bytes(4, "little") for i in range(10))
    assert exports["load_at"](0) == sum(range(10))
    with pytest.raises(Trap) as trap:
        exports["load_at"](65536 - 36)  # the first loads fit, offset=36 does not
    assert trap.value.trap_code == TrapCode.MEMORY_OUT_OF_BOUNDS


def test_the_cache_key_names_the_policy(native, tmp_path):
    native.types()
    module, _ = wasmic.load(WAT)
    default = compiler.compile_module(module, cache_dir=tmp_path)
    lowered = compiler.compile_module(module, cache_dir=tmp_path, big_function=THRESHOLD)
    assert default.key != lowered.key
    assert default.instantiate().exports["mix"](9) == lowered.instantiate().exports["mix"](9) == expected_mix(9)


@pytest.mark.parametrize("opt_level, sanitize", [(0, False), (3, False), (2, True)])
def test_only_the_default_level_treats_big_functions_apart(opt_level, sanitize):
    policy = BigFunctions.policy(toolchain.find_compiler(), opt_level, sanitize, THRESHOLD)
    assert policy.flags == () and policy.limit is None and policy.key() == "big functions: none"
    default = BigFunctions.policy(toolchain.find_compiler(), 2, False)
    assert default.limit == BIG_FUNCTION and str(BIG_FUNCTION) in default.key()
