"""The commands of a spec test script (.wast): plain data produced by the
WAST parser and consumed by the spec runner."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from .module import Module
from .types import ValueType


@dataclass
class ScriptModule:
    """A module as written in a script.

    ``form`` is ``"text"`` (``module`` already parsed), ``"binary"`` (``data``
    holds the bytes of ``(module binary ...)``) or ``"quote"`` (``data`` holds
    the concatenated text of ``(module quote ...)``, parsed only when run, since
    it may be deliberately malformed).
    """

    form: str
    name: str | None
    module: Module | None = None
    data: bytes | str | None = None
    line: int = 0


@dataclass(frozen=True)
class Const:
    """An exact value: numbers as unsigned bit patterns (floats as IEEE bits,
    v128 as a 128-bit int); references as None (null) or, for externref, the
    host reference number of ``ref.extern N``."""

    type: ValueType
    value: int | None


@dataclass(frozen=True)
class NanPattern:
    """``nan:canonical`` or ``nan:arithmetic`` expected for an f32/f64 result."""

    type: ValueType  # F32 or F64
    kind: str  # "canonical" | "arithmetic"


@dataclass(frozen=True)
class V128Pattern:
    """An expected v128 given lane by lane, where float lanes may be NaN patterns."""

    shape: str  # "i8x16", "i16x8", "i32x4", "i64x2", "f32x4", "f64x2"
    lanes: tuple[Union[int, NanPattern], ...]  # lane bit patterns (unsigned) or NaN patterns


@dataclass(frozen=True)
class RefFuncPattern:
    """``(ref.func)`` expected: any non-null function reference."""


Expected = Union[Const, NanPattern, V128Pattern, RefFuncPattern]


@dataclass
class Invoke:
    module: str | None  # a module's $name, None for the latest
    field: str
    args: list[Const]
    line: int = 0


@dataclass
class Get:
    module: str | None
    field: str
    line: int = 0


Action = Union[Invoke, Get]


@dataclass
class ModuleCommand:
    module: ScriptModule
    line: int = 0


@dataclass
class Register:
    as_name: str
    module: str | None  # $name of the module, None for the latest
    line: int = 0


@dataclass
class ActionCommand:
    action: Action
    line: int = 0


@dataclass
class AssertReturn:
    action: Action
    expected: list[Expected]
    line: int = 0


@dataclass
class AssertTrap:
    """A trap from an action, or from instantiating a module (``target`` is a ScriptModule)."""

    target: Union[Action, ScriptModule]
    message: str
    line: int = 0


@dataclass
class AssertExhaustion:
    action: Action
    message: str
    line: int = 0


@dataclass
class AssertModule:
    """assert_malformed / assert_invalid / assert_unlinkable / assert_uninstantiable."""

    kind: str  # "malformed" | "invalid" | "unlinkable" | "uninstantiable"
    module: ScriptModule
    message: str
    line: int = 0


Command = Union[ModuleCommand, Register, ActionCommand, AssertReturn, AssertTrap,
                AssertExhaustion, AssertModule]
