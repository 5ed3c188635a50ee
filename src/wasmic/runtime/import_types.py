"""The public types of a module's imports and exports: ``ImportType`` and
``ExportType``, and the descriptions of a (validated) module's imports and
exports (see ``types`` for the conventions all public types follow)."""

from __future__ import annotations

from typing import Any

from ..errors import WasmError
from ..syntax import types as syn
from ..syntax.module import Export, Import, Module
from .describe import describe
from .limits import MemoryType, TableType
from .type_base import Structural
from .value_types import FuncType, GlobalType

AsExternType = FuncType | TableType | MemoryType | GlobalType
"""The type of anything a module imports or exports."""

_EXTERN_TYPES = (FuncType, TableType, MemoryType, GlobalType)


def _check_extern_type(ty: Any) -> AsExternType:
    if not isinstance(ty, _EXTERN_TYPES):
        raise TypeError(f"expected a FuncType, TableType, MemoryType or GlobalType, "
                        f"got {describe(ty)}")
    return ty


def _check_name(name: Any, what: str) -> str:
    if not isinstance(name, str):
        raise TypeError(f"{what} must be a str, got {describe(name)}")
    return name


class ImportType(Structural):
    """One import of a module: the module and field it names, and its type."""

    __slots__ = ("_module", "_name", "_type")

    def __init__(self, module: str, name: str, type: AsExternType):
        self._module = _check_name(module, "import module name")
        self._name = _check_name(name, "import name")
        self._type = _check_extern_type(type)

    @property
    def module(self) -> str:
        """The name of the module the import is taken from."""
        return self._module

    @property
    def name(self) -> str:
        """The name of the imported item within that module."""
        return self._name

    @property
    def type(self) -> AsExternType:
        """What the import must be: a function, table, memory or global type."""
        return self._type

    @classmethod
    def _from_syntax(cls, imp: Import, module: Module) -> ImportType:
        """The public description of an import of a (validated) module."""
        desc = imp.desc
        if imp.kind is not syn.ExternKind.FUNC:
            return cls(imp.module, imp.name, _extern_from_syntax(desc))
        if not isinstance(desc, int) or not 0 <= desc < len(module.types):
            raise WasmError(f"import {imp.module!r} {imp.name!r} uses type {desc}, "
                            "which does not exist")
        return cls(imp.module, imp.name, FuncType._from_syntax(module.types[desc]))

    def _key(self) -> tuple:
        return (self._module, self._name, self._type)

    def __repr__(self) -> str:
        return f"ImportType({self._module!r}, {self._name!r}, {self._type!r})"


class ExportType(Structural):
    """One export of a module: its name and type."""

    __slots__ = ("_name", "_type")

    def __init__(self, name: str, type: AsExternType):
        self._name = _check_name(name, "export name")
        self._type = _check_extern_type(type)

    @property
    def name(self) -> str:
        """The name the item is exported under."""
        return self._name

    @property
    def type(self) -> AsExternType:
        """The type of the exported function, table, memory or global."""
        return self._type

    @classmethod
    def _from_syntax(cls, export: Export, module: Module) -> ExportType:
        """The public description of an export of a (validated) module."""
        return module_export_types(module, [export])[0]

    def _key(self) -> tuple:
        return (self._name, self._type)

    def __repr__(self) -> str:
        return f"ExportType({self._name!r}, {self._type!r})"


def _extern_from_syntax(ty: object) -> AsExternType:
    """The public face of an internal table, memory or global type."""
    if isinstance(ty, syn.TableType):
        return TableType._from_syntax(ty)
    if isinstance(ty, syn.MemoryType):
        return MemoryType._from_syntax(ty)
    if isinstance(ty, syn.GlobalType):
        return GlobalType._from_syntax(ty)
    raise WasmError(f"expected a table, memory or global type, got {describe(ty)}")


def module_import_types(module: Module) -> list[ImportType]:
    """The public descriptions of a module's imports, in order."""
    return [ImportType._from_syntax(imp, module) for imp in module.imports]


def module_export_types(module: Module, exports: list[Export] | None = None) -> list[ExportType]:
    """The public descriptions of a module's exports (or of the given ones), in order."""
    spaces: dict[syn.ExternKind, list[Any]] = {
        syn.ExternKind.TABLE: [imp.desc for imp in module.imported(syn.ExternKind.TABLE)]
        + [table.type for table in module.tables],
        syn.ExternKind.MEMORY: [imp.desc for imp in module.imported(syn.ExternKind.MEMORY)]
        + [mem.type for mem in module.mems],
        syn.ExternKind.GLOBAL: [imp.desc for imp in module.imported(syn.ExternKind.GLOBAL)]
        + [glob.type for glob in module.globals],
    }
    func_count = len(module.imported(syn.ExternKind.FUNC)) + len(module.funcs)
    result = []
    for export in module.exports if exports is None else exports:
        kind, index = export.kind, export.index
        count = func_count if kind is syn.ExternKind.FUNC else len(spaces[kind])
        if not 0 <= index < count:
            raise WasmError(f"export {export.name!r} refers to {kind} {index}, which does not exist")
        if kind is syn.ExternKind.FUNC:
            try:
                ty: AsExternType = FuncType._from_syntax(module.func_type(index))
            except (IndexError, TypeError):
                raise WasmError(f"export {export.name!r}: function {index} has no valid type") from None
        else:
            ty = _extern_from_syntax(spaces[kind][index])
        result.append(ExportType(export.name, ty))
    return result
