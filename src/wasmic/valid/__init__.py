"""Validation: checks a module against the WebAssembly 2.0 rules (SIMD included).

``validate_module(module) -> ModuleInfo`` returns what the lowering pass needs
(stack heights before each instruction, operand types of ``drop``/``select``,
resolved block types; the exact contract is in ``info``) or raises
``ValidationError(message, func=<function index>, offset=<byte offset of the
instruction, or its position in the body when the module came from text>)``
whose message contains the spec's wording ("type mismatch", "unknown local"...).
"""

from ..errors import ValidationError
from .info import FuncInfo, ModuleInfo
from .module import validate_module

__all__ = ["FuncInfo", "ModuleInfo", "ValidationError", "validate_module"]
