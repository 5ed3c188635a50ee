"""Calls across the boundary, generated once per function from its signature.

An *export wrapper* takes Python values, lowers the reference arguments
(keeping all but the last pinned while the next ones allocate), tells the
runtime how many arguments were given when some are optional
(``__setArgumentsLength``, whose counter otherwise stays at 0 and makes the
callee trap), calls the wasm function and lifts the result.  An *import
adapter* does the reverse for a Python function wasm calls.  Both are
straight-line Python generated with ``exec``: no per-call loops over
parameter descriptions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import WasmError
from .codecs import Codecs
from .signatures import Signature
from .types import AsType

MISSING = object()
"""The default of optional parameters: tells "not given" from any value."""

_RESULT_FIXES = {"u32": "({v}) & 0xFFFFFFFF", "usize": "({v}) & 0xFFFFFFFF",
                 "u64": "({v}) & 0xFFFFFFFFFFFFFFFF", "bool": "({v}) != 0"}


def _argument_error(function: str, param: str, error: Exception) -> Exception:
    return type(error)(f"{function}() argument {param!r}: {error}")


def _lowering(ty: AsType, source: str, index: int, namespace: dict, codecs: Codecs) -> str:
    """The expression converting the Python value ``source`` for wasm."""
    if ty.managed:
        namespace[f"L{index}"] = codecs.lowerer(ty)
        return f"L{index}({source})"
    if ty.name == "bool":
        return f"(1 if {source} else 0)"
    return source


def _lifting(ty: AsType, source: str, name: str, namespace: dict, codecs: Codecs,
             view: str) -> str:
    """The expression converting the wasm value ``source`` for Python."""
    if ty.managed:
        namespace[name] = codecs.lifter(ty)
        return f"{name}({view}, ({source}) & 0xFFFFFFFF)"
    return _RESULT_FIXES.get(ty.name, "{v}").format(v=source)


def export_wrapper(name: str, func: Any, signature: Signature, codecs: Codecs,
                   set_arguments_length: Any) -> Callable:
    """A Python function calling the wasm export ``func`` with lifted values."""
    heap = codecs.heap
    params = signature.params
    namespace: dict[str, Any] = {
        "func": func, "store": heap.store, "heap": heap, "deferred": heap.deferred,
        "flush": heap.flush, "pin": heap.pin, "unpin": heap.unpin, "MISSING": MISSING,
        "setargc": set_arguments_length, "arg_error": _argument_error}
    header = ", ".join(f"p{i}=MISSING" if p.optional else f"p{i}" for i, p in enumerate(params))
    lines = ["    if deferred:", "        flush()"]
    if signature.has_optional:
        if set_arguments_length is None:
            raise WasmError(f"{name} has optional parameters but the module does not export "
                            "__setArgumentsLength")
        lines.append(f"    argc = {len(params)}")
        for index in reversed(range(len(params))):
            if params[index].optional:
                lines.append(f"    if p{index} is MISSING:\n        argc = {index}")
    managed = [i for i, p in enumerate(params) if p.type.managed]
    pinned = managed[:-1]
    body, indent = [], "    "
    for index, param in enumerate(params):
        expression = _lowering(param.type, f"p{index}", index, namespace, codecs)
        if param.optional:
            expression = f"0 if p{index} is MISSING else {expression}"
        if param.type.managed:
            body += [f"{indent}try:", f"{indent}    a{index} = {expression}",
                     f"{indent}except (TypeError, WasmError) as error:",
                     f"{indent}    raise arg_error({name!r}, {param.name!r}, error) from None"]
        else:
            body.append(f"{indent}a{index} = {expression}")
        if index in pinned:
            body += [f"{indent}pin(a{index})", f"{indent}try:"]
            indent += "    "
    if signature.has_optional:
        body.append(f"{indent}setargc(store, argc)")
    call = f"func(store, {', '.join(f'a{i}' for i in range(len(params)))})"
    result = signature.result
    if result.kind == "void":
        body += [f"{indent}{call}", f"{indent}return None"]
    elif result.managed:
        body.append(f"{indent}result = {call}")
        body.append(f"{indent}return {_lifting(result, 'result', 'R', namespace, codecs, 'heap.view()')}")
    else:
        body.append(f"{indent}return {_lifting(result, call, 'R', namespace, codecs, '')}")
    for index in reversed(pinned):
        indent = indent[:-4]
        body += [f"{indent}finally:", f"{indent}    unpin(a{index})"]
    source = f"def {name}({header}):\n" + "\n".join(lines + body) + "\n"
    namespace["WasmError"] = WasmError
    exec(compile(source, f"<assemblyscript export {name}>", "exec"), namespace)
    wrapper = namespace[name]
    wrapper.__doc__ = f"AssemblyScript export {name}{signature}."
    wrapper.__qualname__ = name
    wrapper.signature = signature
    wrapper.func = func
    return wrapper


def import_adapter(name: str, target: Callable, signature: Signature, codecs: Codecs) -> Callable:
    """The function wasm calls in place of the Python ``target``: lifts the
    arguments, calls ``target``, lowers what it returns."""
    namespace: dict[str, Any] = {"target": target, "heap": codecs.heap, "WasmError": WasmError}
    params = signature.params
    names = [f"a{i}" for i in range(len(params))]
    lines = []
    if any(p.type.managed for p in params):
        lines.append("    view = heap.view()")
    lifted = [_lifting(p.type, f"a{i}", f"R{i}", namespace, codecs, "view")
              for i, p in enumerate(params)]
    if lines:
        lines.append("    args = (" + "".join(f"{v}, " for v in lifted) + ")")
        lines.append("    del view")
        call = "target(*args)"
    else:
        call = f"target({', '.join(lifted)})"
    result = signature.result
    if result.kind == "void":
        lines.append(f"    {call}")
    else:
        lines.append(f"    value = {call}")
        lines.append(f"    return {_lowering(result, 'value', 0, namespace, codecs)}")
    source = f"def adapter({', '.join(names)}):\n" + "\n".join(lines) + "\n"
    exec(compile(source, f"<assemblyscript import {name}>", "exec"), namespace)
    return namespace["adapter"]
