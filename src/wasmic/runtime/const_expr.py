"""Evaluating constant expressions: global initializers and segment offsets
and elements, at instantiation."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..backend.python.numeric import f32_from_bits, f64_from_bits
from ..errors import WasmError
from ..syntax.opcodes import OPS, Op

_ARITHMETIC = {
    Op.I32_ADD: (lambda a, b: a + b, 0xFFFFFFFF), Op.I32_SUB: (lambda a, b: a - b, 0xFFFFFFFF),
    Op.I32_MUL: (lambda a, b: a * b, 0xFFFFFFFF),
    Op.I64_ADD: (lambda a, b: a + b, 0xFFFFFFFFFFFFFFFF),
    Op.I64_SUB: (lambda a, b: a - b, 0xFFFFFFFFFFFFFFFF),
    Op.I64_MUL: (lambda a, b: a * b, 0xFFFFFFFFFFFFFFFF),
}


def evaluate(expr: Sequence[tuple], globals_: Sequence[Any], funcs: Sequence[Any]) -> Any:
    """The internal value of a (validated) constant expression; ``globals_``
    are the Global objects and ``funcs`` the Func objects of the instance."""
    stack: list[Any] = []
    for instr in expr:
        op = instr[0]
        if op in (Op.I32_CONST, Op.I64_CONST, Op.V128_CONST):
            stack.append(instr[1])
        elif op == Op.F32_CONST:
            stack.append(f32_from_bits(instr[1]))
        elif op == Op.F64_CONST:
            stack.append(f64_from_bits(instr[1]))
        elif op == Op.REF_NULL:
            stack.append(None)
        elif op == Op.REF_FUNC:
            stack.append(funcs[instr[1]])
        elif op == Op.GLOBAL_GET:
            stack.append(globals_[instr[1]]._value)
        elif op in _ARITHMETIC:
            compute, mask = _ARITHMETIC[op]
            right = stack.pop()
            stack.append(compute(stack.pop(), right) & mask)
        elif op == Op.END:
            break
        else:
            raise WasmError(f"instruction {OPS[op].name} is not allowed in a constant expression")
    return stack[-1]
