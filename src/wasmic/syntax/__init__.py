"""Module structure and types: plain data shared by every phase."""

from .module import (CustomSection, Data, DataMode, Elem, ElemMode, Export, Func, Global, Import,
                     Memory, Module, Names, Table)
from .opcodes import OPS, OPS_BY_NAME, Op, OpInfo
from .types import (EXTERNREF, F32, F64, FUNCREF, I32, I64, V128, ExternKind, FuncType, GlobalType,
                    Limits, MemoryType, TableType, ValueType)

__all__ = [
    "CustomSection", "Data", "DataMode", "Elem", "ElemMode", "Export", "Func", "Global", "Import",
    "Memory", "Module", "Names", "Table", "OPS", "OPS_BY_NAME", "Op", "OpInfo", "EXTERNREF", "F32",
    "F64", "FUNCREF", "I32", "I64", "V128", "ExternKind", "FuncType", "GlobalType", "Limits",
    "MemoryType", "TableType", "ValueType",
]
