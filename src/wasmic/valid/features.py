"""Rejecting modules that use a WebAssembly 2.0 feature the engine's
``Config`` turned off (``wasm_bulk_memory``, ``wasm_multi_value``,
``wasm_reference_types``, ``wasm_simd``).

A separate pass over a module that already validated, run only when some
feature is off, so the validator itself stays feature-agnostic and fast.
It raises ``ValidationError`` naming the feature, the setting that turns it
on, and where it is used (function index and byte offset when known).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from ..errors import ValidationError
from ..syntax.module import Module
from ..syntax.opcodes import OPS, SIMD_PREFIX, Op
from ..syntax.types import EXTERNREF, FUNCREF, V128, ExternKind, GlobalType, TableType, ValueType

FEATURES = {
    "bulk_memory": "bulk memory operations",
    "multi_value": "multi-value",
    "reference_types": "reference types",
    "simd": "SIMD",
}
"""Each switchable feature (``Config.wasm_<name>``) and how errors name it."""

_BULK_OPS = frozenset({Op.MEMORY_INIT, Op.DATA_DROP, Op.MEMORY_COPY, Op.MEMORY_FILL,
                       Op.TABLE_INIT, Op.ELEM_DROP, Op.TABLE_COPY})
_REFERENCE_OPS = frozenset({Op.REF_NULL, Op.REF_IS_NULL, Op.REF_FUNC, Op.TABLE_GET, Op.TABLE_SET,
                            Op.TABLE_SIZE, Op.TABLE_GROW, Op.TABLE_FILL, Op.SELECT_T})
_BLOCK_OPS = frozenset({Op.BLOCK, Op.LOOP, Op.IF})


class _Use(Exception):
    """A disabled feature is used: which one, and where."""

    def __init__(self, feature: str, what: str, func: int | None = None,
                 offset: int | None = None):
        super().__init__(feature)
        self.feature, self.what, self.func, self.offset = feature, what, func, offset


def check_features(module: Module, disabled: Collection[str]) -> None:
    """Raise ValidationError if the (valid) ``module`` uses a feature named
    in ``disabled`` (keys of ``FEATURES``)."""
    if not disabled:
        return
    unknown = set(disabled) - set(FEATURES)
    if unknown:
        raise ValueError(f"unknown features: {sorted(unknown)}")
    try:
        for feature, what in _module_uses(module):
            if feature in disabled:
                raise _Use(feature, what)
        _check_code(module, disabled)
    except _Use as use:
        raise ValidationError(f"{FEATURES[use.feature]} support is not enabled "
                              f"(Config.wasm_{use.feature}): {use.what}", use.func,
                              use.offset) from None


def _value_type_feature(kind: ValueType) -> str | None:
    if kind is V128:
        return "simd"
    if kind is FUNCREF or kind is EXTERNREF:
        return "reference_types"
    return None


def _types_use(kinds, what: str) -> Iterator[tuple[str, str]]:
    for kind in kinds:
        feature = _value_type_feature(kind)
        if feature is not None:
            yield feature, f"{what} uses {kind}"


def _module_uses(module: Module) -> Iterator[tuple[str, str]]:
    """(feature, description) of what the module's declarations use."""
    for index, ftype in enumerate(module.types):
        yield from _types_use(ftype.params + ftype.results, f"type {index}")
        if len(ftype.results) > 1:
            yield "multi_value", f"type {index} has {len(ftype.results)} results"
    tables = [imp.desc for imp in module.imported(ExternKind.TABLE)] + [t.type for t in module.tables]
    if len(tables) > 1:
        yield "reference_types", f"the module has {len(tables)} tables"
    for index, table in enumerate(tables):
        if isinstance(table, TableType) and table.elem is not FUNCREF:
            yield "reference_types", f"table {index} holds {table.elem}"
    globals_ = [imp.desc for imp in module.imported(ExternKind.GLOBAL)] + [
        g.type for g in module.globals]
    for index, glob in enumerate(globals_):
        if isinstance(glob, GlobalType):
            yield from _types_use([glob.value], f"global {index}")
    for index, elem in enumerate(module.elems):
        if elem.mode.kind != "active":
            feature = "bulk_memory" if elem.mode.kind == "passive" else "reference_types"
            yield feature, f"element segment {index} is {elem.mode.kind}"
        if elem.type is not FUNCREF or any(expr[0][0] != Op.REF_FUNC for expr in elem.init):
            yield "reference_types", f"element segment {index} holds {elem.type} expressions"
    for index, data in enumerate(module.datas):
        if data.mode.kind == "passive":
            yield "bulk_memory", f"data segment {index} is passive"
    if module.data_count is not None:
        yield "bulk_memory", "the module has a data count section"


def _check_code(module: Module, disabled: Collection[str]) -> None:
    """Raise ``_Use`` for the first instruction or local needing a disabled feature."""
    imported = len(module.imported(ExternKind.FUNC))
    for position, func in enumerate(module.funcs):
        index = imported + position
        for kind in func.locals:
            feature = _value_type_feature(kind)
            if feature in disabled:
                raise _Use(feature, f"a local of type {kind}", index)
        for at, instr in enumerate(func.body):
            feature = _instr_feature(instr, module)
            if feature is not None and feature in disabled:
                offset = func.offsets[at] if func.offsets is not None else None
                raise _Use(feature, f"instruction {_name(instr[0])}", index, offset)


def _instr_feature(instr: tuple, module: Module) -> str | None:
    """The switchable feature an instruction needs, if any.  (An index of a
    table other than 0 needs reference types too, but then the module has
    several tables, which ``_module_uses`` reports.)"""
    op = instr[0]
    if op >> 16 == SIMD_PREFIX:
        return "simd"
    if op in _BULK_OPS:
        return "bulk_memory"
    if op in _REFERENCE_OPS:
        return "reference_types"
    if op in _BLOCK_OPS:
        blocktype = instr[1]
        if isinstance(blocktype, int):
            ftype = module.types[blocktype]
            return "multi_value" if ftype.params or len(ftype.results) > 1 else None
        return _value_type_feature(blocktype) if blocktype is not None else None
    return None


def _name(op: int) -> str:
    return OPS[op].name
