"""Templates of the parametric, variable and call instructions (see
``templates``): drop and select, locals (wasm locals are Python locals;
``local.tee`` is a walrus), globals, direct and indirect calls."""

from __future__ import annotations

from ...syntax.opcodes import Op
from ...syntax.types import I32
from .expr import Expr, combine, conflicts, variable
from .function import KIND
from .templates import is_simple, operand_any, registrar

VARIABLES: dict = {}
op = registrar(VARIABLES)


# -- parametric and variables ------------------------------------------------------------

@op("nop")
def _nop(gen, ins, args):
    return None


@op("drop")
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
    text = (f"{operand_any(gen, a, vtype)} if {gen.truth_operand(cond)} "
            f"else {operand_any(gen, b, vtype)}")
    return combine(text, [a, b, cond], kind=KIND[vtype])


VARIABLES[Op.SELECT] = VARIABLES[Op.SELECT_T] = _select


@op("local.get")
def _local_get(gen, ins, args):
    index = ins.imm[0]
    return variable(f"l{index}", KIND[gen.ir.local_types[index]])


@op("local.set")
def _local_set(gen, ins, args):
    index = ins.imm[0]
    name = f"l{index}"
    value = args[0]
    gen.statement(f"{name} = {gen.exact(value, gen.ir.local_types[index])}",
                  combine("", [value], writes=frozenset((name,))))
    return None


@op("local.tee")
def _local_tee(gen, ins, args):
    index = ins.imm[0]
    name = f"l{index}"
    vtype = gen.ir.local_types[index]
    return combine(f"({name} := {gen.exact(args[0], vtype)})", args, kind=KIND[vtype],
                   atom=True, writes=frozenset((name,)))


@op("global.get")
def _global_get(gen, ins, args):
    index = ins.imm[0]
    text, mutable = gen.env.global_read(index)
    vtype = gen.env.global_type(index).value
    return Expr(text, KIND[vtype], True, True, state=mutable)


@op("global.set")
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

@op("call")
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


@op("call_indirect")
def _call_indirect(gen, ins, args):
    type_index, table = ins.imm
    ftype = gen.env.types[type_index]
    *params, index = args
    if not is_simple(index):
        params = [gen.bind(p, t) if not is_simple(p) else p for p, t in zip(params, ftype.params)]
        index = gen.bind(index, I32)
    callee = gen.fresh("c")
    position = gen.exact(index, I32)
    gen.statement(f"{callee} = t{table}[{position}] if {position} < len(t{table}) "
                  f"else _undefined_element()", combine("", [index], effect=True, state=True))
    gen.statement(f"if {callee} is None or {callee}._type is not {gen.env.type_name(type_index)}: "
                  f"_bad_indirect({callee})", Expr("", effect=True))
    result = _emit_call(gen, ins, f"{callee}._call", params, ftype)
    return result
