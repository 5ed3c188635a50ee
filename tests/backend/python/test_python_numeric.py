"""Every numeric instruction of the python tier at edge values, against
wasmtime as the oracle.

One module exports a wrapper per instruction taking and returning bit
patterns (floats reinterpreted), so results compare exactly.  Where the
spec leaves NaN bits open (arithmetic on NaNs), a NaN result must be a NaN
with the quiet bit set, and the canonical NaN when every NaN input is
canonical; everywhere else results must be bit-identical.  Traps must have
the same trap code.
"""

from __future__ import annotations

import itertools

import pytest
import wasmtime
from numeric_wrappers import INT_FORM, wrapper_module
from numeric_wrappers import NUMERIC as ALL_NUMERIC

from wasmic.runtime import Instance, Module, Store, Trap
from wasmic.syntax.types import F32, F64, I32, I64

NUMERIC = [info for info in ALL_NUMERIC if "reinterpret" not in info.name]

WAT = wrapper_module(NUMERIC)

EDGES = {
    I32: [0, 1, 2, 5, 31, 32, 33, 0x7FFFFFFF, 0x80000000, 0x80000001, 0xFFFFFFFF, 0xFFFFFFFE,
          0x12345678, 0xDEADBEEF, 0x00010000],
    I64: [0, 1, 2, 5, 63, 64, 65, 0x7FFFFFFFFFFFFFFF, 0x8000000000000000, 0x8000000000000001,
          0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFE, 0x123456789ABCDEF0, 0xFFFFFFFF, 0x100000000,
          0x0020000000000001],
    F32: [0x00000000, 0x80000000, 0x3F800000, 0xBF800000, 0x7F800000, 0xFF800000, 0x7FC00000,
          0xFFC00000, 0x7FA00001, 0xFFC12345, 0x00000001, 0x807FFFFF, 0x7F7FFFFF, 0x4F000000,
          0xCF000000, 0x4F800000, 0x3F000000, 0x3FC00000, 0x40200000, 0xBFC00000, 0x5F000000,
          0xDF000000, 0x5F800000, 0x4B800001, 0xCF000001, 0x34000000],
    F64: [0x0000000000000000, 0x8000000000000000, 0x3FF0000000000000, 0xBFF0000000000000,
          0x7FF0000000000000, 0xFFF0000000000000, 0x7FF8000000000000, 0xFFF8000000000000,
          0x7FF4000000000001, 0x7FF8000000012345, 0x0000000000000001, 0x7FEFFFFFFFFFFFFF,
          0x41E0000000000000, 0xC1E0000000000000, 0x41DFFFFFFFC00000, 0xC1E0000000200000,
          0x41F0000000000000, 0x43E0000000000000, 0xC3E0000000000000, 0x43F0000000000000,
          0x3FE0000000000000, 0x3FF8000000000000, 0x4004000000000000, 0xC004000000000000,
          0x36A0000000000000, 0x3810000000000000, 0x47EFFFFFE0000000, 0x47EFFFFFF0000000],
}

# Instructions whose NaN results carry exact bits (sign and payload operations).
_BITWISE = {"abs", "neg", "copysign"}


def _is_nan(bits: int, vtype) -> bool:
    if vtype == F32:
        return bits & 0x7F800000 == 0x7F800000 and bits & 0x7FFFFF != 0
    return bits & 0x7FF0000000000000 == 0x7FF0000000000000 and bits & 0xFFFFFFFFFFFFF != 0


def _canonical(bits: int, vtype) -> bool:
    return bits & (0x7FFFFFFF if vtype == F32 else 0x7FFFFFFFFFFFFFFF) == \
        (0x7FC00000 if vtype == F32 else 0x7FF8000000000000)


def _quiet(bits: int, vtype) -> bool:
    return bool(bits & (0x400000 if vtype == F32 else 0x8000000000000))


def _unsigned(value: int, vtype) -> int:
    return value & ((1 << (32 if INT_FORM[vtype] == "i32" else 64)) - 1)


@pytest.fixture(scope="module")
def ours():
    store = Store()
    exports = Instance(store, Module(store.engine, WAT), []).exports(store)
    return store, exports


@pytest.fixture(scope="module")
def oracle():
    store = wasmtime.Store()
    exports = wasmtime.Instance(store, wasmtime.Module(store.engine, WAT), []).exports(store)
    return store, exports


def _run(store, func, args):
    try:
        return "ok", func(store, *args)
    except (Trap, wasmtime.Trap) as trap:
        return "trap", trap.trap_code.name


def _agree(info, args, got, want) -> bool:
    if got[0] != want[0]:
        return False
    if got[0] == "trap":
        return got[1] == want[1]
    result = info.results[0]
    mine, theirs = _unsigned(got[1], result), _unsigned(want[1], result)
    if mine == theirs:
        return True
    if result in (F32, F64) and _is_nan(theirs, result) and info.name[4:] not in _BITWISE:
        nan_args = [a for a, t in zip(args, info.params, strict=True) if t in (F32, F64)
                    and _is_nan(a, t)]
        if not _is_nan(mine, result) or not _quiet(mine, result):
            return False
        return not all(_canonical(a, t) for a, t in zip(nan_args, info.params, strict=False)) \
            or _canonical(mine, result)
    return False


@pytest.mark.parametrize("info", NUMERIC, ids=[info.name for info in NUMERIC])
def test_instruction_matches_wasmtime(info, ours, oracle):
    our_store, our_exports = ours
    their_store, their_exports = oracle
    mine, theirs = our_exports[info.name], their_exports[info.name]
    mismatches = []
    for args in itertools.product(*(EDGES[t] for t in info.params)):
        signed = [a - (1 << 32) if INT_FORM[t] == "i32" and a >= 1 << 31 else
                  a - (1 << 64) if INT_FORM[t] == "i64" and a >= 1 << 63 else a
                  for a, t in zip(args, info.params, strict=True)]
        got, want = _run(our_store, mine, signed), _run(their_store, theirs, signed)
        if not _agree(info, args, got, want):
            mismatches.append(f"{info.name}{tuple(hex(a) for a in args)}: got {got}, want {want}")
    assert not mismatches, "\n".join(mismatches[:20])


_WIDTH = {I32: 32, I64: 64, F32: 32, F64: 64}


@pytest.mark.parametrize("info", NUMERIC, ids=[info.name for info in NUMERIC])
def test_instruction_matches_wasmtime_on_random_bits(info, ours, oracle):
    """Random bit patterns (a fixed seed, so reruns are reproducible)."""
    import random

    rng = random.Random(info.name)
    our_store, our_exports = ours
    their_store, their_exports = oracle
    mismatches = []
    for _ in range(40):
        args = [rng.getrandbits(_WIDTH[t]) for t in info.params]
        signed = [a - (1 << _WIDTH[t]) if a >> (_WIDTH[t] - 1) else a
                  for a, t in zip(args, info.params, strict=True)]
        got = _run(our_store, our_exports[info.name], signed)
        want = _run(their_store, their_exports[info.name], signed)
        if not _agree(info, args, got, want):
            mismatches.append(f"{info.name}{tuple(hex(a) for a in args)}: got {got}, want {want}")
    assert not mismatches, "\n".join(mismatches[:20])
