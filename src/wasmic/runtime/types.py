"""The types of the public API: value, function, global, memory and table
types, limits, and the types of a module's imports and exports.

Names, signatures and errors follow wasmtime-py so code written for it runs
unchanged.  Each class is a thin, immutable face over the plain data of
``wasmic.syntax.types`` (``_from_syntax`` / ``_to_syntax`` convert), with
two deliberate differences from wasmtime-py: types compare and hash by
structure (wasmtime-py compares function, global, memory and table types by
identity), and ``str(ValType.externref())`` is ``"externref"`` (wasmtime-py
prints the C API's old name, ``"anyref"``).

Bad arguments raise ``TypeError`` for a wrong Python type and ``WasmError``
for a value no WebAssembly type can have, as wasmtime-py does.

The classes live in ``value_types`` (value, function and global types),
``limits`` (limits, memory and table types) and ``import_types`` (import
and export types); this module gathers them.
"""

from .import_types import (AsExternType, ExportType, ImportType, module_export_types,
                           module_import_types)
from .limits import Limits, MemoryType, TableType
from .value_types import FuncType, GlobalType, ValType

__all__ = [
    "AsExternType", "ExportType", "FuncType", "GlobalType", "ImportType", "Limits", "MemoryType",
    "TableType", "ValType", "module_export_types", "module_import_types",
]
