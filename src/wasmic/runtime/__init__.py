"""The runtime: stores and the objects wasm code works on (functions,
memories, tables, globals), modules, instances and the linker, with the
public types, values, traps and configuration."""

from .config import Config, Engine
from .func import Caller, Func
from .global_ import Global
from .instance import Instance, InstanceExports
from .linker import InstancePre, Linker
from .memory import Memory
from .module import Module
from .store import Store
from .table import Table
from .trap import ExitTrap, Frame, Trap, TrapCode
from .types import (ExportType, FuncType, GlobalType, ImportType, Limits, MemoryType, TableType,
                    ValType)
from .values import Val

__all__ = [
    "Caller", "Config", "Engine", "ExitTrap", "ExportType", "Frame", "Func", "FuncType", "Global",
    "GlobalType", "ImportType", "Instance", "InstanceExports", "InstancePre", "Limits", "Linker",
    "Memory", "MemoryType", "Module", "Store", "Table", "TableType", "Trap", "TrapCode", "Val",
    "ValType",
]
