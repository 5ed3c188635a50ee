"""Calls across the boundary, generated once per function from its signature.

An *export wrapper* takes Python values, lowers the reference arguments
(keeping all but the last pinned while the next ones allocate), tells the
runtime how many arguments were given when some are optional
(``__setArgumentsLength``, whose counter otherwise stays at 0 and makes the
callee trap), calls the wasm function and lifts the result.  An *import
adapter* does the reverse for a Python function wasm calls.  Both are
straight-line Python generated with ``exec``: no per-call loops over
parameter descriptions, and strings (the commonest reference) are lowered
inline, without a call per step.  Where the heap has the C accelerator
(``accelerator``, the native tier), strings and arrays of plain numbers go
straight to it, and string results and string arguments of imports are
read by it.
"""

from __future__ import annotations

from codecs import utf_16_le_encode
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from ..errors import WasmError
from . import arrays
from .codecs import Codecs
from .heap import LIFT_ERRORS, STRING_ID, bad_object
from .signatures import Signature
from .types import AsType

MISSING = object()
"""The default of optional parameters: tells "not given" from any value."""

_RESULT_FIXES = {"u32": "({v}) & 0xFFFFFFFF", "usize": "({v}) & 0xFFFFFFFF",
                 "u64": "({v}) & 0xFFFFFFFFFFFFFFFF", "bool": "({v}) != 0"}


def _argument_error(function: str, param: str, error: Exception) -> Exception:
    return type(error)(f"{function}() argument {param!r}: {error}")


class _Source:
    """Python source under construction, with the names it refers to."""

    def __init__(self, namespace: dict[str, Any]):
        self.namespace = namespace
        self.lines: list[str] = []
        self.depth = 1

    def emit(self, *lines: str) -> None:
        self.lines.extend("    " * self.depth + line for line in lines)

    @contextmanager
    def block(self, header: str) -> Iterator[None]:
        self.emit(header)
        self.depth += 1
        yield
        self.depth -= 1

    def function(self, name: str, header: str, filename: str) -> Callable:
        source = f"def {name}({header}):\n" + "\n".join(self.lines) + "\n"
        exec(compile(source, filename, "exec"), self.namespace)
        return self.namespace[name]


def _lift_text(ty: AsType, source: str, name: str, out: _Source, codecs: Codecs,
               view: str) -> str:
    """The expression converting the wasm value ``source`` for Python."""
    if ty.managed:
        out.namespace[name] = codecs.lifter(ty)
        return f"{name}({view}, ({source}) & 0xFFFFFFFF)"
    return _RESULT_FIXES.get(ty.name, "{v}").format(v=source)


def _lower_param(out: _Source, index: int, ty: AsType, function: str, param: str,
                 codecs: Codecs) -> None:
    """Statements setting ``a<index>`` to the wasm value of ``p<index>``."""
    value, target = f"p{index}", f"a{index}"
    if not ty.managed:
        converted = f"(1 if {value} else 0)" if ty.name == "bool" else value
        out.emit(f"{target} = {converted}")
        return
    out.namespace[f"L{index}"] = codecs.lowerer(ty)
    failed = ["except (TypeError, WasmError) as error:",
              f"    raise arg_error({function!r}, {param!r}, error) from None"]
    generic = ["try:", f"    {target} = L{index}({value})", *failed]
    numbers = _plain_numbers_call(ty, value, codecs)
    if numbers is not None:
        with out.block("try:"):
            out.emit(f"{target} = {numbers}")
            with out.block(f"if {target} is NotImplemented:"):
                out.emit(f"{target} = L{index}({value})")
        out.emit(*failed)
        return
    if ty.kind != "string" or not codecs.heap.has_runtime:
        out.emit(*generic)
        return
    with out.block(f"if type({value}) is str:"):
        if codecs.heap.boundary is not None:
            out.emit(f"{target} = new_string({value})")
        else:
            out.emit(f"d = utf16({value}, 'surrogatepass')[0]", "n = len(d)",
                     f"{target} = alloc(n, {STRING_ID}) & 0xFFFFFFFF",
                     f"view_to({target} + n)[{target}:{target} + n] = d")
    with out.block("else:"):
        out.emit(*generic)


def _plain_numbers_call(ty: AsType, value: str, codecs: Codecs) -> str | None:
    """The accelerator's call lowering ``value`` to a numeric array of type
    ``ty`` (NotImplemented when it is not a list or tuple of plain numbers),
    or None where only the type's lowerer can."""
    if codecs.heap.boundary is None or ty.kind not in ("typedarray", "array", "staticarray") \
            or ty.element.managed:
        return None
    code = arrays.plain_numbers_code(ty.element, ty.non_null().key)
    if code is None:
        return None
    try:
        type_id = codecs.type_id(ty)
    except WasmError:
        return None  # the lowerer reports it
    return f"numbers({value}, {code!r}, {type_id}, {arrays.header_size(ty)})"


def _return_result(out: _Source, ty: AsType, call: str, codecs: Codecs, name: str) -> None:
    if not ty.managed:
        lifted = _lift_text(ty, call, "R", out, codecs, "")
        out.emit(call if ty.kind == "void" else f"return {lifted}")
        return
    out.emit(f"r = {call} & 0xFFFFFFFF")
    if ty.kind == "string" and codecs.heap.boundary is not None:
        with out.block("try:"):
            out.emit("return string_at(r)")
        with out.block("except LIFT_ERRORS as error:"):
            out.emit(f"raise bad_object('the result of {name}', r, error) from None")
        return
    with out.block("try:"):
        out.emit(f"return {_lift_text(ty, 'r', 'R', out, codecs, 'view()')}")
    with out.block("except LIFT_ERRORS:"):
        out.emit("pass  # perhaps past a kept view: the memory grew in the call")
    with out.block("try:"):
        out.emit("return R(refresh(), r)")
    with out.block("except LIFT_ERRORS as error:"):
        out.emit(f"raise bad_object('the result of {name}', r, error) from None")


def export_wrapper(name: str, func: Any, signature: Signature, codecs: Codecs,
                   set_arguments_length: Any, lift_result: bool = True) -> Callable:
    """A Python function calling the wasm export ``func`` with lifted values
    (returning the raw pointer of a reference result unless ``lift_result``)."""
    heap = codecs.heap
    params = signature.params
    if signature.has_optional and set_arguments_length is None:
        raise WasmError(f"{name} has optional parameters but the module does not export "
                        "__setArgumentsLength")
    out = _Source({
        "func": func, "store": heap.store, "deferred": heap.deferred, "flush": heap.flush,
        "pin": heap.pin, "unpin": heap.unpin, "MISSING": MISSING,
        "view": heap.view, "view_to": heap.view_to, "refresh": heap.refresh,
        "alloc": heap.alloc if heap.has_runtime else None, "utf16": utf_16_le_encode,
        "new_string": heap.boundary and heap.boundary.string,
        "string_at": heap.boundary and heap.boundary.string_at,
        "numbers": heap.boundary and heap.boundary.numbers,
        "setargc": set_arguments_length, "arg_error": _argument_error, "WasmError": WasmError,
        "LIFT_ERRORS": LIFT_ERRORS, "bad_object": bad_object})
    with out.block("if deferred:"):
        out.emit("flush()")
    if signature.has_optional:
        out.emit(f"argc = {len(params)}")
        for index in reversed(range(len(params))):
            if params[index].optional:
                with out.block(f"if p{index} is MISSING:"):
                    out.emit(f"argc = {index}")
    pinned = [i for i, p in enumerate(params) if p.type.managed][:-1]
    for index, param in enumerate(params):
        if param.optional:
            with out.block(f"if p{index} is MISSING:"):
                out.emit(f"a{index} = 0")
            with out.block("else:"):
                _lower_param(out, index, param.type, name, param.name, codecs)
        else:
            _lower_param(out, index, param.type, name, param.name, codecs)
        if index in pinned:
            out.emit(f"pin(a{index})", "try:")
            out.depth += 1
    if signature.has_optional:
        out.emit("setargc(store, argc)")
    result = signature.result if lift_result or not signature.result.managed else AsType("u32")
    _return_result(out, result,
                   f"func(store, {', '.join(f'a{i}' for i in range(len(params)))})", codecs, name)
    for index in reversed(pinned):
        out.depth -= 1
        with out.block("finally:"):
            out.emit(f"unpin(a{index})")
    header = ", ".join(f"p{i}=MISSING" if p.optional else f"p{i}" for i, p in enumerate(params))
    wrapper = out.function(name, header, f"<assemblyscript export {name}>")
    wrapper.__doc__ = f"AssemblyScript export {name}{signature}."
    wrapper.signature = signature
    wrapper.func = func
    if lift_result and signature.result.managed:
        wrapper.raw = export_wrapper(name, func, signature, codecs, set_arguments_length, False)
        wrapper.raw.__doc__ = (f"AssemblyScript export {name}{signature}, returning the result's "
                               "address (unpinned: pin it to keep it across allocations).")
    return wrapper


def import_adapter(name: str, target: Callable, signature: Signature, codecs: Codecs) -> Callable:
    """The function wasm calls in place of the Python ``target``: lifts the
    arguments, calls ``target``, lowers what it returns."""
    out = _Source({"target": target, "heap": codecs.heap, "LIFT_ERRORS": LIFT_ERRORS,
                   "bad_object": bad_object})
    params = signature.params
    lifted = [_lift_text(p.type, f"a{i}", f"R{i}", out, codecs, "view")
              for i, p in enumerate(params)]
    managed = [p.type.kind for p in params if p.type.managed]
    if managed:
        # a fresh view (wasm may have grown the memory), not outliving the lifting;
        # strings only: the accelerator, when there is one, reads them without a view
        # (known at call time: the heap is attached after the imports are resolved)
        through_view = ("view = heap.refresh()",
                        "args = (" + "".join(f"{v}, " for v in lifted) + ")", "del view")
        with out.block("try:"):
            if set(managed) == {"string"}:
                with out.block("if heap.boundary is not None:"):
                    out.emit("string_at = heap.boundary.string_at", "args = (" + "".join(
                        f"string_at(a{i} & 0xFFFFFFFF), " if p.type.managed else f"{v}, "
                        for i, (p, v) in enumerate(zip(params, lifted))) + ")")
                with out.block("else:"):
                    out.emit(*through_view)
            else:
                out.emit(*through_view)
        with out.block("except LIFT_ERRORS as error:"):
            out.emit(f"raise bad_object('an argument of {name}', None, error) from None")
        call = "target(*args)"
    else:
        call = f"target({', '.join(lifted)})"
    result = signature.result
    if result.kind == "void":
        out.emit(call)
    elif result.managed:
        out.namespace["L"] = codecs.lowerer(result)
        out.emit(f"return L({call})")
    else:
        out.emit(f"return (1 if {call} else 0)" if result.name == "bool" else f"return {call}")
    return out.function("adapter", ", ".join(f"a{i}" for i in range(len(params))),
                        f"<assemblyscript import {name}>")
