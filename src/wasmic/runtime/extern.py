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
    """What kind of extern ``value`` is (of either tier), or None if it is not one."""
    for cls in type(value).__mro__:
        kind = EXTERN_KINDS.get(cls)
        if kind is not None:
            return kind
    return None


def _limits_match(actual: syn.Limits, expected: syn.Limits) -> bool:
    if actual.min < expected.min:
        return False
    if expected.max is None:
        return True
    return actual.max is not None and actual.max <= expected.max


def _current_type(value: Any) -> Any:
    """The internal type of the extern ``value`` as import matching sees it
    (a table or memory with its current size as minimum)."""
    if isinstance(value, (Table, Memory)):
        return value._current_type()
    return value._type


def _import_type(imp: Import, module: Module) -> Any:
    """The internal type the import ``imp`` of ``module`` asks for."""
    return module.types[imp.desc] if imp.kind == syn.ExternKind.FUNC else imp.desc


def _describe_type(kind: syn.ExternKind, ty: Any) -> str:
    if kind == syn.ExternKind.FUNC:
        return f"func {ty}"
    if kind == syn.ExternKind.GLOBAL:
        return f"global {'mut ' if ty.mutable else ''}{ty.value}"
    bounds = f"{ty.limits.min}..{'' if ty.limits.max is None else ty.limits.max}"
    return f"table {bounds} {ty.elem}" if kind == syn.ExternKind.TABLE else f"memory {bounds}"


def matches(imp: Import, value: Any, module: Module) -> bool:
    """Does ``value`` satisfy the import ``imp`` of ``module``?"""
    kind = extern_kind(value)
    if kind != imp.kind:
        return False
    actual, expected = _current_type(value), _import_type(imp, module)
    if kind in (syn.ExternKind.FUNC, syn.ExternKind.GLOBAL):
        return actual == expected
    if kind == syn.ExternKind.TABLE and actual.elem != expected.elem:
        return False
    return _limits_match(actual.limits, expected.limits)


def check_import(imp: Import, value: Any, module: Module) -> None:
    """Raise WasmError naming the import unless ``value`` satisfies it."""
    if extern_kind(value) is None:
        raise TypeError(f"import `{imp.module}::{imp.name}` must be a Func, Table, Memory or "
                        f"Global, got {type(value).__name__}")
    if not matches(imp, value, module):
        raise WasmError(f"incompatible import type for `{imp.module}::{imp.name}`: expected "
                        f"{_describe_type(imp.kind, _import_type(imp, module))}, found "
                        f"{_describe_type(extern_kind(value), _current_type(value))}")
