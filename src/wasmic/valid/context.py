"""The validation context (the spec's ``C``): the types of every index space.

Built once per module from its imports and definitions, checking on the way
that every function's type index exists.  Function bodies read it through
plain attributes and lists, precomputed for the hot loop.
"""

from __future__ import annotations

from ..errors import ValidationError
from ..syntax.module import Module
from ..syntax.types import ExternKind, FuncType, GlobalType, MemoryType, TableType, ValueType


MAX_ARITY = 1000
"""Most params or results a function type may have, as in wasmtime: validating
an instruction costs time in its arity, so this keeps validation linear."""


class Context:
    """The types of a module's index spaces, imports first, as validation sees them."""

    __slots__ = ("types", "type_sigs", "funcs", "func_sigs", "tables", "mems", "globals",
                 "global_types", "global_mutable", "imported_globals", "elems", "ndatas", "refs",
                 "names")

    def __init__(self, module: Module):
        self.types: list[FuncType] = module.types
        for i, ftype in enumerate(module.types):
            if len(ftype.params) > MAX_ARITY or len(ftype.results) > MAX_ARITY:
                raise ValidationError(f"type {i} has more than {MAX_ARITY} params or results "
                                      "(an implementation limit)")
        # Each type's (params, results) as lists, the form the stack code compares.
        self.type_sigs: list[tuple[list, list]] = [(list(t.params), list(t.results))
                                                   for t in module.types]
        type_indices: list[int] = []
        self.tables: list[TableType] = []
        self.mems: list[MemoryType] = []
        self.globals: list[GlobalType] = []
        for imp in module.imports:
            if imp.kind == ExternKind.FUNC:
                type_indices.append(self.check_type(imp.desc, f"import {imp.module}.{imp.name}"))
            elif imp.kind == ExternKind.TABLE:
                self.tables.append(imp.desc)
            elif imp.kind == ExternKind.MEMORY:
                self.mems.append(imp.desc)
            else:
                self.globals.append(imp.desc)
        self.imported_globals = len(self.globals)
        for func in module.funcs:
            type_indices.append(self.check_type(func.type_index, f"function {len(type_indices)}"))
        self.funcs: list[FuncType] = [self.types[x] for x in type_indices]
        self.func_sigs: list[tuple[list, list]] = [self.type_sigs[x] for x in type_indices]
        self.tables += [table.type for table in module.tables]
        self.mems += [mem.type for mem in module.mems]
        self.globals += [glob.type for glob in module.globals]
        self.global_types: list[ValueType] = [g.value for g in self.globals]
        self.global_mutable: list[bool] = [g.mutable for g in self.globals]
        self.elems: list[ValueType] = [elem.type for elem in module.elems]
        self.ndatas = module.data_count if module.data_count is not None else len(module.datas)
        # Functions that ``ref.func`` may name in function bodies; filled by the
        # module checks before any body is validated.
        self.refs: set[int] = set()
        self.names: dict[int, str] = module.names.funcs  # for error messages

    def check_type(self, type_index: int, where: str) -> int:
        """``type_index`` if it names a type; else raises "unknown type" naming ``where``."""
        if not 0 <= type_index < len(self.types):
            raise ValidationError(f"unknown type {type_index} ({where})")
        return type_index
