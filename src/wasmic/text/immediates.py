"""The immediates of plain instructions, one reader per ``OpInfo.imm`` kind.

Each reader takes the function context and the cursor standing after the
mnemonic and returns the immediates as a tuple in the layout ``opcodes``
documents.  Optional indices (``table.get`` alone means table 0) are
recognised by the next atom looking like an index: ``$x`` or a digit.
"""

from __future__ import annotations

from typing import Callable

from ..syntax.opcodes import OpInfo
from .context import FuncContext
from .cursor import Cursor
from .numbers import LiteralError, parse_float, parse_int, parse_nat
from .type_parser import func_type_index, heap_type

# v128 shapes: lane count, lane width in bits, and whether lanes are floats.
SHAPES = {"i8x16": (16, 8, False), "i16x8": (8, 16, False), "i32x4": (4, 32, False),
          "i64x2": (2, 64, False), "f32x4": (4, 32, True), "f64x2": (2, 64, True)}


def _label(ctx: FuncContext, c: Cursor, info: OpInfo) -> tuple:
    return (ctx.resolve_label(c),)


def _br_table(ctx: FuncContext, c: Cursor, info: OpInfo) -> tuple:
    depths = [ctx.resolve_label(c)]
    while c.peek_index():
        depths.append(ctx.resolve_label(c))
    return tuple(depths[:-1]), depths[-1]


def _func(ctx: FuncContext, c: Cursor, info: OpInfo) -> tuple:
    return (ctx.module.funcs.resolve(c),)


def _optional_table(ctx: FuncContext, c: Cursor) -> int:
    return ctx.module.tables.resolve(c) if c.peek_index() else 0


def _call_indirect(ctx: FuncContext, c: Cursor, info: OpInfo) -> tuple:
    table = _optional_table(ctx, c)
    type_index, _ = func_type_index(c, ctx.module, None)
    return type_index, table


def _local(ctx: FuncContext, c: Cursor, info: OpInfo) -> tuple:
    return (ctx.locals.resolve(c),)


def _global(ctx: FuncContext, c: Cursor, info: OpInfo) -> tuple:
    return (ctx.module.globals.resolve(c),)


def _table(ctx: FuncContext, c: Cursor, info: OpInfo) -> tuple:
    return (_optional_table(ctx, c),)


def _data(ctx: FuncContext, c: Cursor, info: OpInfo) -> tuple:
    ctx.module.uses_data_count = True
    return (ctx.module.datas.resolve(c),)


def _elem(ctx: FuncContext, c: Cursor, info: OpInfo) -> tuple:
    return (ctx.module.elems.resolve(c),)


def _mem(ctx: FuncContext, c: Cursor, info: OpInfo) -> tuple:
    return (0,)


def memarg(c: Cursor, natural_align: int) -> tuple[int, int, int]:
    """``offset=N? align=N?`` as (align_log2, offset, memidx)."""
    offset, align = 0, natural_align
    item = c.peek_atom()
    if item is not None and item.startswith("offset="):
        offset = _keyword_value(c, item, "offset=")
        item = c.peek_atom()
    if item is not None and item.startswith("align="):
        position = c.offset()
        value = _keyword_value(c, item, "align=")
        if value == 0 or value & (value - 1):
            raise c.error("alignment must be a power of two", position)
        align = value.bit_length() - 1
    return align, offset, 0


def _keyword_value(c: Cursor, item: str, prefix: str) -> int:
    try:
        value = parse_nat(item[len(prefix):])
    except LiteralError as exc:
        message = str(exc) if "range" in str(exc) else f"unknown operator {item}"
        raise c.error(message) from None
    c.i += 1
    return value


def _memarg(ctx: FuncContext, c: Cursor, info: OpInfo) -> tuple:
    return memarg(c, info.natural_align)


def lane_index(c: Cursor) -> int:
    """A lane index: a u8 literal ("malformed lane index" otherwise)."""
    item = c.peek_atom()
    if item is None or not ("0" <= item[0] <= "9"):
        raise c.unexpected()
    try:
        value = parse_nat(item, 8)
    except LiteralError:
        raise c.error("malformed lane index") from None
    c.i += 1
    return value


def _memarg_lane(ctx: FuncContext, c: Cursor, info: OpInfo) -> tuple:
    return (*memarg(c, info.natural_align), lane_index(c))


def _lane(ctx: FuncContext, c: Cursor, info: OpInfo) -> tuple:
    return (lane_index(c),)


def _shuffle(ctx: FuncContext, c: Cursor, info: OpInfo) -> tuple:
    lanes = []
    for _ in range(16):
        item = c.peek_atom()
        if item is None:
            raise c.error("invalid lane length: i8x16.shuffle takes 16 lane indices")
        if not ("0" <= item[0] <= "9"):
            raise c.error("malformed lane index")
        lanes.append(lane_index(c))
    if _is_literal(c.peek_atom()):
        raise c.error("invalid lane length: i8x16.shuffle takes 16 lane indices")
    return (bytes(lanes),)


def _is_literal(item: str | None) -> bool:
    """Whether an atom is (or tries to be) a number rather than an instruction."""
    return item is not None and (item[0] in "0123456789+-" or item.startswith(("inf", "nan")))


def _const(convert: Callable[[str, int], int], bits: int):
    def read(ctx: FuncContext, c: Cursor, info: OpInfo) -> tuple:
        return (c.literal(convert, bits),)
    return read


def v128_const(c: Cursor) -> int:
    """``shape lane*`` of ``v128.const`` as an unsigned 128-bit integer."""
    shape = c.peek_atom()
    if shape not in SHAPES:
        raise c.unexpected()
    c.i += 1
    count, width, is_float = SHAPES[shape]
    convert = parse_float if is_float else parse_int
    value = 0
    for lane in range(count):
        if c.peek_atom() is None:
            raise c.error(f"wrong number of lane literals: {shape} takes {count}")
        value |= c.literal(convert, width) << (lane * width)
    if _is_literal(c.peek_atom()):
        raise c.error(f"wrong number of lane literals: {shape} takes {count}")
    return value


def _v128(ctx: FuncContext, c: Cursor, info: OpInfo) -> tuple:
    return (v128_const(c),)


def _reftype(ctx: FuncContext, c: Cursor, info: OpInfo) -> tuple:
    return (heap_type(c),)


def _memory_init(ctx: FuncContext, c: Cursor, info: OpInfo) -> tuple:
    return (*_data(ctx, c, info), 0)


def _memory_copy(ctx: FuncContext, c: Cursor, info: OpInfo) -> tuple:
    return 0, 0


def _table_init(ctx: FuncContext, c: Cursor, info: OpInfo) -> tuple:
    table = 0
    if c.i + 1 < len(c.node) and type(c.node[c.i + 1]) is str and c.node[c.i + 1][0] in "$0123456789":
        table = ctx.module.tables.resolve(c)
    return ctx.module.elems.resolve(c), table


def _table_copy(ctx: FuncContext, c: Cursor, info: OpInfo) -> tuple:
    if not c.peek_index():
        return 0, 0
    return ctx.module.tables.resolve(c), ctx.module.tables.resolve(c)


READERS: dict[str, Callable[[FuncContext, Cursor, OpInfo], tuple]] = {
    "label": _label, "br_table": _br_table, "func": _func,
    "call_indirect": _call_indirect, "local": _local, "global": _global, "table": _table,
    "data": _data, "elem": _elem, "mem": _mem, "memarg": _memarg, "memarg_lane": _memarg_lane,
    "lane": _lane, "shuffle": _shuffle, "v128": _v128, "reftype": _reftype,
    "i32": _const(parse_int, 32), "i64": _const(parse_int, 64),
    "f32": _const(parse_float, 32), "f64": _const(parse_float, 64),
    "memory.init": _memory_init, "memory.copy": _memory_copy,
    "table.init": _table_init, "table.copy": _table_copy,
}
"""Immediate readers by ``OpInfo.imm``; instructions without immediates, and
``blocktype`` and ``select_t``, are the instruction parser's business."""
