"""Constant expressions: global initialisers, element items, segment offsets.

In Wasm 2.0 a constant expression may only use ``*.const``, ``ref.null``,
``ref.func`` and ``global.get`` of an imported immutable global, and must
leave exactly one value of the expected type.
"""

from __future__ import annotations

from ..errors import ValidationError
from ..syntax.module import Expr
from ..syntax.opcodes import Op
from ..syntax.types import F32, F64, FUNCREF, I32, I64, V128, ValueType
from .context import Context

_CONST_TYPES = {Op.I32_CONST: I32, Op.I64_CONST: I64, Op.F32_CONST: F32, Op.F64_CONST: F64,
                Op.V128_CONST: V128}


def check_const_expr(ctx: Context, expr: Expr, expected: ValueType, where: str) -> None:
    """Check ``expr`` is constant and yields one ``expected``; errors name ``where``."""
    stack: list[ValueType] = []
    for pos, ins in enumerate(expr):
        op = ins[0]
        if op in _CONST_TYPES:
            stack.append(_CONST_TYPES[op])
        elif op == Op.REF_NULL:
            stack.append(ins[1])
        elif op == Op.REF_FUNC:
            if not 0 <= ins[1] < len(ctx.funcs):
                raise ValidationError(f"unknown function {ins[1]} in {where}")
            stack.append(FUNCREF)
        elif op == Op.GLOBAL_GET:
            index = ins[1]
            # Only imported globals are visible to constant expressions in 2.0.
            if not 0 <= index < ctx.imported_globals:
                raise ValidationError(f"unknown global {index} in {where}")
            if ctx.global_mutable[index]:
                raise ValidationError(
                    f"constant expression required: global {index} is mutable ({where})")
            stack.append(ctx.global_types[index])
        elif op == Op.END and pos == len(expr) - 1:
            break
        else:
            raise ValidationError(f"constant expression required in {where}")
    else:
        raise ValidationError(f"constant expression without end in {where}")
    if len(stack) != 1 or stack[0] is not expected:
        found = " ".join(map(str, stack)) or "nothing"
        raise ValidationError(f"type mismatch in {where}: expected {expected}, found {found}")


def referenced_funcs(expr: Expr) -> list[int]:
    """The function indices ``ref.func`` names in a constant expression."""
    return [ins[1] for ins in expr if ins[0] == Op.REF_FUNC]
