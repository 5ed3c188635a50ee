"""A module exporting one wrapper per numeric instruction, for the tests
that check every numeric instruction of a tier against an oracle.

Each wrapper takes and returns bit patterns (floats reinterpreted to and
from integers of their width), so results compare exactly whatever the
oracle does with NaN payloads on the way in or out.
"""

from __future__ import annotations

from wasmic.syntax.opcodes import OPS
from wasmic.syntax.types import F32, F64, I32, I64

INT_FORM = {I32: "i32", I64: "i64", F32: "i32", F64: "i64"}
"""The integer type carrying each numeric type's bits across the wrapper."""

_TO_FLOAT = {F32: "f32.reinterpret_i32", F64: "f64.reinterpret_i64"}
_FROM_FLOAT = {F32: "i32.reinterpret_f32", F64: "i64.reinterpret_f64"}

NUMERIC = [info for info in OPS.values()
           if info.imm == "none" and info.params and info.results
           and all(t in INT_FORM for t in info.params + info.results)]
"""Every numeric instruction with operands and a result (no constants)."""


def _wrapper(info) -> str:
    params = " ".join(INT_FORM[t] for t in info.params)
    body = []
    for i, t in enumerate(info.params):
        body.append(f"local.get {i}")
        if t in _TO_FLOAT:
            body.append(_TO_FLOAT[t])
    body.append(info.name)
    result = info.results[0]
    if result in _FROM_FLOAT:
        body.append(_FROM_FLOAT[result])
    return (f'(func (export "{info.name}") (param {params}) (result {INT_FORM[result]}) '
            f'{" ".join(body)})')


def wrapper_module(infos) -> str:
    """WAT of a module exporting, under each instruction's name, its wrapper."""
    return "(module\n" + "\n".join(_wrapper(info) for info in infos) + "\n)"
