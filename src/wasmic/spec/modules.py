"""A script's modules: turning each form into a Module, and checking which
phase rejects the ones a script asserts to be malformed or invalid."""

from __future__ import annotations

from ..binary import decode_module
from ..errors import DecodeError, ParseError, ValidationError, WasmError
from ..syntax.module import Module
from ..syntax.script import ScriptModule
from ..text import parse_module
from ..valid import ModuleInfo, validate_module


def to_module(script_module: ScriptModule) -> Module:
    """The module as written: decoded (binary form) or parsed (quote form); not validated."""
    if script_module.form == "text":
        return script_module.module
    if script_module.form == "binary":
        return decode_module(script_module.data)
    if script_module.form == "quote":
        return parse_module(script_module.data)
    raise ValueError(f"unknown module form {script_module.form!r}")


def load(script_module: ScriptModule) -> tuple[Module, ModuleInfo]:
    """The module, validated, with what validation learned about it."""
    module = to_module(script_module)
    return module, validate_module(module)


def malformed_mismatch(script_module: ScriptModule) -> str | None:
    """None if decoding (binary) or parsing (text) rejects the module; else why that failed."""
    expected = (DecodeError,) if script_module.form == "binary" else (ParseError, DecodeError)
    try:
        load(script_module)
    except expected:
        return None
    except WasmError as exc:
        return f"expected {_names(expected)}, got {_describe(exc)}"
    return f"expected {_names(expected)}, but the module was accepted"


def invalid_mismatch(script_module: ScriptModule) -> str | None:
    """None if the module reads fine and validation rejects it; else why that failed."""
    module = to_module(script_module)  # a WasmError here is already the failure reason
    try:
        validate_module(module)
    except ValidationError:
        return None
    return "expected ValidationError, but the module was accepted"


def _names(classes: tuple[type, ...]) -> str:
    return " or ".join(cls.__name__ for cls in classes)


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"
