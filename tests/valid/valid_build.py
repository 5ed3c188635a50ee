"""Builders for the validation tests: modules as ``syntax`` objects, no parser needed."""

from __future__ import annotations

import pytest

from wasmic.errors import ValidationError
from wasmic.syntax import (FuncType, Func, Limits, Memory, MemoryType, Module, Op, Table,
                           TableType, ValueType)
from wasmic.syntax.types import FUNCREF
from wasmic.valid import FuncInfo, ModuleInfo, validate_module


def func_module(body: list, params=(), results=(), locals=(), **parts) -> Module:
    """A module whose only defined function has ``body`` (``end`` appended)."""
    module = Module(**parts)
    module.types = [*module.types, FuncType(tuple(params), tuple(results))]
    module.funcs = [*module.funcs, Func(len(module.types) - 1, tuple(locals), [*body, (Op.END,)])]
    return module


def with_memory(**parts) -> dict:
    """Module parts giving one memory of one page."""
    return {"mems": [Memory(MemoryType(Limits(1)))], **parts}


def with_table(elem: ValueType = FUNCREF, **parts) -> dict:
    """Module parts giving one table of ten elements."""
    return {"tables": [Table(TableType(Limits(10), elem))], **parts}


def valid(module: Module) -> ModuleInfo:
    return validate_module(module)


def valid_body(body: list, params=(), results=(), locals=(), **parts) -> FuncInfo:
    """Validate a one-function module; return the function's info."""
    info = validate_module(func_module(body, params, results, locals, **parts))
    return info.funcs[-1]


def invalid(module: Module, message: str) -> ValidationError:
    """Assert ``module`` is rejected with ``message`` in the error."""
    with pytest.raises(ValidationError) as caught:
        validate_module(module)
    assert message in str(caught.value)
    return caught.value


def invalid_body(body: list, message: str, params=(), results=(), locals=(),
                 **parts) -> ValidationError:
    """Assert a one-function module with ``body`` is rejected with ``message``."""
    return invalid(func_module(body, params, results, locals, **parts), message)
