"""Evaluating constant expressions: global initializers and segment offsets
and elements, at instantiation (``valid.const`` has checked them)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..backend.python.numeric import f32_from_bits, f64_from_bits
from ..errors import WasmError
from ..syntax.opcodes import OPS, Op


def evaluate(expr: Sequence[tuple], globals_: Sequence[Any], funcs: Sequence[Any]) -> Any:
    """The internal value of a (validated) constant expression; ``globals_``
    are the Global objects and ``funcs`` the Func objects of the instance.
    In WebAssembly 2.0 such an expression is one instruction, then ``end``."""
    instr = expr[0]
    op = instr[0]
    if op in (Op.I32_CONST, Op.I64_CONST, Op.V128_CONST):
        return instr[1]
    if op == Op.F32_CONST:
        return f32_from_bits(instr[1])
    if op == Op.F64_CONST:
        return f64_from_bits(instr[1])
    if op == Op.REF_NULL:
        return None
    if op == Op.REF_FUNC:
        return funcs[instr[1]]
    if op == Op.GLOBAL_GET:
        return globals_[instr[1]]._value
    raise WasmError(f"instruction {OPS[op].name} is not allowed in a constant expression")
