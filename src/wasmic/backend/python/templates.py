"""Helpers shared by the instruction templates (``ops_*``): registering a
template under instruction names, and writing operands.

A template is ``(compiler, ins, args) -> Expr | None``: ``args`` are the
consumed operands (bottom of the stack first); a returned ``Expr`` is the
pushed result, and templates that emit statements do so through the
compiler.  Integers are unsigned ints; results of ``+ - * <<`` and sign
extensions are left unmasked (``masked=False``) and masked only where the
exact value matters.
"""

from __future__ import annotations

from collections.abc import Callable

from ...syntax.opcodes import OPS
from ...syntax.types import I32, I64, ValueType
from .expr import Expr, combine
from .function import MASK, FunctionCompiler

BITS = {I32: 32, I64: 64}
SIGN = {I32: "0x80000000", I64: "0x8000000000000000"}
COMPARE = {"eq": "==", "ne": "!=", "lt": "<", "gt": ">", "le": "<=", "ge": ">="}

OP_BY_NAME = {info.name: code for code, info in OPS.items() if info.imm != "select_t"}
"""Op id by mnemonic (``select`` is the untyped form)."""


def registrar(table: dict) -> Callable:
    """A decorator registering a template in ``table`` under instruction names."""
    def op(*names: str) -> Callable:
        def register(template: Callable) -> Callable:
            for name in names:
                table[OP_BY_NAME[name]] = template
            return template
        return register
    return op


def op_types(ins) -> tuple:
    """(parameter types, result types) of an instruction with a fixed signature."""
    info = OPS[ins.op]
    return info.params, info.results


def param_type(ins) -> ValueType:
    """The type of an instruction's first operand."""
    return OPS[ins.op].params[0]


def is_simple(expr: Expr) -> bool:
    """A variable or a constant: may be written twice in one expression."""
    return expr.const is not None or (expr.atom and expr.reads == frozenset((expr.text,)))


def operand(gen: FunctionCompiler, expr: Expr, vtype: ValueType) -> str:
    """An exact operand, parenthesized as needed."""
    text = gen.exact(expr, vtype)
    return text if text == expr.text and expr.atom else f"({text})"


def operand_any(gen: FunctionCompiler, expr: Expr, vtype: ValueType) -> str:
    """An operand of any type: exact if an integer, parenthesized as needed."""
    return operand(gen, expr, vtype) if vtype in MASK else expr.paren()


def signed(gen: FunctionCompiler, expr: Expr, vtype: ValueType) -> str:
    """Text of the signed value of an integer operand."""
    if expr.const is not None:
        value = expr.const
        return str(value - (1 << BITS[vtype]) if value >> (BITS[vtype] - 1) else value)
    return f"(({gen.exact(expr, vtype)}) ^ {SIGN[vtype]}) - {SIGN[vtype]}"


def exact_expr(gen: FunctionCompiler, expr: Expr, vtype: ValueType) -> Expr:
    """``expr`` as an exact value, keeping its effects."""
    text = gen.exact(expr, vtype)
    if text == expr.text:
        return expr if expr.kind != "bool" else combine(text, [expr])
    return combine(text, [expr])


def texts(gen: FunctionCompiler, args, types) -> str:
    """Call arguments: integers exact, references as they are (type None)."""
    return ", ".join(gen.exact(a, t) if t in MASK else a.text for a, t in zip(args, types))
