"""What each non-control instruction becomes in Python.

``INSTRUCTIONS`` maps an op id to a template ``(compiler, ins, args) ->
Expr | None``: ``args`` are the consumed operands (bottom of the stack
first); a returned ``Expr`` is the pushed result, and templates that emit
statements do so through the compiler.  The names the text refers to are
bound in the generated module's namespace (see ``support`` and ``module``).

Integers are unsigned ints; results of ``+ - * <<`` and sign extensions are
left unmasked (``masked=False``) and masked only where the exact value
matters.  Every f32 result is rounded to single precision with ``_r32``.
"""

from __future__ import annotations

from ...syntax.opcodes import OPS, Op
from ...syntax.types import F32, F64, I32, I64, ValueType
from .expr import Expr, combine, conflicts, constant, variable
from .function import KIND, MASK, FunctionCompiler
from .numeric import f32_from_bits, f64_from_bits

INSTRUCTIONS: dict = {}

_BITS = {I32: 32, I64: 64}
_SIGN = {I32: "0x80000000", I64: "0x8000000000000000"}


def _op(*names: str):
    def register(template):
        for name in names:
            INSTRUCTIONS[_OP_BY_NAME[name]] = template
        return template
    return register


_OP_BY_NAME = {info.name: code for code, info in OPS.items() if info.imm != "select_t"}


def _types(ins):
    info = OPS[ins.op]
    return info.params, info.results


def _param_type(ins) -> ValueType:
    """The type of an instruction's first operand."""
    return OPS[ins.op].params[0]


def _simple(expr: Expr) -> bool:
    """A variable or a constant: may be written twice in one expression."""
    return expr.const is not None or (expr.atom and expr.reads == frozenset((expr.text,)))


def _operand(gen: FunctionCompiler, expr: Expr, vtype: ValueType) -> str:
    """An exact operand, parenthesized as needed."""
    text = gen.exact(expr, vtype)
    return text if text == expr.text and expr.atom else f"({text})"


def _signed(gen, expr: Expr, vtype: ValueType) -> str:
    """Text of the signed value of an exact integer operand."""
    if expr.const is not None:
        value = expr.const
        return str(value - (1 << _BITS[vtype]) if value >> (_BITS[vtype] - 1) else value)
    return f"(({gen.exact(expr, vtype)}) ^ {_SIGN[vtype]}) - {_SIGN[vtype]}"


# -- constants ------------------------------------------------------------------

@_op("i32.const", "i64.const")
def _int_const(gen, ins, args):
    value = ins.imm[0]
    return constant(str(value) if value < 1 << 16 else hex(value), "int", value)


@_op("f32.const", "f64.const")
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

def _binary(template: str, *, exact: bool = False, masked: bool = False):
    """An integer binary operator; ``exact``: operands must be exact values."""
    def emit(gen, ins, args):
        vtype = _param_type(ins)
        a, b = args
        left = _operand(gen, a, vtype) if exact else a.paren()
        right = _operand(gen, b, vtype) if exact else b.paren()
        return combine(template.format(a=left, b=right), args, masked=masked)
    return emit


INSTRUCTIONS.update({
    Op.I32_ADD: _binary("{a} + {b}"), Op.I64_ADD: _binary("{a} + {b}"),
    Op.I32_SUB: _binary("{a} - {b}"), Op.I64_SUB: _binary("{a} - {b}"),
    Op.I32_MUL: _binary("{a} * {b}", exact=True), Op.I64_MUL: _binary("{a} * {b}", exact=True),
})


@_op("i32.and", "i64.and", "i32.or", "i64.or", "i32.xor", "i64.xor")
def _bitwise(gen, ins, args):
    a, b = args
    symbol = {"and": "&", "or": "|", "xor": "^"}[OPS[ins.op].name[4:]]
    if a.kind == "bool" and b.kind == "bool":
        return combine(f"{a.paren()} {symbol} {b.paren()}", args, kind="bool")
    if symbol == "&":
        masked = (a.masked and a.kind != "bool") or (b.masked and b.kind != "bool") or \
            a.kind == "bool" or b.kind == "bool"
    else:
        masked = a.masked and b.masked
    return combine(f"{a.paren()} {symbol} {b.paren()}", args, masked=masked)


def _shift_count(gen, expr: Expr, vtype: ValueType) -> str:
    bits = _BITS[vtype]
    if expr.const is not None:
        return str(expr.const % bits)
    return f"({expr.paren()} & {bits - 1})"


@_op("i32.shl", "i64.shl")
def _shl(gen, ins, args):
    vtype = _param_type(ins)
    a, b = args
    return combine(f"{a.paren()} << {_shift_count(gen, b, vtype)}", args, masked=False)


@_op("i32.shr_u", "i64.shr_u")
def _shr_u(gen, ins, args):
    vtype = _param_type(ins)
    a, b = args
    return combine(f"{_operand(gen, a, vtype)} >> {_shift_count(gen, b, vtype)}", args)


@_op("i32.shr_s", "i64.shr_s")
def _shr_s(gen, ins, args):
    vtype = _param_type(ins)
    a, b = args
    return combine(f"({_signed(gen, a, vtype)}) >> {_shift_count(gen, b, vtype)}", args,
                   masked=False)


@_op("i32.rotl", "i64.rotl", "i32.rotr", "i64.rotr")
def _rotate(gen, ins, args):
    vtype = _param_type(ins)
    a, b = args
    bits = _BITS[vtype]
    helper = "_rotl" if OPS[ins.op].name.endswith("rotl") else "_rotr"
    return combine(f"{helper}({gen.exact(a, vtype)}, {_shift_count(gen, b, vtype)}, {bits})",
                   args, atom=True)


@_op("i32.div_u", "i64.div_u", "i32.rem_u", "i64.rem_u")
def _div_u(gen, ins, args):
    vtype = _param_type(ins)
    a, b = args
    divide = OPS[ins.op].name.endswith("div_u")
    if b.const:  # a non-zero constant divisor cannot trap
        return combine(f"{_operand(gen, a, vtype)} {'//' if divide else '%'} {b.const}", args)
    helper = "_div_u" if divide else "_rem_u"
    return combine(f"{helper}({gen.exact(a, vtype)}, {gen.exact(b, vtype)})", args,
                   atom=True, effect=True)


@_op("i32.div_s", "i64.div_s", "i32.rem_s", "i64.rem_s")
def _div_s(gen, ins, args):
    vtype = _param_type(ins)
    helper = "_" + OPS[ins.op].name.replace(".", "_")
    a, b = args
    return combine(f"{helper}({gen.exact(a, vtype)}, {gen.exact(b, vtype)})", args,
                   atom=True, effect=True)


@_op("i32.clz", "i64.clz")
def _clz(gen, ins, args):
    vtype = _param_type(ins)
    return combine(f"{_BITS[vtype]} - {_operand(gen, args[0], vtype)}.bit_length()", args)


@_op("i32.ctz", "i64.ctz")
def _ctz(gen, ins, args):
    vtype = _param_type(ins)
    return combine(f"_ctz({gen.exact(args[0], vtype)}, {_BITS[vtype]})", args, atom=True)


@_op("i32.popcnt", "i64.popcnt")
def _popcnt(gen, ins, args):
    vtype = _param_type(ins)
    return combine(f"{_operand(gen, args[0], vtype)}.bit_count()", args, atom=True)


@_op("i32.eqz", "i64.eqz")
def _eqz(gen, ins, args):
    vtype = _param_type(ins)
    a = args[0]
    text = a.paren() if a.kind == "bool" else _operand(gen, a, vtype)
    return combine(f"not {text}", args, kind="bool")


_COMPARE = {"eq": "==", "ne": "!=", "lt": "<", "gt": ">", "le": "<=", "ge": ">="}


@_op(*(f"{t}.{c}" for t in ("i32", "i64") for c in
       ("eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u")))
def _int_compare(gen, ins, args):
    vtype = _param_type(ins)
    a, b = args
    name = OPS[ins.op].name[4:]
    symbol = _COMPARE[name[:2]]
    if name.endswith("_s"):
        left, right = (_flip(gen, x, vtype) for x in args)
    else:
        left, right = _operand(gen, a, vtype), _operand(gen, b, vtype)
    return combine(f"{left} {symbol} {right}", args, kind="bool")


def _flip(gen, expr: Expr, vtype: ValueType) -> str:
    """The value with its sign bit flipped: signed order becomes unsigned order."""
    if expr.const is not None:
        return str(expr.const ^ (1 << (_BITS[vtype] - 1)))
    return f"({gen.exact(expr, vtype)} ^ {_SIGN[vtype]})"


@_op("i32.extend8_s", "i32.extend16_s", "i64.extend8_s", "i64.extend16_s", "i64.extend32_s")
def _extend_s(gen, ins, args):
    width = int(OPS[ins.op].name.split("extend")[1][:-2])
    sign = 1 << (width - 1)
    return combine(f"({args[0].paren()} & {hex((1 << width) - 1)} ^ {hex(sign)}) - {hex(sign)}",
                   args, masked=False)


@_op("i32.wrap_i64")
def _wrap(gen, ins, args):
    return combine(f"{args[0].paren()} & 0xFFFFFFFF", args)


@_op("i64.extend_i32_s")
def _extend_i32_s(gen, ins, args):
    return combine(_signed(gen, args[0], I32), args, masked=False)


@_op("i64.extend_i32_u")
def _extend_i32_u(gen, ins, args):
    return gen_exact(gen, args[0], I32)


def gen_exact(gen, expr: Expr, vtype: ValueType) -> Expr:
    """``expr`` as an exact value, keeping its effects."""
    text = gen.exact(expr, vtype)
    if text == expr.text:
        return expr if expr.kind != "bool" else combine(text, [expr])
    return combine(text, [expr])


# -- floats -----------------------------------------------------------------------

def _f32(text: str, args, vtype: ValueType, **flags) -> Expr:
    """A float result, rounded to single precision for f32."""
    if vtype == F32:
        return combine(f"_r32({text})", args, kind="float", atom=True, **flags)
    return combine(text, args, kind="float", **flags)


@_op("f32.add", "f64.add", "f32.sub", "f64.sub", "f32.mul", "f64.mul")
def _float_arith(gen, ins, args):
    vtype = _param_type(ins)
    symbol = {"add": "+", "sub": "-", "mul": "*"}[OPS[ins.op].name[4:]]
    a, b = args
    return _f32(f"{a.paren()} {symbol} {b.paren()}", args, vtype)


@_op("f32.div", "f64.div")
def _float_div(gen, ins, args):
    vtype = _param_type(ins)
    a, b = args
    if b.const is not None and b.const == b.const and b.const != 0.0:
        return _f32(f"{a.paren()} / {b.paren()}", args, vtype)
    return _f32(f"_fdiv({a.text}, {b.text})", args, vtype)


_FLOAT_CALLS = {"min": "_fmin", "max": "_fmax", "copysign": "_copysign", "sqrt": "_fsqrt",
                "ceil": "_fceil", "floor": "_ffloor", "trunc": "_ftrunc",
                "nearest": "_fnearest", "abs": "abs"}


@_op(*(f"{t}.{n}" for t in ("f32", "f64") for n in _FLOAT_CALLS))
def _float_call(gen, ins, args):
    vtype = _param_type(ins)
    name = OPS[ins.op].name[4:]
    text = f"{_FLOAT_CALLS[name]}({', '.join(a.text for a in args)})"
    if name == "sqrt":
        return _f32(text, args, vtype)
    return combine(text, args, kind="float", atom=True)  # exact in both widths


@_op("f32.neg", "f64.neg")
def _float_neg(gen, ins, args):
    return combine(f"-{args[0].paren()}", args, kind="float")


@_op(*(f"{t}.{c}" for t in ("f32", "f64") for c in _COMPARE))
def _float_compare(gen, ins, args):
    a, b = args
    symbol = _COMPARE[OPS[ins.op].name[4:]]
    return combine(f"{a.paren()} {symbol} {b.paren()}", args, kind="bool")


# -- conversions ------------------------------------------------------------------

@_op(*(f"i{w}.trunc{sat}_f{f}_{s}" for w in (32, 64) for sat in ("", "_sat")
       for f in (32, 64) for s in "su"))
def _truncate(gen, ins, args):
    name = OPS[ins.op].name
    width, signed = name[1:3], name[-1]
    helper = f"_i{width}_trunc{'_sat' if '_sat' in name else ''}_{signed}"
    return combine(f"{helper}({args[0].text})", args, atom=True, effect="_sat" not in name)


@_op("f32.convert_i32_s", "f32.convert_i32_u", "f64.convert_i32_s", "f64.convert_i32_u",
     "f32.convert_i64_s", "f32.convert_i64_u", "f64.convert_i64_s", "f64.convert_i64_u")
def _convert(gen, ins, args):
    (source, *_), (target, *_) = _types(ins)
    value = _signed(gen, args[0], source) if ins.op in _SIGNED_CONVERT else \
        gen.exact(args[0], source)
    if target == F64:
        return combine(f"float({value})", args, kind="float", atom=True)
    helper = "_f32_from_int" if source == I64 else "_r32"
    inner = value if source == I64 else f"float({value})"
    return combine(f"{helper}({inner})", args, kind="float", atom=True)


_SIGNED_CONVERT = {Op.F32_CONVERT_I32_S, Op.F64_CONVERT_I32_S, Op.F32_CONVERT_I64_S,
                   Op.F64_CONVERT_I64_S}


@_op("f32.demote_f64")
def _demote(gen, ins, args):
    return combine(f"_r32({args[0].text})", args, kind="float", atom=True)


@_op("f64.promote_f32")
def _promote(gen, ins, args):
    # Exact for every value; quiets a signalling NaN, as promotion must.
    return combine(f"{args[0].paren()} * 1.0", args, kind="float")


_REINTERPRET = {"i32.reinterpret_f32": ("_f32_bits", "int"), "f32.reinterpret_i32": ("_f32_from_bits", "float"),
                "i64.reinterpret_f64": ("_f64_bits", "int"), "f64.reinterpret_i64": ("_f64_from_bits", "float")}


@_op(*_REINTERPRET)
def _reinterpret(gen, ins, args):
    helper, kind = _REINTERPRET[OPS[ins.op].name]
    (source, *_), _ = _types(ins)
    operand = gen.exact(args[0], source) if source in _BITS else args[0].text
    return combine(f"{helper}({operand})", args, kind=kind, atom=True)


# -- parametric and variables ------------------------------------------------------------

@_op("nop")
def _nop(gen, ins, args):
    return None


@_op("drop")
def _drop(gen, ins, args):
    value = args[0]
    if not value.pure:
        gen.statement(value.text, value)
    return None


def _select(gen, ins, args):
    a, b, cond = args
    vtype = gen.temp_type(ins.results[0])
    if not (a.pure and b.pure) or (cond.mutates and (a.state or b.state)) or \
            conflicts(a, cond) or conflicts(b, cond):
        a, b = gen.bind(a, vtype), gen.bind(b, vtype)
    text = (f"{_operand_any(gen, a, vtype)} if {gen.truth_operand(cond)} "
            f"else {_operand_any(gen, b, vtype)}")
    return combine(text, [a, b, cond], kind=KIND[vtype])


INSTRUCTIONS[Op.SELECT] = INSTRUCTIONS[Op.SELECT_T] = _select


def _operand_any(gen, expr: Expr, vtype: ValueType) -> str:
    return _operand(gen, expr, vtype) if vtype in MASK else expr.paren()


@_op("local.get")
def _local_get(gen, ins, args):
    index = ins.imm[0]
    return variable(f"l{index}", KIND[gen.ir.local_types[index]])


@_op("local.set")
def _local_set(gen, ins, args):
    index = ins.imm[0]
    name = f"l{index}"
    value = args[0]
    gen.statement(f"{name} = {gen.exact(value, gen.ir.local_types[index])}",
                  combine("", [value], writes=frozenset((name,))))
    return None


@_op("local.tee")
def _local_tee(gen, ins, args):
    index = ins.imm[0]
    name = f"l{index}"
    vtype = gen.ir.local_types[index]
    return combine(f"({name} := {gen.exact(args[0], vtype)})", args, kind=KIND[vtype],
                   atom=True, writes=frozenset((name,)))


@_op("global.get")
def _global_get(gen, ins, args):
    index = ins.imm[0]
    text, mutable = gen.env.global_read(index)
    vtype = gen.env.global_type(index).value
    return Expr(text, KIND[vtype], True, True, state=mutable)


@_op("global.set")
def _global_set(gen, ins, args):
    index = ins.imm[0]
    target, declare = gen.env.global_write(index)
    if declare:
        gen.global_names.add(target)
    value = args[0]
    vtype = gen.env.global_type(index).value
    gen.statement(f"{target} = {gen.exact(value, vtype)}", combine("", [value], mutates=True))
    return None


# -- calls ---------------------------------------------------------------------------------

@_op("call")
def _call(gen, ins, args):
    ftype = gen.env.func_type(ins.imm[0])
    return _emit_call(gen, ins, f"f{ins.imm[0]}", args, ftype)


def _emit_call(gen, ins, callee: str, args, ftype):
    texts = ", ".join(gen.exact(a, t) for a, t in zip(args, ftype.params))
    text = f"{callee}({texts})"
    if len(ftype.results) == 1:
        return combine(text, args, kind=KIND[ftype.results[0]], atom=True, mutates=True,
                       state=True)
    if not ftype.results:
        gen.statement(text, combine("", args, mutates=True, state=True))
        return None
    targets = [gen.slot(t) for t in ins.results]
    gen.statement(f"{', '.join(targets)} = {text}",
                  combine("", args, mutates=True, state=True, writes=frozenset(targets)))
    return None


@_op("call_indirect")
def _call_indirect(gen, ins, args):
    type_index, table = ins.imm
    ftype = gen.env.types[type_index]
    *params, index = args
    if not _simple(index):
        params = [gen.bind(p, t) if not _simple(p) else p for p, t in zip(params, ftype.params)]
        index = gen.bind(index, I32)
    callee = gen.fresh("c")
    position = gen.exact(index, I32)
    gen.statement(f"{callee} = t{table}[{position}] if {position} < len(t{table}) "
                  f"else _undefined_element()", combine("", [index], effect=True, state=True))
    gen.statement(f"if {callee} is None or {callee}._type is not {gen.env.type_name(type_index)}: "
                  f"_bad_indirect({callee})", Expr("", effect=True))
    result = _emit_call(gen, ins, f"{callee}._call", params, ftype)
    return result


# -- references and tables -----------------------------------------------------------------

@_op("ref.null")
def _ref_null(gen, ins, args):
    return constant("None", "ref", None)


@_op("ref.is_null")
def _ref_is_null(gen, ins, args):
    return combine(f"{args[0].paren()} is None", args, kind="bool")


@_op("ref.func")
def _ref_func(gen, ins, args):
    return Expr(gen.env.func_ref(ins.imm[0]), "ref", True, True)


@_op("table.get")
def _table_get(gen, ins, args):
    t = f"t{ins.imm[0]}"
    return combine(f"{t}[_a] if (_a := {gen.exact(args[0], I32)}) < len({t}) else _table_oob()",
                   args, kind="ref", effect=True, state=True)


@_op("table.size")
def _table_size(gen, ins, args):
    return Expr(f"len(t{ins.imm[0]})", "int", True, True, state=True)


def _helper_statement(text_fn):
    """A table or memory instruction run by a helper, as a statement."""
    def emit(gen, ins, args):
        gen.statement(text_fn(gen, ins, args), combine("", args, mutates=True, state=True))
        return None
    return emit


def _texts(gen, args, types) -> str:
    return ", ".join(gen.exact(a, t) if t in MASK else a.text for a, t in zip(args, types))


INSTRUCTIONS.update({
    Op.TABLE_SET: _helper_statement(
        lambda gen, ins, args: f"_table_set(t{ins.imm[0]}, {_texts(gen, args, (I32, None))})"),
    Op.TABLE_FILL: _helper_statement(
        lambda gen, ins, args: f"_table_fill(t{ins.imm[0]}, {_texts(gen, args, (I32, None, I32))})"),
    Op.TABLE_COPY: _helper_statement(
        lambda gen, ins, args: f"_table_copy(t{ins.imm[0]}, t{ins.imm[1]}, "
                               f"{_texts(gen, args, (I32, I32, I32))})"),
    Op.TABLE_INIT: _helper_statement(
        lambda gen, ins, args: f"_table_init(t{ins.imm[1]}, _elems, {ins.imm[0]}, "
                               f"{_texts(gen, args, (I32, I32, I32))})"),
    Op.ELEM_DROP: _helper_statement(lambda gen, ins, args: f"_elems[{ins.imm[0]}] = ()"),
    Op.MEMORY_FILL: _helper_statement(
        lambda gen, ins, args: f"_memory_fill(m{ins.imm[0]}, {_texts(gen, args, (I32, I32, I32))})"),
    Op.MEMORY_COPY: _helper_statement(
        lambda gen, ins, args: f"_memory_copy(m{ins.imm[0]}, m{ins.imm[1]}, "
                               f"{_texts(gen, args, (I32, I32, I32))})"),
    Op.MEMORY_INIT: _helper_statement(
        lambda gen, ins, args: f"_memory_init(m{ins.imm[1]}, _datas, {ins.imm[0]}, "
                               f"{_texts(gen, args, (I32, I32, I32))})"),
    Op.DATA_DROP: _helper_statement(lambda gen, ins, args: f"_datas[{ins.imm[0]}] = b''"),
})


@_op("table.grow")
def _table_grow(gen, ins, args):
    return combine(f"_table_grow(tt{ins.imm[0]}, {_texts(gen, args, (None, I32))})", args,
                   atom=True, mutates=True, state=True)


# -- memory -------------------------------------------------------------------------------------

# access size, struct format (None: a byte read by indexing), result masked
_LOADS = {
    "i32.load": (4, "<I", True), "i64.load": (8, "<Q", True),
    "f32.load": (4, None, True), "f64.load": (8, "<d", True),
    "i32.load8_s": (1, "<b", False), "i32.load8_u": (1, None, True),
    "i32.load16_s": (2, "<h", False), "i32.load16_u": (2, "<H", True),
    "i64.load8_s": (1, "<b", False), "i64.load8_u": (1, None, True),
    "i64.load16_s": (2, "<h", False), "i64.load16_u": (2, "<H", True),
    "i64.load32_s": (4, "<i", False), "i64.load32_u": (4, "<I", True),
}
STRUCT_NAMES = {"<I": "_u32", "<Q": "_u64", "<d": "_f64", "<b": "_s8", "<h": "_s16",
                "<H": "_u16", "<i": "_s32", "<B": "_u8"}
"""Struct format -> the prefix of its bound ``unpack_from``/``pack_into`` names."""


def _effective_address(gen, addr: Expr, offset: int, size: int, memory: str) -> str:
    """An expression for the effective address ``addr + offset`` of a
    ``size``-byte access, which traps unless it lies within ``memory``.

    An exact address is bounds-checked as is.  An unmasked one (congruent
    to the address) is used directly when it lies in range, which then
    proves it exact; otherwise ``_wrapped_address`` masks it and checks
    again.  ``addr`` is evaluated once."""
    reach = size + offset
    if addr.const is not None:
        ea = addr.const + offset
        return f"{ea} if len({memory}) >= {ea + size} else _memory_oob()"
    plus = f" + {offset}" if offset else ""
    if addr.masked and addr.kind == "int":
        if addr.atom and addr.reads == frozenset((addr.text,)):  # a variable: read it twice
            return f"{addr.text}{plus} if {addr.text} <= len({memory}) - {reach} else _memory_oob()"
        return f"_a{plus} if (_a := {gen.exact(addr, I32)}) <= len({memory}) - {reach} else _memory_oob()"
    if addr.kind == "bool":
        return f"_a{plus} if (_a := {gen.exact(addr, I32)}) <= len({memory}) - {reach} else _memory_oob()"
    return (f"_a{plus} if 0 <= (_a := {addr.text}) <= len({memory}) - {reach} "
            f"else _wrapped_address({memory}, _a, {offset}, {size})")


def _load(gen, ins, args):
    name = OPS[ins.op].name
    size, fmt, masked = _LOADS[name]
    _, align_offset, memory_index = ins.imm[0], ins.imm[1], ins.imm[2]
    memory = f"m{memory_index}"
    ea = _effective_address(gen, args[0], align_offset, size, memory)
    if name == "f32.load":
        access = f"_load_f32({memory}, {ea})"
    elif fmt is None:
        access = f"{memory}[{ea}]"
    else:
        access = f"{STRUCT_NAMES[fmt]}_get({memory}, {ea})[0]"
    (_, ), (vtype, ) = _types(ins)
    return combine(access, args, kind=KIND[vtype], masked=masked, atom=True, effect=True,
                   state=True)


for _name in _LOADS:
    INSTRUCTIONS[_OP_BY_NAME[_name]] = _load

_STORES = {
    "i32.store": (4, "<I"), "i64.store": (8, "<Q"), "f32.store": (4, None), "f64.store": (8, "<d"),
    "i32.store8": (1, None), "i32.store16": (2, "<H"), "i64.store8": (1, None),
    "i64.store16": (2, "<H"), "i64.store32": (4, "<I"),
}


def _store(gen, ins, args):
    name = OPS[ins.op].name
    size, fmt = _STORES[name]
    offset, memory = ins.imm[1], f"m{ins.imm[2]}"
    addr, value = args
    (_, vtype), _ = _types(ins)
    if not value.pure:  # the value is computed before the bounds check
        if not addr.pure or conflicts(addr, value):
            addr = gen.bind(addr, I32)
        value = gen.bind(value, vtype)
    if vtype in MASK:
        full = _BITS[vtype] == size * 8
        value_text = gen.exact(value, vtype) if full else f"{value.paren()} & {hex((1 << size * 8) - 1)}"
    else:
        value_text = value.text
    checked = _effective_address(gen, addr, offset, size, memory)
    if name == "f32.store":
        text = f"_store_f32({memory}, {checked}, {value_text})"
    elif fmt is None:
        text = f"{memory}[{checked}] = {value_text}"
    else:
        text = f"{STRUCT_NAMES[fmt]}_put({memory}, {checked}, {value_text})"
    gen.statement(text, combine("", [addr, value], mutates=True, state=True))
    return None


for _name in _STORES:
    INSTRUCTIONS[_OP_BY_NAME[_name]] = _store


@_op("memory.size")
def _memory_size(gen, ins, args):
    return Expr(f"len(m{ins.imm[0]}) >> 16", "int", True, False, state=True)


@_op("memory.grow")
def _memory_grow(gen, ins, args):
    return combine(f"mg{ins.imm[0]}({gen.exact(args[0], I32)})", args, atom=True,
                   mutates=True, state=True)
