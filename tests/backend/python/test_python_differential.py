"""Differential testing: random valid modules from ``wasm-tools smith`` run
on the python tier and on wasmtime must give the same results, traps,
globals, memories and table sizes.

Every export is called once with edge-case arguments; smith's
``--ensure-termination`` bounds loops, ``--canonicalize-nans`` removes the
NaN bits the spec leaves open.  A few modules run by default, many with
``--runslow``.
"""

from __future__ import annotations

import random
import shutil
import struct
import subprocess

import pytest

from wasmic.runtime import Global, Instance, Memory, Module, Store, Table, Trap

import wasmtime

SMITH = ["wasm-tools", "smith", "--ensure-termination", "--max-imports", "0",
         "--simd-enabled", "false", "--gc-enabled", "false", "--exceptions-enabled", "false",
         "--tail-call-enabled", "false", "--threads-enabled", "false",
         "--memory64-enabled", "false", "--max-memories", "1", "--export-everything", "true",
         "--canonicalize-nans", "true", "--custom-page-sizes-enabled", "false",
         "--wide-arithmetic-enabled", "false", "--relaxed-simd-enabled", "false",
         "--extended-const-enabled", "false", "--max-memory32-bytes", "1048576",
         "--max-table-elements", "1000", "--shared-everything-threads-enabled", "false",
         "--custom-descriptors-enabled", "false"]

_ARGS = {
    "i32": [0, 1, -1, 7, 2**31 - 1, -2**31],
    "i64": [0, 1, -1, 2**63 - 1, -2**63, 12345678901],
    "f32": [0.0, -0.0, 1.5, -2.25, 1e30],
    "f64": [0.0, -0.0, 1.5, -2.25, 1e300],
}


def _smith(seed: int) -> bytes:
    rng = random.Random(seed)
    raw = bytes(rng.getrandbits(8) for _ in range(rng.randrange(500, 20000)))
    return subprocess.run(SMITH, input=raw, capture_output=True, check=False).stdout


def _calls(binary: bytes, seed: int) -> list[tuple[str, list]]:
    """One call per exported function whose parameters can be made up."""
    rng = random.Random(seed)
    module = wasmtime.Module(wasmtime.Engine(), binary)
    calls = []
    for export in module.exports:
        if isinstance(export.type, wasmtime.FuncType):
            kinds = [str(p) for p in export.type.params]
            if all(k in _ARGS or k in ("funcref", "externref") for k in kinds):
                calls.append((export.name, [rng.choice(_ARGS[k]) if k in _ARGS else None
                                            for k in kinds]))
    return calls


def _plain(value):
    """A result in a comparable form (floats by bits, functions by kind)."""
    if isinstance(value, wasmtime.Val):  # wasmtime-py wraps null references
        value = value.value
    if isinstance(value, float):
        return "nan" if value != value else struct.pack("<d", value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if value is not None and not isinstance(value, int):
        return "func"
    return value


def _observe(store, exports, calls, trap_type, kinds) -> list:
    seen = []
    for name, args in calls:
        try:
            seen.append(("ok", _plain(exports[name](store, *args))))
        except trap_type as trap:
            seen.append(("trap", trap.trap_code.name if trap.trap_code else None))
    global_, memory, table = kinds
    for name in exports:
        item = exports[name]
        if isinstance(item, global_):
            seen.append(("global", name, _plain(item.value(store))))
        elif isinstance(item, memory):
            seen.append(("memory", name, bytes(item.read(store, 0, item.data_len(store)))))
        elif isinstance(item, table):
            seen.append(("table", name, item.size(store)))
    return seen


def _on_wasmtime(binary: bytes, calls) -> list:
    store = wasmtime.Store()
    try:
        instance = wasmtime.Instance(store, wasmtime.Module(store.engine, binary), [])
    except wasmtime.Trap as trap:
        return [("instantiation trap", trap.trap_code.name if trap.trap_code else None)]
    return _observe(store, instance.exports(store), calls, wasmtime.Trap,
                    (wasmtime.Global, wasmtime.Memory, wasmtime.Table))


def _on_wasmic(binary: bytes, calls) -> list:
    store = Store()
    try:
        instance = Instance(store, Module(store.engine, binary), [])
    except Trap as trap:
        return [("instantiation trap", trap.trap_code.name if trap.trap_code else None)]
    return _observe(store, instance.exports(store), calls, Trap, (Global, Memory, Table))


def _check(seeds) -> None:
    if shutil.which("wasm-tools") is None:
        pytest.fail("wasm-tools is not installed (pip install '.[test]')")
    mismatches = []
    for seed in seeds:
        binary = _smith(seed)
        if not binary:
            continue
        calls = _calls(binary, seed)
        want, got = _on_wasmtime(binary, calls), _on_wasmic(binary, calls)
        if got != want:
            first = next((g, w) for g, w in zip(got + [None], want + [None], strict=False) if g != w)
            mismatches.append(f"seed {seed}: got {str(first[0])[:200]}, want {str(first[1])[:200]}")
    assert not mismatches, "\n".join(mismatches)


def test_random_modules_agree_with_wasmtime():
    _check(range(25))


@pytest.mark.slow
def test_many_random_modules_agree_with_wasmtime():
    _check(range(100, 1100))
