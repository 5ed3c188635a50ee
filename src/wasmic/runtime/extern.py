"""Externs: the runtime objects an import can be given or an export names,
and the import matching rules of the spec ("external typing")."""

from __future__ import annotations

from typing import Any

from ..errors import WasmError
from ..syntax import types as syn
from ..syntax.module import Import, Module
from .func import Func
from .global_ import Global
from .memory import Memory
from .table import Table

EXTERN_KINDS = {Func: syn.ExternKind.FUNC, Table: syn.ExternKind.TABLE,
                Memory: syn.ExternKind.MEMORY, Global: syn.ExternKind.GLOBAL}


def extern_kind(value: Any) -> syn.ExternKind | None:
    """What kind of extern ``value`` is, or None if it is not one."""
    return EXTERN_KINDS.get(type(value))


def _limits_match(actual: syn.Limits, expected: syn.Limits) -> bool:
    if actual.min < expected.min:
        return False
    if expected.max is None:
        return True
    return actual.max is not None and actual.max <= expected.max


def _describe_type(value: Any) -> str:
    if isinstance(value, Func):
        return f"func {value._type}"
    if isinstance(value, (Table, Memory)):
        current = value._current_type()
        limits = current.limits
        bounds = f"{limits.min}..{'' if limits.max is None else limits.max}"
        return f"table {bounds} {current.elem}" if isinstance(value, Table) else f"memory {bounds}"
    if isinstance(value, Global):
        return f"global {'mut ' if value._type.mutable else ''}{value._type.value}"
    return type(value).__name__


def _describe_import(imp: Import, module: Module) -> str:
    desc = imp.desc
    if imp.kind == syn.ExternKind.FUNC:
        return f"func {module.types[desc]}"
    if imp.kind == syn.ExternKind.GLOBAL:
        return f"global {'mut ' if desc.mutable else ''}{desc.value}"
    bounds = f"{desc.limits.min}..{'' if desc.limits.max is None else desc.limits.max}"
    return f"table {bounds} {desc.elem}" if imp.kind == syn.ExternKind.TABLE else f"memory {bounds}"


def matches(imp: Import, value: Any, module: Module) -> bool:
    """Does ``value`` satisfy the import ``imp`` of ``module``?"""
    kind = extern_kind(value)
    if kind != imp.kind:
        return False
    if kind == syn.ExternKind.FUNC:
        return value._type == module.types[imp.desc]
    if kind == syn.ExternKind.GLOBAL:
        return value._type == imp.desc
    current = value._current_type()
    if kind == syn.ExternKind.TABLE and current.elem != imp.desc.elem:
        return False
    return _limits_match(current.limits, imp.desc.limits)


def check_import(imp: Import, value: Any, module: Module) -> None:
    """Raise WasmError naming the import unless ``value`` satisfies it."""
    if extern_kind(value) is None:
        raise TypeError(f"import `{imp.module}::{imp.name}` must be a Func, Table, Memory or "
                        f"Global, got {type(value).__name__}")
    if not matches(imp, value, module):
        raise WasmError(f"incompatible import type for `{imp.module}::{imp.name}`: expected "
                        f"{_describe_import(imp, module)}, found {_describe_type(value)}")
