"""Typing rules of the less frequent instructions, one handler each.

The function validator types the common instructions inline; everything else
(tables, bulk memory, references, typed select, SIMD lanes, ``br_table``,
``call_indirect``) comes here.  A handler is called as
``handler(ctx, vals, ctrls, ins, info)``: the module context, the operand
stack, the control stack, the instruction tuple and its ``OpInfo``.  It checks
the immediates, then pops and pushes.
"""

from __future__ import annotations

from ..syntax.opcodes import OPS, Op
from ..syntax.types import F32, F64, FUNCREF, I32, I64, V128, ValueType
from .stack import LABEL, Reject, apply, pop_any, pop_types, set_unreachable

SELECTABLE = frozenset({I32, I64, F32, F64, V128})
"""Types untyped ``select`` may choose between: numbers and vectors, not references."""


# -- immediate checks ---------------------------------------------------------

def check_memory(ctx, index: int) -> None:
    """Memory ``index`` exists."""
    if not 0 <= index < len(ctx.mems):
        raise Reject(f"unknown memory {index}")


def check_memarg(ctx, ins: tuple, natural_align: int) -> None:
    """A memory access names an existing memory and is at most naturally aligned."""
    check_memory(ctx, ins[3])
    if ins[1] > natural_align:
        raise Reject("alignment must not be larger than natural")


def table_type(ctx, index: int) -> ValueType:
    """The element type of table ``index``."""
    if not 0 <= index < len(ctx.tables):
        raise Reject(f"unknown table {index}")
    return ctx.tables[index].elem


def elem_type(ctx, index: int) -> ValueType:
    """The element type of element segment ``index``."""
    if not 0 <= index < len(ctx.elems):
        raise Reject(f"unknown elem segment {index}")
    return ctx.elems[index]


def check_data(ctx, index: int) -> None:
    """Data segment ``index`` exists (counted by the data count section when present)."""
    if not 0 <= index < ctx.ndatas:
        raise Reject(f"unknown data segment {index}")


def _check_lane(lane: int, count: int) -> None:
    if not 0 <= lane < count:
        raise Reject(f"invalid lane index {lane} (must be below {count})")


def _same_type(target: ValueType, source: ValueType) -> None:
    if target is not source:
        raise Reject(f"type mismatch: {source} does not fit a table of {target}")


# -- handlers -----------------------------------------------------------------

def fixed(ctx, vals, ctrls, ins, info) -> None:
    """An instruction with a fixed signature and nothing to check."""
    apply(vals, ctrls[-1], info.params, info.results)


def select(vals: list, frame: list) -> ValueType | None:
    """Untyped ``select`` by the spec's algorithm; returns the operand type or None if unknown."""
    pop_types(vals, frame, (I32,))
    t1 = pop_any(vals, frame)
    t2 = pop_any(vals, frame)
    for t in (t1, t2):
        if t is not None and t not in SELECTABLE:
            raise Reject(f"type mismatch: select needs numeric or vector operands, found {t}")
    if t1 is not None and t2 is not None and t1 is not t2:
        raise Reject(f"type mismatch: select operands {t2} and {t1} differ")
    t = t2 if t1 is None else t1
    vals.append(t)
    return t


def _select_t(ctx, vals, ctrls, ins, info) -> None:
    types = ins[1]
    if len(types) != 1:
        raise Reject("invalid result arity")
    t = types[0]
    apply(vals, ctrls[-1], (t, t, I32), (t,))


def _br_table(ctx, vals, ctrls, ins, info) -> None:
    frame = ctrls[-1]
    pop_types(vals, frame, (I32,))
    depths, default = ins[1], ins[2]
    if not 0 <= default < len(ctrls):
        raise Reject(f"unknown label {default}")
    default_types = ctrls[-1 - default][LABEL]
    arity = len(default_types)
    # Checking one label type list twice changes nothing, so each distinct list
    # is checked once: the cost stays linear however many labels share it.
    checked = {id(default_types)}
    for depth in depths:
        if not 0 <= depth < len(ctrls):
            raise Reject(f"unknown label {depth}")
        types = ctrls[-1 - depth][LABEL]
        if id(types) in checked:
            continue
        checked.add(id(types))
        if len(types) != arity:
            raise Reject("type mismatch: br_table targets differ in arity")
        vals.extend(pop_types(vals, frame, types))
    pop_types(vals, frame, default_types)
    set_unreachable(vals, frame)


def _call_indirect(ctx, vals, ctrls, ins, info) -> None:
    type_index, table = ins[1], ins[2]
    if table_type(ctx, table) is not FUNCREF:
        raise Reject(f"type mismatch: call_indirect needs a funcref table, table {table} is not")
    if not 0 <= type_index < len(ctx.types):
        raise Reject(f"unknown type {type_index}")
    params, results = ctx.type_sigs[type_index]
    frame = ctrls[-1]
    pop_types(vals, frame, (I32,))
    apply(vals, frame, params, results)


def _ref_null(ctx, vals, ctrls, ins, info) -> None:
    vals.append(ins[1])


def _ref_is_null(ctx, vals, ctrls, ins, info) -> None:
    t = pop_any(vals, ctrls[-1])
    if t is not None and not t.is_ref:
        raise Reject(f"type mismatch: expected a reference, found {t}")
    vals.append(I32)


def _ref_func(ctx, vals, ctrls, ins, info) -> None:
    index = ins[1]
    if not 0 <= index < len(ctx.funcs):
        raise Reject(f"unknown function {index}")
    if index not in ctx.refs:
        raise Reject(f"undeclared function reference {index}")
    vals.append(FUNCREF)


def _table_get(ctx, vals, ctrls, ins, info) -> None:
    apply(vals, ctrls[-1], (I32,), (table_type(ctx, ins[1]),))


def _table_set(ctx, vals, ctrls, ins, info) -> None:
    apply(vals, ctrls[-1], (I32, table_type(ctx, ins[1])), ())


def _table_size(ctx, vals, ctrls, ins, info) -> None:
    table_type(ctx, ins[1])
    vals.append(I32)


def _table_grow(ctx, vals, ctrls, ins, info) -> None:
    apply(vals, ctrls[-1], (table_type(ctx, ins[1]), I32), (I32,))


def _table_fill(ctx, vals, ctrls, ins, info) -> None:
    apply(vals, ctrls[-1], (I32, table_type(ctx, ins[1]), I32), ())


def _table_copy(ctx, vals, ctrls, ins, info) -> None:
    _same_type(table_type(ctx, ins[1]), table_type(ctx, ins[2]))
    fixed(ctx, vals, ctrls, ins, info)


def _table_init(ctx, vals, ctrls, ins, info) -> None:
    _same_type(table_type(ctx, ins[2]), elem_type(ctx, ins[1]))
    fixed(ctx, vals, ctrls, ins, info)


def _elem_drop(ctx, vals, ctrls, ins, info) -> None:
    elem_type(ctx, ins[1])


def _memory_op(ctx, vals, ctrls, ins, info) -> None:
    """memory.size, memory.grow, memory.fill: ``(op, memidx)``."""
    check_memory(ctx, ins[1])
    fixed(ctx, vals, ctrls, ins, info)


def _memory_copy(ctx, vals, ctrls, ins, info) -> None:
    check_memory(ctx, ins[1])
    check_memory(ctx, ins[2])
    fixed(ctx, vals, ctrls, ins, info)


def _memory_init(ctx, vals, ctrls, ins, info) -> None:
    check_memory(ctx, ins[2])
    check_data(ctx, ins[1])
    fixed(ctx, vals, ctrls, ins, info)


def _data_drop(ctx, vals, ctrls, ins, info) -> None:
    check_data(ctx, ins[1])


def _lane_count(name: str) -> int:
    """Lanes of the shape an extract/replace_lane name starts with (``i16x8.`` -> 8)."""
    return int(name.split(".")[0].split("x")[1])


_LANES = {code: _lane_count(info.name) for code, info in OPS.items() if info.imm == "lane"}


def _lane(ctx, vals, ctrls, ins, info) -> None:
    _check_lane(ins[1], _LANES[info.code])
    fixed(ctx, vals, ctrls, ins, info)


def _memarg_lane(ctx, vals, ctrls, ins, info) -> None:
    check_memarg(ctx, ins, info.natural_align)
    _check_lane(ins[4], 16 >> info.natural_align)
    fixed(ctx, vals, ctrls, ins, info)


def _shuffle(ctx, vals, ctrls, ins, info) -> None:
    for lane in ins[1]:
        _check_lane(lane, 32)
    fixed(ctx, vals, ctrls, ins, info)


HANDLERS = {
    "select_t": _select_t, "br_table": _br_table, "call_indirect": _call_indirect,
    "reftype": _ref_null, "func": _ref_func, "table.copy": _table_copy, "table.init": _table_init,
    "elem": _elem_drop, "mem": _memory_op, "memory.copy": _memory_copy,
    "memory.init": _memory_init, "data": _data_drop, "lane": _lane, "memarg_lane": _memarg_lane,
    "shuffle": _shuffle,
}
"""Handlers chosen by immediate kind (``OpInfo.imm``)."""

HANDLERS_BY_OP = {
    Op.REF_IS_NULL: _ref_is_null, Op.TABLE_GET: _table_get, Op.TABLE_SET: _table_set,
    Op.TABLE_SIZE: _table_size, Op.TABLE_GROW: _table_grow, Op.TABLE_FILL: _table_fill,
}
"""Handlers of instructions that share an immediate kind but not a typing rule."""
