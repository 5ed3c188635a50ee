"""The runtime: stores and the objects wasm code works on (functions,
memories, tables, globals), modules, instances and the linker, with the
public types, values, traps and configuration."""

from .config import Config, Engine
from .func import Caller, Func
from .global_ import Global
from .instance import Instance, InstanceExports
from .instance_pre import InstancePre
from .linker import Linker
from .memory import Memory
from .module import Module
from .shared_memory import SharedMemory
from .store import Store
from .store_context import StoreContext
from .table import Table
from .tag import Tag, TagType
from .trap import ExitTrap, Frame, Trap, TrapCode
from .types import (ExportType, FuncType, GlobalType, ImportType, Limits, MemoryType, TableType,
                    ValType)
from .values import Val

__all__ = [
    "Caller", "Config", "Engine", "ExitTrap", "ExportType", "Frame", "Func", "FuncType", "Global",
    "GlobalType", "ImportType", "Instance", "InstanceExports", "InstancePre", "Limits", "Linker",
    "Memory", "MemoryType", "Module", "SharedMemory", "Store", "StoreContext", "Table", "TableType",
    "Tag", "TagType", "Trap", "TrapCode", "Val", "ValType",
]
