"""Element and data segments in the text format, with their abbreviations:
``(offset ...)`` or one folded instruction as the offset, ``func x*`` and the
legacy bare function list, ``(item ...)`` or one folded instruction per
element, and the segments written inline in ``(table ...)``/``(memory ...)``."""

from __future__ import annotations

from ..syntax.module import Data, DataMode, Elem, ElemMode
from ..syntax.opcodes import Op
from ..syntax.types import FUNCREF, ValueType
from .context import FuncContext, IndexSpace, ModuleContext
from .cursor import Cursor
from .instructions import InstrParser
from .type_parser import REF_TYPES, ref_type

_ZERO_OFFSET = [(Op.I32_CONST.value, 0), (Op.END.value,)]


def constant_parser(ctx: ModuleContext) -> InstrParser:
    """An instruction parser for constant expressions (no locals, no labels)."""
    return InstrParser(FuncContext(ctx))


def offset(c: Cursor, ctx: ModuleContext) -> list:
    """``(offset instr*)`` or a single folded instruction."""
    if c.peek_head() == "offset":
        return constant_parser(ctx).expression(c.sub("offset"))
    if c.peek_head() is None:
        raise c.unexpected()
    return constant_parser(ctx).folded_expression(c)


def func_refs(c: Cursor, ctx: ModuleContext) -> list[list]:
    """Function indices as ``ref.func`` expressions, to the end of ``c``."""
    refs = []
    while not c.at_end():
        refs.append([(Op.REF_FUNC.value, ctx.funcs.resolve(c)), (Op.END.value,)])
    return refs


def elem_list(c: Cursor, ctx: ModuleContext) -> tuple[ValueType, list[list]]:
    """``func x*`` or ``reftype elemexpr*`` to the end of ``c``."""
    if c.take_keyword("func"):
        return FUNCREF, func_refs(c, ctx)
    elem_type = ref_type(c)
    return elem_type, elem_exprs(c, ctx)


def elem_exprs(c: Cursor, ctx: ModuleContext) -> list[list]:
    """``(item instr*)`` or single folded instructions, to the end of ``c``."""
    parser = constant_parser(ctx)
    items = []
    while not c.at_end():
        if c.peek_head() == "item":
            items.append(parser.expression(c.sub("item")))
        else:
            items.append(parser.folded_expression(c))
    return items


def explicit_index(c: Cursor, head: str, space: IndexSpace) -> int:
    """The index of an optional ``(table x)`` or ``(memory x)``; 0 without one."""
    if c.peek_head() != head:
        return 0
    sub = c.sub(head)
    index = space.resolve(sub)
    sub.end()
    return index


def starts_elem_list(c: Cursor) -> bool:
    """Whether ``func`` or a reference type (an ``elem_list``) comes next."""
    return c.peek_atom() in REF_TYPES or c.peek_atom() == "func"


def elem_segment(c: Cursor, ctx: ModuleContext) -> Elem:
    """The rest of ``(elem $id? ...)``, the cursor standing after the id."""
    if c.take_keyword("declare"):
        elem_type, items = elem_list(c, ctx)
        return Elem(elem_type, items, ElemMode("declarative"))
    if c.at_end() or starts_elem_list(c):
        elem_type, items = elem_list(c, ctx)
        return Elem(elem_type, items, ElemMode("passive"))
    table = explicit_index(c, "table", ctx.tables)
    mode = ElemMode("active", table, offset(c, ctx))
    if starts_elem_list(c):
        elem_type, items = elem_list(c, ctx)
        return Elem(elem_type, items, mode)
    return Elem(FUNCREF, func_refs(c, ctx), mode)


def inline_elem(c: Cursor, ctx: ModuleContext, elem_type: ValueType, table: int) -> Elem:
    """``(elem ...)`` inside a table: an active segment at offset 0."""
    items = func_refs(c, ctx) if c.peek_index() or c.at_end() else elem_exprs(c, ctx)
    return Elem(elem_type, items, ElemMode("active", table, list(_ZERO_OFFSET)))


def data_segment(c: Cursor, ctx: ModuleContext) -> Data:
    """The rest of ``(data $id? ...)``, the cursor standing after the id."""
    if c.at_end() or c.peek_string():
        data = c.strings()
        c.end()
        return Data(data, DataMode("passive"))
    memory = explicit_index(c, "memory", ctx.mems)
    mode = DataMode("active", memory, offset(c, ctx))
    data = c.strings()
    c.end()
    return Data(data, mode)


def inline_data(data: bytes, memory: int) -> Data:
    """``(data ...)`` inside a memory: an active segment at offset 0."""
    return Data(data, DataMode("active", memory, list(_ZERO_OFFSET)))
