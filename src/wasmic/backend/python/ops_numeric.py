"""Templates of the numeric instructions: constants, integer and float
arithmetic, comparisons and conversions (see ``templates``).

Every f32 result is rounded to single precision with ``_r32``; float NaNs
and the helpers that keep their bits exact are in ``numeric``.
"""

from __future__ import annotations

from ...syntax.opcodes import OPS, Op
from ...syntax.types import F32, F64, I32, I64, ValueType
from .expr import Expr, combine, constant
from .numeric import f32_from_bits, f64_from_bits
from .templates import (BITS, COMPARE, SIGN, exact_expr, op_types, operand, param_type,
                        registrar, signed)

NUMERIC: dict = {}
op = registrar(NUMERIC)


# -- constants ------------------------------------------------------------------

@op("i32.const", "i64.const")
def _int_const(gen, ins, args):
    value = ins.imm[0]
    return constant(str(value) if value < 1 << 16 else hex(value), "int", value)


@op("f32.const", "f64.const")
def _float_const(gen, ins, args):
    bits = ins.imm[0]
    value = f32_from_bits(bits) if ins.op == Op.F32_CONST else f64_from_bits(bits)
    return float_constant(gen, value)


def float_constant(gen, value: float) -> Expr:
    """A float constant: a literal when ``repr`` round-trips it, else a bound name."""
    if value == value and value not in (float("inf"), float("-inf")):
        text = repr(value)
        return Expr(text, "float", True, not text.startswith("-"), const=value)
    return constant(gen.env.constant(value), "float", value)


# -- integer arithmetic ---------------------------------------------------------------

def _binary(template: str, *, exact: bool = False):
    """An unmasked integer binary operator; ``exact``: operands must be exact values."""
    def emit(gen, ins, args):
        vtype = param_type(ins)
        a, b = args
        left = operand(gen, a, vtype) if exact else a.paren()
        right = operand(gen, b, vtype) if exact else b.paren()
        return combine(template.format(a=left, b=right), args, masked=False)
    return emit


NUMERIC.update({
    Op.I32_ADD: _binary("{a} + {b}"), Op.I64_ADD: _binary("{a} + {b}"),
    Op.I32_SUB: _binary("{a} - {b}"), Op.I64_SUB: _binary("{a} - {b}"),
    Op.I32_MUL: _binary("{a} * {b}", exact=True), Op.I64_MUL: _binary("{a} * {b}", exact=True),
})


@op("i32.and", "i64.and", "i32.or", "i64.or", "i32.xor", "i64.xor")
def _bitwise(gen, ins, args):
    a, b = args
    symbol = {"and": "&", "or": "|", "xor": "^"}[OPS[ins.op].name[4:]]
    if a.kind == "bool" and b.kind == "bool":
        return combine(f"{a.paren()} {symbol} {b.paren()}", args, kind="bool")
    # "&" with a value in range is in range; "|" and "^" need both.
    masked = a.masked or b.masked if symbol == "&" else a.masked and b.masked
    return combine(f"{a.paren()} {symbol} {b.paren()}", args, masked=masked)


def _shift_count(gen, expr: Expr, vtype: ValueType) -> str:
    bits = BITS[vtype]
    if expr.const is not None:
        return str(expr.const % bits)
    return f"({expr.paren()} & {bits - 1})"


@op("i32.shl", "i64.shl")
def _shl(gen, ins, args):
    vtype = param_type(ins)
    a, b = args
    return combine(f"{a.paren()} << {_shift_count(gen, b, vtype)}", args, masked=False)


@op("i32.shr_u", "i64.shr_u")
def _shr_u(gen, ins, args):
    vtype = param_type(ins)
    a, b = args
    return combine(f"{operand(gen, a, vtype)} >> {_shift_count(gen, b, vtype)}", args)


@op("i32.shr_s", "i64.shr_s")
def _shr_s(gen, ins, args):
    vtype = param_type(ins)
    a, b = args
    return combine(f"({signed(gen, a, vtype)}) >> {_shift_count(gen, b, vtype)}", args,
                   masked=False)


@op("i32.rotl", "i64.rotl", "i32.rotr", "i64.rotr")
def _rotate(gen, ins, args):
    vtype = param_type(ins)
    a, b = args
    bits = BITS[vtype]
    helper = "_rotl" if OPS[ins.op].name.endswith("rotl") else "_rotr"
    return combine(f"{helper}({gen.exact(a, vtype)}, {_shift_count(gen, b, vtype)}, {bits})",
                   args, atom=True)


@op("i32.div_u", "i64.div_u", "i32.rem_u", "i64.rem_u")
def _div_u(gen, ins, args):
    vtype = param_type(ins)
    a, b = args
    divide = OPS[ins.op].name.endswith("div_u")
    if b.const:  # a non-zero constant divisor cannot trap
        return combine(f"{operand(gen, a, vtype)} {'//' if divide else '%'} {b.const}", args)
    helper = "_div_u" if divide else "_rem_u"
    return combine(f"{helper}({gen.exact(a, vtype)}, {gen.exact(b, vtype)})", args,
                   atom=True, effect=True)


@op("i32.div_s", "i64.div_s", "i32.rem_s", "i64.rem_s")
def _div_s(gen, ins, args):
    vtype = param_type(ins)
    helper = "_" + OPS[ins.op].name.replace(".", "_")
    a, b = args
    return combine(f"{helper}({gen.exact(a, vtype)}, {gen.exact(b, vtype)})", args,
                   atom=True, effect=True)


@op("i32.clz", "i64.clz")
def _clz(gen, ins, args):
    vtype = param_type(ins)
    return combine(f"{BITS[vtype]} - {_receiver(gen, args[0], vtype)}.bit_length()", args)


@op("i32.ctz", "i64.ctz")
def _ctz(gen, ins, args):
    vtype = param_type(ins)
    return combine(f"_ctz({gen.exact(args[0], vtype)}, {BITS[vtype]})", args, atom=True)


@op("i32.popcnt", "i64.popcnt")
def _popcnt(gen, ins, args):
    vtype = param_type(ins)
    return combine(f"{_receiver(gen, args[0], vtype)}.bit_count()", args, atom=True)


def _receiver(gen, expr: Expr, vtype: ValueType) -> str:
    """An exact operand whose method is called (a literal needs parentheses)."""
    text = operand(gen, expr, vtype)
    return f"({text})" if text[0].isdigit() else text


@op("i32.eqz", "i64.eqz")
def _eqz(gen, ins, args):
    vtype = param_type(ins)
    a = args[0]
    text = a.paren() if a.kind == "bool" else operand(gen, a, vtype)
    return combine(f"not {text}", args, kind="bool")


@op(*(f"{t}.{c}" for t in ("i32", "i64") for c in
       ("eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u")))
def _int_compare(gen, ins, args):
    vtype = param_type(ins)
    a, b = args
    name = OPS[ins.op].name[4:]
    symbol = COMPARE[name[:2]]
    if name.endswith("_s"):
        left, right = (_flip(gen, x, vtype) for x in args)
    else:
        left, right = operand(gen, a, vtype), operand(gen, b, vtype)
    return combine(f"{left} {symbol} {right}", args, kind="bool")


def _flip(gen, expr: Expr, vtype: ValueType) -> str:
    """The value with its sign bit flipped: signed order becomes unsigned order."""
    if expr.const is not None:
        return str(expr.const ^ (1 << (BITS[vtype] - 1)))
    return f"({operand(gen, expr, vtype)} ^ {SIGN[vtype]})"


@op("i32.extend8_s", "i32.extend16_s", "i64.extend8_s", "i64.extend16_s", "i64.extend32_s")
def _extend_s(gen, ins, args):
    width = int(OPS[ins.op].name.split("extend")[1][:-2])
    sign = 1 << (width - 1)
    return combine(f"({args[0].paren()} & {hex((1 << width) - 1)} ^ {hex(sign)}) - {hex(sign)}",
                   args, masked=False)


@op("i32.wrap_i64")
def _wrap(gen, ins, args):
    return combine(f"{args[0].paren()} & 0xFFFFFFFF", args)


@op("i64.extend_i32_s")
def _extend_i32_s(gen, ins, args):
    return combine(signed(gen, args[0], I32), args, masked=False)


@op("i64.extend_i32_u")
def _extend_i32_u(gen, ins, args):
    return exact_expr(gen, args[0], I32)


# -- floats -----------------------------------------------------------------------

def _f32(text: str, args, vtype: ValueType, **flags) -> Expr:
    """A float result, rounded to single precision for f32."""
    if vtype == F32:
        return combine(f"_r32({text})", args, kind="float", atom=True, **flags)
    return combine(text, args, kind="float", **flags)


@op("f32.add", "f64.add", "f32.sub", "f64.sub", "f32.mul", "f64.mul")
def _float_arith(gen, ins, args):
    vtype = param_type(ins)
    symbol = {"add": "+", "sub": "-", "mul": "*"}[OPS[ins.op].name[4:]]
    a, b = args
    return _f32(f"{a.paren()} {symbol} {b.paren()}", args, vtype)


@op("f32.div", "f64.div")
def _float_div(gen, ins, args):
    vtype = param_type(ins)
    a, b = args
    if b.const is not None and b.const == b.const and b.const != 0.0:
        return _f32(f"{a.paren()} / {b.paren()}", args, vtype)
    return _f32(f"_fdiv({a.text}, {b.text})", args, vtype)


_FLOAT_CALLS = {"min": "_fmin", "max": "_fmax", "copysign": "_copysign", "sqrt": "_fsqrt",
                "ceil": "_fceil", "floor": "_ffloor", "trunc": "_ftrunc",
                "nearest": "_fnearest", "abs": "abs"}


@op(*(f"{t}.{n}" for t in ("f32", "f64") for n in _FLOAT_CALLS))
def _float_call(gen, ins, args):
    vtype = param_type(ins)
    name = OPS[ins.op].name[4:]
    text = f"{_FLOAT_CALLS[name]}({', '.join(a.text for a in args)})"
    if name == "sqrt":
        return _f32(text, args, vtype)
    return combine(text, args, kind="float", atom=True)  # exact in both widths


@op("f32.neg", "f64.neg")
def _float_neg(gen, ins, args):
    return combine(f"-{args[0].paren()}", args, kind="float")


@op(*(f"{t}.{c}" for t in ("f32", "f64") for c in COMPARE))
def _float_compare(gen, ins, args):
    a, b = args
    symbol = COMPARE[OPS[ins.op].name[4:]]
    return combine(f"{a.paren()} {symbol} {b.paren()}", args, kind="bool")


# -- conversions ------------------------------------------------------------------

@op(*(f"i{w}.trunc{sat}_f{f}_{s}" for w in (32, 64) for sat in ("", "_sat")
       for f in (32, 64) for s in "su"))
def _truncate(gen, ins, args):
    name = OPS[ins.op].name
    width, signed = name[1:3], name[-1]
    helper = f"_i{width}_trunc{'_sat' if '_sat' in name else ''}_{signed}"
    return combine(f"{helper}({args[0].text})", args, atom=True, effect="_sat" not in name)


@op("f32.convert_i32_s", "f32.convert_i32_u", "f64.convert_i32_s", "f64.convert_i32_u",
     "f32.convert_i64_s", "f32.convert_i64_u", "f64.convert_i64_s", "f64.convert_i64_u")
def _convert(gen, ins, args):
    (source, *_), (target, *_) = op_types(ins)
    value = signed(gen, args[0], source) if ins.op in _SIGNED_CONVERT else \
        gen.exact(args[0], source)
    if target == F64:
        return combine(f"float({value})", args, kind="float", atom=True)
    helper = "_f32_from_int" if source == I64 else "_r32"
    inner = value if source == I64 else f"float({value})"
    return combine(f"{helper}({inner})", args, kind="float", atom=True)


_SIGNED_CONVERT = {Op.F32_CONVERT_I32_S, Op.F64_CONVERT_I32_S, Op.F32_CONVERT_I64_S,
                   Op.F64_CONVERT_I64_S}


@op("f32.demote_f64")
def _demote(gen, ins, args):
    return combine(f"_r32({args[0].text})", args, kind="float", atom=True)


@op("f64.promote_f32")
def _promote(gen, ins, args):
    # Exact for every value; quiets a signalling NaN, as promotion must.
    return combine(f"{args[0].paren()} * 1.0", args, kind="float")


_REINTERPRET = {"i32.reinterpret_f32": ("_f32_bits", "int"), "f32.reinterpret_i32": ("_f32_from_bits", "float"),
                "i64.reinterpret_f64": ("_f64_bits", "int"), "f64.reinterpret_i64": ("_f64_from_bits", "float")}


@op(*_REINTERPRET)
def _reinterpret(gen, ins, args):
    helper, kind = _REINTERPRET[OPS[ins.op].name]
    (source, *_), _ = op_types(ins)
    operand = gen.exact(args[0], source) if source in BITS else args[0].text
    return combine(f"{helper}({operand})", args, kind=kind, atom=True)
