"""C for control instructions and calls.

Structured control maps onto C directly: ``if``/``else`` become C ``if``
blocks, every other label becomes a C label that branches ``goto`` (after
the end of a block, at the top of a loop), ``br_table`` a ``switch``.
Branch values are copied into the temporaries the target label expects
(lowest slot first, which is safe: a destination slot is never above its
source).  A branch to the function's own label returns.

Calls to defined functions are direct C calls.  Imported functions and
``call_indirect`` go through a funcref ``{type id, fn, ctx}``: the indirect
call checks the index against the table size ("undefined element"), the
entry for null ("uninitialized element") and the canonical type id ("indirect
call type mismatch") before calling ``fn`` through its exact C type.
"""

from __future__ import annotations

from ...lower.ir import Ins, Label
from ...syntax.opcodes import Op
from ...syntax.types import FuncType
from .cnames import fn_pointer_type, func_name, result_type


def _label(em, label_id: int) -> Label:
    return em.ir.labels[label_id]


def _moves(em, label: Label, values: tuple[int, ...]) -> list[str]:
    return [f"{em.t(dst)} = {em.t(src)};" for dst, src in zip(label.branch_temps, values) if dst != src]


def _return_statement(em, values: tuple[int, ...]) -> str:
    results = em.ir.type.results
    if not results:
        return "return;"
    if len(results) == 1:
        return f"return {em.t(values[0])};"
    return f"return ({result_type(em.ir.type)}){{{', '.join(em.t(v) for v in values)}}};"


def _jump(em, label: Label, values: tuple[int, ...]) -> str:
    """C statements transferring control, with ``values``, to ``label``."""
    if label.kind == "func":
        return _return_statement(em, values)
    return " ".join(_moves(em, label, values) + [f"goto L{label.id};"])


def _block(em, ins: Ins) -> None:
    pass


def _loop(em, ins: Ins) -> None:
    label = _label(em, ins.imm[0])
    if label.targeted:
        em.line(f"L{label.id}:;")
        em.meter_checks(ins)


def _if(em, ins: Ins) -> None:
    em.line(f"if ({em.t(ins.args[0])}) {{", indent=1)


def _else(em, ins: Ins) -> None:
    em.line("} else {", indent=-1)
    em.depth += 1


def _end(em, ins: Ins) -> None:
    label = _label(em, ins.imm[0])
    if label.kind == "if":
        em.line("}", indent=-1)
    if label.targeted and label.kind != "loop":
        em.line(f"L{label.id}:;")


def _br(em, ins: Ins) -> None:
    em.line(_jump(em, _label(em, ins.imm[0]), ins.args))


def _br_if(em, ins: Ins) -> None:
    em.line(f"if ({em.t(ins.args[-1])}) {{ {_jump(em, _label(em, ins.imm[0]), ins.args[:-1])} }}")


def _br_table(em, ins: Ins) -> None:
    targets, default = ins.imm
    values, index = ins.args[:-1], ins.args[-1]
    cases: dict[int, list[int]] = {}
    for i, target in enumerate(targets):
        if target != default:
            cases.setdefault(target, []).append(i)
    em.line(f"switch ({em.t(index)}) {{")
    for target, indices in cases.items():
        labels = " ".join(f"case {i}:" for i in indices)
        em.line(f"{labels} {_jump(em, _label(em, target), values)}")
    em.line(f"default: {_jump(em, _label(em, default), values)}")
    em.line("}")


def _return(em, ins: Ins) -> None:
    em.line(_return_statement(em, ins.args))


def _assign_results(em, ins: Ins, call: str) -> None:
    """Emit ``call`` storing its results into the instruction's result temps,
    after the call site's record for backtraces (binary modules)."""
    if em.binary_offsets and not (ins.op == Op.CALL and ins.imm[0] == em.ir.index):
        em.line(f"WASMIC_CALL_SITE({ins.offset});")
    if not ins.results:
        em.line(f"{call};")
    elif len(ins.results) == 1:
        em.line(f"{em.t(ins.results[0])} = {call};")
    else:
        stores = " ".join(f"{em.t(r)} = r_.v{i};" for i, r in enumerate(ins.results))
        em.line(f"{{ {result_type(_callee_type(em, ins))} r_ = {call}; {stores} }}")
    em.reload_memory()


def _callee_type(em, ins: Ins) -> FuncType:
    if ins.op == Op.CALL:
        return em.layout.func_types[ins.imm[0]]
    return em.layout.module.types[ins.imm[0]]


def _call(em, ins: Ins) -> None:
    index = ins.imm[0]
    args = "".join(f", {em.t(a)}" for a in ins.args)
    if index >= em.layout.n_imported_funcs:
        em.callees.add(index)
        _assign_results(em, ins, f"{func_name(index)}(inst, sl + WASMIC_CALL_COST{args})")
        return
    ftype = em.layout.func_types[index]
    em.line(f"{{ const wasmic_funcref *R_ = inst->f[{index}];")
    _assign_results(em, ins, f"(({fn_pointer_type(ftype)})R_->fn)(R_->ctx, sl + WASMIC_CALL_COST{args})")
    em.line("}")


def _call_indirect(em, ins: Ins) -> None:
    type_index, table = ins.imm
    ftype = em.layout.module.types[type_index]
    args = "".join(f", {em.t(a)}" for a in ins.args[:-1])
    index = em.t(ins.args[-1])
    em.line(f"{{ wasmic_table *T_ = inst->t[{table}]; const wasmic_funcref *R_;")
    em.line(f"if (WASMIC_UNLIKELY({index} >= T_->size)) " + em.trap("UNDEFINED_ELEMENT", ins))
    em.line(f"R_ = (const wasmic_funcref *)T_->elems[{index}];")
    em.line("if (WASMIC_UNLIKELY(R_ == NULL)) " + em.trap("INDIRECT_CALL_TO_NULL", ins))
    em.line(f"if (WASMIC_UNLIKELY(R_->type_id != inst->ty[{type_index}])) " + em.trap("BAD_SIGNATURE", ins))
    _assign_results(em, ins, f"(({fn_pointer_type(ftype)})R_->fn)(R_->ctx, sl + WASMIC_CALL_COST{args})")
    em.line("}")


CONTROL_OPS = {
    Op.BLOCK: _block, Op.LOOP: _loop, Op.IF: _if, Op.ELSE: _else, Op.END: _end,
    Op.BR: _br, Op.BR_IF: _br_if, Op.BR_TABLE: _br_table, Op.RETURN: _return,
    Op.CALL: _call, Op.CALL_INDIRECT: _call_indirect,
}
"""Op id -> emitter(function emitter, ins)."""

CALL_OPS = frozenset({Op.CALL, Op.CALL_INDIRECT})
