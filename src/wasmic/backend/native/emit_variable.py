"""C for variable, parametric, reference and table instructions.

Locals and temporaries are plain C locals; globals are reached through the
layout (``emit_layout``).  Storing a reference into a global or a table goes
through the runtime, which keeps the referenced object alive (reference
counts); reading one is a plain load.  Table accesses are bounds-checked
inline: ``index >= size`` traps with "out of bounds table access".
"""

from __future__ import annotations

from ...lower.ir import Ins
from ...syntax.opcodes import Op
from .cnames import TYPE_CODES, c_type


def _nop(em, ins: Ins, args: list[str], result: None) -> None:
    pass


def _unreachable(em, ins: Ins, args: list[str], result: None) -> None:
    em.line(em.trap("UNREACHABLE", ins))


def _select(em, ins: Ins, args: list[str], result: str) -> None:
    em.line(f"{result} = {args[2]} ? {args[0]} : {args[1]};")


def _local_get(em, ins: Ins, args: list[str], result: str) -> None:
    em.line(f"{result} = l{ins.imm[0]};")


def _local_set(em, ins: Ins, args: list[str], result: str | None) -> None:
    em.line(f"l{ins.imm[0]} = {args[0]};")


def _global_get(em, ins: Ins, args: list[str], result: str) -> None:
    em.line(f"{result} = {em.layout.global_value(ins.imm[0])};")


def _global_set(em, ins: Ins, args: list[str], result: None) -> None:
    index = ins.imm[0]
    vtype = em.layout.global_types[index].value
    if vtype.is_ref:
        em.line(f"WASMIC_RT->global_set_ref({em.layout.global_cell(index)}, "
                f"'{TYPE_CODES[vtype]}', (void *){args[0]});")
    else:
        em.line(f"{em.layout.global_value(index)} = {args[0]};")


def _ref_null(em, ins: Ins, args: list[str], result: str) -> None:
    em.line(f"{result} = NULL;")


def _ref_is_null(em, ins: Ins, args: list[str], result: str) -> None:
    em.line(f"{result} = (uint32_t)({args[0]} == NULL);")


def _ref_func(em, ins: Ins, args: list[str], result: str) -> None:
    em.line(f"{result} = inst->f[{ins.imm[0]}];")


def _bounds(em, ins: Ins, table: str, index: str) -> None:
    em.line(f"if (WASMIC_UNLIKELY({index} >= {table}->size)) " + em.trap("TABLE_OUT_OF_BOUNDS", ins))


def _table_get(em, ins: Ins, args: list[str], result: str) -> None:
    table = f"inst->t[{ins.imm[0]}]"
    _bounds(em, ins, table, args[0])
    elem = em.layout.table_elems[ins.imm[0]]
    em.line(f"{result} = ({c_type(elem)}){table}->elems[{args[0]}];")


def _table_set(em, ins: Ins, args: list[str], result: None) -> None:
    table = f"inst->t[{ins.imm[0]}]"
    _bounds(em, ins, table, args[0])
    em.line(f"WASMIC_RT->table_set({table}, {args[0]}, (void *){args[1]});")


def _table_size(em, ins: Ins, args: list[str], result: str) -> None:
    em.line(f"{result} = inst->t[{ins.imm[0]}]->size;")


def _table_grow(em, ins: Ins, args: list[str], result: str) -> None:
    em.line(f"{result} = WASMIC_RT->table_grow(inst->t[{ins.imm[0]}], (void *){args[0]}, {args[1]});")


def _table_fill(em, ins: Ins, args: list[str], result: None) -> None:
    em.checked(ins, f"WASMIC_RT->table_fill(inst->t[{ins.imm[0]}], {args[0]}, "
                      f"(void *){args[1]}, {args[2]})")


def _table_copy(em, ins: Ins, args: list[str], result: None) -> None:
    dst, src = ins.imm
    em.checked(ins, f"WASMIC_RT->table_copy(inst->t[{dst}], inst->t[{src}], {', '.join(args)})")


def _table_init(em, ins: Ins, args: list[str], result: None) -> None:
    elem, table = ins.imm
    em.checked(ins, f"WASMIC_RT->table_init(&inst->h, {elem}, inst->t[{table}], {', '.join(args)})")


def _elem_drop(em, ins: Ins, args: list[str], result: None) -> None:
    em.line(f"WASMIC_RT->elem_drop(&inst->h, {ins.imm[0]});")


VARIABLE_OPS = {
    Op.NOP: _nop, Op.UNREACHABLE: _unreachable, Op.DROP: _nop,
    Op.SELECT: _select, Op.SELECT_T: _select,
    Op.LOCAL_GET: _local_get, Op.LOCAL_SET: _local_set, Op.LOCAL_TEE: _local_set,
    Op.GLOBAL_GET: _global_get, Op.GLOBAL_SET: _global_set,
    Op.REF_NULL: _ref_null, Op.REF_IS_NULL: _ref_is_null, Op.REF_FUNC: _ref_func,
    Op.TABLE_GET: _table_get, Op.TABLE_SET: _table_set, Op.TABLE_SIZE: _table_size,
    Op.TABLE_GROW: _table_grow, Op.TABLE_FILL: _table_fill, Op.TABLE_COPY: _table_copy,
    Op.TABLE_INIT: _table_init, Op.ELEM_DROP: _elem_drop,
}
"""Op id -> emitter(function emitter, ins, arg names, result name)."""
