"""Validation: checks a module against the WebAssembly 2.0 rules (SIMD included)
and records what the lowering pass needs (see ``info`` for the contract)."""

from ..errors import ValidationError
from .info import FuncInfo, ModuleInfo
from .module import validate_module

__all__ = ["FuncInfo", "ModuleInfo", "ValidationError", "validate_module"]
