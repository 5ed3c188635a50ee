"""Function types from Python annotations, for ``Func(store, pyfunc)``
without a ``FuncType``.

Each parameter and the return value must be annotated:

* ``int`` is i32 and ``float`` is f64 (the common cases);
* ``wasmic.i32``, ``wasmic.i64``, ``wasmic.f32``, ``wasmic.f64``,
  ``wasmic.v128``, ``wasmic.externref`` and ``wasmic.funcref`` name a type
  explicitly (they are ``typing.Annotated`` aliases of ``int``, ``float``,
  ``object`` or ``Func``, so type checkers see ordinary Python types);
* a ``ValType`` works too;
* the return is ``None`` for no result, one of the above for one, or
  ``tuple[...]`` of them for several.

With ``access_caller`` the first parameter is the ``Caller`` and is not
part of the wasm signature.  A missing or unsupported annotation is a
``TypeError`` naming the parameter and the function.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable
from typing import Annotated, Any

from .types import FuncType, ValType

i32 = Annotated[int, ValType.i32()]
i64 = Annotated[int, ValType.i64()]
f32 = Annotated[float, ValType.f32()]
f64 = Annotated[float, ValType.f64()]
v128 = Annotated[int, ValType.v128()]
externref = Annotated[object, ValType.externref()]
funcref = Annotated[object, ValType.funcref()]

_PLAIN = {int: ValType.i32(), float: ValType.f64()}
_HINT = ("int (i32), float (f64), wasmic.i32, wasmic.i64, wasmic.f32, wasmic.f64, "
         "wasmic.v128, wasmic.externref, wasmic.funcref or a ValType")


def _valtype(annotation: Any, where: str) -> ValType:
    if isinstance(annotation, ValType):
        return annotation
    if typing.get_origin(annotation) is Annotated:
        marks = [m for m in annotation.__metadata__ if isinstance(m, ValType)]
        if marks:
            return marks[-1]
    valtype = _PLAIN.get(annotation) if isinstance(annotation, type) else None
    if valtype is None:
        raise TypeError(f"{where} is annotated {annotation!r}, which is not a wasm type: "
                        f"use {_HINT}")
    return valtype


def _results(annotation: Any, where: str) -> list[ValType]:
    if annotation is None or annotation is type(None):
        return []
    if typing.get_origin(annotation) is tuple:
        members = typing.get_args(annotation)
        if Ellipsis in members:
            raise TypeError(f"{where} is a tuple of unknown length: list each result's type")
        return [_valtype(member, f"{where} item {i}") for i, member in enumerate(members)]
    return [_valtype(annotation, where)]


def infer_functype(func: Callable, access_caller: bool = False) -> FuncType:
    """The wasm type of the Python callable ``func``, from its annotations."""
    name = getattr(func, "__qualname__", None) or type(func).__name__
    try:
        signature = inspect.signature(func)
        hints = typing.get_type_hints(func, include_extras=True)
    except (TypeError, ValueError, NameError) as error:
        raise TypeError(f"cannot infer a wasm type for {name}: {error}; "
                        "pass a FuncType") from None
    params = list(signature.parameters.values())
    if access_caller:
        if not params:
            raise TypeError(f"{name} takes no Caller parameter, but access_caller=True")
        params = params[1:]
    types = []
    for param in params:
        where = f"parameter {param.name!r} of {name}"
        if param.kind not in (param.POSITIONAL_ONLY, param.POSITIONAL_OR_KEYWORD):
            raise TypeError(f"{where} is not positional: wasm passes arguments by position")
        if param.name not in hints:
            raise TypeError(f"{where} has no annotation: annotate it with {_HINT}, "
                            "or pass a FuncType")
        types.append(_valtype(hints[param.name], where))
    if "return" not in hints:
        raise TypeError(f"the result of {name} has no annotation: annotate it (-> None for "
                        "no result), or pass a FuncType")
    return FuncType(types, _results(hints["return"], f"the result of {name}"))
