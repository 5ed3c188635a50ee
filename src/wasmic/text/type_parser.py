"""Types in the text format: value types, function signatures and type uses,
limits, and the types of tables, memories and globals."""

from __future__ import annotations

from ..syntax.types import (EXTERNREF, FUNCREF, FuncType, GlobalType, Limits, MemoryType,
                            TableType, ValueType)
from .context import IndexSpace, ModuleContext
from .cursor import Cursor

VALUE_TYPES = {t.value: t for t in ValueType}
REF_TYPES = {"funcref": FUNCREF, "externref": EXTERNREF}
HEAP_TYPES = {"func": FUNCREF, "extern": EXTERNREF}


def _keyword_type(c: Cursor, table: dict[str, ValueType]) -> ValueType:
    """The type ``table`` gives the keyword at the cursor, which it consumes."""
    item = c.peek()
    t = table.get(item) if type(item) is str else None
    if t is None:
        raise c.unexpected()
    c.i += 1
    return t


def value_type(c: Cursor) -> ValueType:
    return _keyword_type(c, VALUE_TYPES)


def ref_type(c: Cursor) -> ValueType:
    return _keyword_type(c, REF_TYPES)


def heap_type(c: Cursor) -> ValueType:
    """``func`` or ``extern`` (after ``ref.null``), as the reference type it makes."""
    return _keyword_type(c, HEAP_TYPES)


def params_and_results(c: Cursor, param_names: IndexSpace | None
                       ) -> tuple[list[ValueType], list[ValueType]]:
    """``(param ...)* (result ...)*``; a named ``(param $x t)`` binds $x in
    ``param_names``, or is malformed where names are not allowed (None)."""
    params: list[ValueType] = []
    results: list[ValueType] = []
    while c.peek_head() == "param":
        p = c.sub("param")
        if p.peek_id():
            if param_names is None:
                raise p.unexpected()
            offset = p.offset()
            param_names.declare(p.atom(), p, offset)
            params.append(value_type(p))
            p.end()
            continue
        while not p.at_end():
            params.append(value_type(p))
            if param_names is not None:
                param_names.declare(None, p)
    while c.peek_head() == "result":
        r = c.sub("result")
        while not r.at_end():
            results.append(value_type(r))
    if c.peek_head() == "param":
        raise c.unexpected()
    return params, results


def func_type(c: Cursor) -> FuncType:
    """``(func (param ...)* (result ...)*)`` of a type definition."""
    f = c.sub("func")
    params, results = params_and_results(f, IndexSpace("param"))
    f.end()
    return FuncType(tuple(params), tuple(results))


def type_use(c: Cursor, ctx: ModuleContext, param_names: IndexSpace | None
             ) -> tuple[int | None, FuncType]:
    """``(type x)? (param ...)* (result ...)*``: the explicit index (if any) and the signature.

    With both an index and inline declarations, they must agree ("inline
    function type").  Callers decide whether a missing index means an
    implicit type (see ``ModuleContext.implicit_type``).
    """
    index = None
    if c.peek_head() == "type":
        t = c.sub("type")
        index = ctx.types_space.resolve(t)
        t.end()
    offset = c.offset()
    params, results = params_and_results(c, param_names)
    inline = FuncType(tuple(params), tuple(results))
    if index is None:
        return None, inline
    if index < len(ctx.types):
        declared = ctx.types[index]
        if (params or results) and declared != inline:
            raise c.error("inline function type does not match the type definition", offset)
        if param_names is not None and not params:
            for _ in declared.params:
                param_names.declare(None, c)
        return index, declared
    if params or results:
        raise c.error(f"unknown type {index}", offset)
    return index, inline


def func_type_index(c: Cursor, ctx: ModuleContext, param_names: IndexSpace | None
                    ) -> tuple[int, FuncType]:
    """A function's type use resolved to a type index (implicit types appended)."""
    index, signature = type_use(c, ctx, param_names)
    if index is None:
        index = ctx.implicit_type(signature)
    return index, signature


def limits(c: Cursor) -> Limits:
    minimum = c.nat()
    maximum = c.nat() if c.peek_index() and not c.peek_id() else None
    return Limits(minimum, maximum)


def table_type(c: Cursor) -> TableType:
    lim = limits(c)
    return TableType(lim, ref_type(c))


def memory_type(c: Cursor) -> MemoryType:
    return MemoryType(limits(c))


def global_type(c: Cursor) -> GlobalType:
    if c.peek_head() == "mut":
        m = c.sub("mut")
        vt = value_type(m)
        m.end()
        return GlobalType(vt, True)
    return GlobalType(value_type(c), False)
