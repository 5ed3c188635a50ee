"""Module-level validation: the rules outside function bodies, then every body.

Follows the spec's "Modules" validation: limits of tables and memories, at
most one memory, constant expressions of globals and segments, segment
targets, the start function, unique export names, and the set ``C.refs`` of
functions that ``ref.func`` may name inside function bodies.
"""

from __future__ import annotations

from ..errors import ValidationError
from ..syntax.module import ElemMode, Module
from ..syntax.types import I32, MAX_PAGES, ExternKind, Limits, MemoryType, TableType
from .const import check_const_expr, referenced_funcs
from .context import Context
from .func import validate_func
from .info import ModuleInfo

_U32_MAX = 2**32 - 1


def validate_module(module: Module) -> ModuleInfo:
    """Validate ``module`` by the WebAssembly 2.0 rules (SIMD included).

    Returns what later passes need to know about it; raises ``ValidationError``
    naming the first rule broken (with the function index and offset of the
    instruction, for errors inside a function body).
    """
    ctx = Context(module)
    for i, table in enumerate(ctx.tables):
        _check_table_type(table, f"table {i}")
    for i, mem in enumerate(ctx.mems):
        _check_memory_type(mem, f"memory {i}")
    if len(ctx.mems) > 1:
        raise ValidationError(f"multiple memories: {len(ctx.mems)} (at most one in Wasm 2.0)")
    ctx.refs = _declared_refs(module)
    first_global = ctx.imported_globals
    for i, glob in enumerate(module.globals):
        check_const_expr(ctx, glob.init, glob.type.value, f"global {first_global + i}")
    for i, elem in enumerate(module.elems):
        _check_elem(ctx, elem, f"elem segment {i}")
    for i, data in enumerate(module.datas):
        if data.mode.kind == "active":
            _check_index(data.mode.memory, len(ctx.mems), "memory", f"data segment {i}")
            check_const_expr(ctx, data.mode.offset, I32, f"data segment {i} offset")
    if module.start is not None:
        _check_start(ctx, module.start)
    _check_exports(ctx, module)
    first_func = len(ctx.funcs) - len(module.funcs)
    funcs = [validate_func(ctx, func, first_func + i) for i, func in enumerate(module.funcs)]
    return ModuleInfo(funcs, ctx.funcs, ctx.tables, ctx.mems, ctx.globals)


def _check_limits(limits: Limits, bound: int, too_big: str, where: str) -> None:
    if limits.min > bound or (limits.max is not None and limits.max > bound):
        raise ValidationError(f"{too_big} ({where})")
    if limits.max is not None and limits.min > limits.max:
        raise ValidationError(f"size minimum must not be greater than maximum ({where})")


def _check_table_type(table: TableType, where: str) -> None:
    _check_limits(table.limits, _U32_MAX, "table size must be at most 2^32-1", where)
    if not table.elem.is_ref:
        raise ValidationError(f"type mismatch: table elements must be references ({where})")


def _check_memory_type(mem: MemoryType, where: str) -> None:
    _check_limits(mem.limits, MAX_PAGES, "memory size must be at most 65536 pages (4GiB)", where)
    if mem.shared:
        raise ValidationError(f"shared memories are not part of Wasm 2.0 ({where})")


def _check_index(index: int, count: int, space: str, where: str) -> None:
    if not 0 <= index < count:
        raise ValidationError(f"unknown {space} {index} in {where}")


def _declared_refs(module: Module) -> set[int]:
    """C.refs: functions referenced outside function bodies (and the start function)."""
    refs = {exp.index for exp in module.exports if exp.kind == ExternKind.FUNC}
    exprs = [glob.init for glob in module.globals]
    for elem in module.elems:
        exprs += elem.init
        if elem.mode.offset is not None:
            exprs.append(elem.mode.offset)
    exprs += [data.mode.offset for data in module.datas if data.mode.offset is not None]
    for expr in exprs:
        refs.update(referenced_funcs(expr))
    return refs


def _check_elem(ctx: Context, elem, where: str) -> None:
    if not elem.type.is_ref:
        raise ValidationError(f"type mismatch: element type must be a reference ({where})")
    for item in elem.init:
        check_const_expr(ctx, item, elem.type, where)
    mode: ElemMode = elem.mode
    if mode.kind == "active":
        _check_index(mode.table, len(ctx.tables), "table", where)
        table_elem = ctx.tables[mode.table].elem
        if table_elem is not elem.type:
            raise ValidationError(
                f"type mismatch: {elem.type} elements for a table of {table_elem} ({where})")
        check_const_expr(ctx, mode.offset, I32, f"{where} offset")


def _check_start(ctx: Context, start: int) -> None:
    _check_index(start, len(ctx.funcs), "function", "start")
    ftype = ctx.funcs[start]
    if ftype.params or ftype.results:
        raise ValidationError(f"start function must have type [] -> [], not {ftype}")


_SPACES = {ExternKind.FUNC: "function", ExternKind.TABLE: "table", ExternKind.MEMORY: "memory",
           ExternKind.GLOBAL: "global"}


def _check_exports(ctx: Context, module: Module) -> None:
    sizes = {ExternKind.FUNC: len(ctx.funcs), ExternKind.TABLE: len(ctx.tables),
             ExternKind.MEMORY: len(ctx.mems), ExternKind.GLOBAL: len(ctx.globals)}
    names: set[str] = set()
    for exp in module.exports:
        if exp.name in names:
            raise ValidationError(f"duplicate export name {exp.name!r}")
        names.add(exp.name)
        _check_index(exp.index, sizes[exp.kind], _SPACES[exp.kind], f"export {exp.name!r}")
