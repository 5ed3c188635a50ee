"""Resolving an AssemblyScript module's imports to externs.

Each import is looked up in the user's ``imports`` (``{"module": {"name":
value}}``; a module may also be any object with attributes, and a dotted
name such as ``host.total`` is found as ``imports["m"]["host.total"]`` or
``imports["m"]["host"]["total"]``), then among the standard library's
defaults.  A Python callable becomes a host function whose arguments are
lifted and whose result is lowered by the import's signature: the one in
the bindings, the standard one, one given as ``(callable, "(T) => R")``,
or the callable's annotations; without any, it receives the raw numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..errors import WasmError
from ..lookup import MISSING, find, member
from ..runtime import Func, Global, Memory, Table
from ..runtime.types import FuncType, MemoryType
from .codecs import Codecs
from .functions import import_adapter
from .host import default_imports
from .signatures import Signature, as_signature

_EXTERNS = (Func, Global, Memory, Table)


def _lookup(imports: Any, module: str, name: str) -> Any:
    namespace = member(imports, module)
    return MISSING if namespace is MISSING else find(namespace, name)


def _annotated(func: Callable) -> bool:
    annotations = getattr(func, "__annotations__", None)
    return bool(annotations)


def resolve_imports(module: Any, store: Any, imports: Any,
                    known: Mapping[tuple[str, str], Signature], codecs: Codecs,
                    on_first_call: Callable[[Any], None]) -> list:
    """The externs for ``module``'s imports, in order; WasmError naming the
    first import nobody provides."""
    if imports is not None and not isinstance(imports, Mapping):
        raise TypeError(f"imports must be a mapping of module names, got "
                        f"{type(imports).__name__}")
    defaults = default_imports()
    externs = []
    for imp in module.imports:
        where = f"{imp.module}::{imp.name}"
        value = _lookup(imports, imp.module, imp.name) if imports else MISSING
        signature = known.get((imp.module, imp.name))
        if value is MISSING and imp.module == "env" and imp.name in defaults:
            value, standard = defaults[imp.name]
            signature = signature or standard
        if value is MISSING and isinstance(imp.type, MemoryType):
            value = Memory(store, imp.type)  # --importMemory: a fresh memory of the minimum size
        if value is MISSING:
            raise WasmError(f"unresolved import {where}: give it in "
                            f"imports={{{imp.module!r}: {{{imp.name!r}: ...}}}}")
        if isinstance(value, _EXTERNS):
            externs.append(value)
            continue
        if isinstance(value, tuple) and len(value) == 2 and callable(value[0]):
            value, signature = value[0], as_signature(value[1], where)
        if not callable(value):
            raise TypeError(f"import {where} must be callable or a wasmic extern, got "
                            f"{type(value).__name__}")
        if not isinstance(imp.type, FuncType):
            raise WasmError(f"import {where} is a {type(imp.type).__name__}, not a function: "
                            "give a wasmic extern of that kind")
        if signature is None and _annotated(value):
            signature = as_signature(value, where)
        externs.append(_host_function(store, imp.type, value, signature, codecs, where,
                                      on_first_call))
    return externs


def _host_function(store: Any, ftype: FuncType, target: Callable, signature: Signature | None,
                   codecs: Codecs, where: str, on_first_call: Callable[[Any], None]) -> Func:
    if signature is not None:
        if len(signature.params) != len(ftype.params):
            raise WasmError(f"import {where}: the signature {signature} has "
                            f"{len(signature.params)} parameters, the module's import "
                            f"{len(ftype.params)}")
        target = import_adapter(where, target, signature, codecs)
    heap = codecs.heap

    def host(caller: Any, *args: Any) -> Any:
        if heap.memory is None:  # called during instantiation (the start function)
            on_first_call(caller)
        return target(*args)
    return Func(store, ftype, host, access_caller=True)
