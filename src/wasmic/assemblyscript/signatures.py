"""Function signatures in AssemblyScript types.

The .wasm carries only i32/i64/f32/f64; what those numbers mean lives in the
compiler's bindings (``bindings.py`` reads them) or comes from the user, as
text in the bindings' own notation or as Python annotations:

    "(string, Array<i32>, i32?) => string"      # '?': optional parameter
    def greet(name: str, times: "i32" = 1) -> str: ...
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..errors import WasmError
from .types import AsType, parse_type

VOID = AsType("void")

_PYTHON_TYPES: dict[Any, str] = {
    int: "i32", float: "f64", bool: "bool", str: "String", bytes: "ArrayBuffer",
    bytearray: "ArrayBuffer", None: "void", type(None): "void",
}

_PYTHON_NAMES = {"int": "i32", "float": "f64", "str": "String", "bytes": "ArrayBuffer",
                 "bytearray": "ArrayBuffer", "None": "void"}


@dataclass(frozen=True)
class Param:
    """One parameter: its name, type and whether it may be left out."""

    name: str
    type: AsType
    optional: bool = False


@dataclass(frozen=True)
class Signature:
    """Parameter and result types of a function."""

    params: tuple[Param, ...]
    result: AsType = VOID

    @property
    def has_optional(self) -> bool:
        """Whether some parameter may be left out."""
        return any(param.optional for param in self.params)

    def __str__(self) -> str:
        params = ", ".join(f"{p.type}{'?' if p.optional else ''}" for p in self.params)
        return f"({params}) => {self.result}"


def split_top_level(text: str, separator: str = ",") -> list[str]:
    """``text`` split at ``separator`` outside <...>, (...), [...] and {...}."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char in "<([{":
            depth += 1
        elif char in ">)]}" and not (char == ">" and text[index - 1:index] == "="):
            depth -= 1
        elif char == separator and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return [part.strip() for part in parts if part.strip()]


_SIGNATURE = re.compile(r"^\s*\((.*)\)\s*(?:=>|->|:)\s*(.+?)\s*$", re.S)


def parse_signature(text: str, param_names: list[str] | None = None) -> Signature:
    """The signature written ``(T1, T2?) => R``; WasmError if malformed."""
    match = _SIGNATURE.match(text) if isinstance(text, str) else None
    if match is None:
        raise WasmError(f"cannot read the signature {text!r}: expected '(T1, T2?) => R'")
    params = []
    for index, part in enumerate(split_top_level(match.group(1))):
        name, _, spelled = part.rpartition(":") if ":" in part else ("", "", part)
        optional = spelled.endswith("?") or name.endswith("?")
        spelled = spelled.rstrip("?").strip()
        name = name.rstrip("?").strip() or (param_names[index] if param_names and
                                            index < len(param_names) else f"arg{index}")
        params.append(Param(name, parse_type(spelled), optional))
    return Signature(tuple(params), parse_type(match.group(2)))


def python_type(annotation: Any, where: str) -> AsType:
    """The AssemblyScript type a Python annotation stands for: an AS type
    name as a string, or int (i32), float (f64), bool, str, bytes, None
    (as objects or as their names)."""
    if isinstance(annotation, str):  # also what ``from __future__ import annotations`` gives
        return parse_type(_PYTHON_NAMES.get(annotation.strip(), annotation))
    spelled = _PYTHON_TYPES.get(annotation)
    if spelled is None:
        raise WasmError(f"{where}: cannot map the annotation {annotation!r} to an "
                        "AssemblyScript type; write the type as a string, e.g. 'Array<i32>'")
    return parse_type(spelled)


def signature_of(func: Callable) -> Signature:
    """The signature from ``func``'s annotations (missing ones: i32 parameters,
    void result); parameters with defaults are optional."""
    try:
        spec = inspect.signature(func, eval_str=False)
    except (TypeError, ValueError) as error:
        raise WasmError(f"cannot read the signature of {func!r}: {error}") from None
    name = getattr(func, "__name__", repr(func))
    params = []
    for param in spec.parameters.values():
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD, param.KEYWORD_ONLY):
            raise WasmError(f"{name}: only positional parameters map to wasm parameters "
                            f"({param.name!r} is not one)")
        annotation = param.annotation
        ty = AsType("i32") if annotation is param.empty else python_type(annotation, name)
        params.append(Param(param.name, ty, param.default is not param.empty))
    result = spec.return_annotation
    result_type = VOID if result is spec.empty else python_type(result, name)
    return Signature(tuple(params), result_type)


def as_signature(spec: Any, name: str) -> Signature:
    """A signature given as text, a ``Signature`` or an annotated callable."""
    if isinstance(spec, Signature):
        return spec
    if isinstance(spec, str):
        return parse_signature(spec)
    if callable(spec):
        return signature_of(spec)
    raise TypeError(f"signature of {name!r}: expected a '(T1, T2) => R' string or an "
                    f"annotated function, got {type(spec).__name__}")
