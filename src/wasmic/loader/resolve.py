"""Finding what each import of an imported wasm module names: the wasm
import ``mod::name`` is attribute ``name`` of the Python module ``mod`` (a
dotted name, as AssemblyScript's ``host.total``, is also looked up
attribute by attribute).

``mod`` comes from the ``imports`` setting if it names it, else it is
imported (a Python module or another wasm module; a leading dot makes it
relative to the importing module's package).  From another wasm module, the
raw extern is taken (so it is linked directly, and memories, tables and
globals are shared).  Cycles between wasm modules are reported with the
chain of modules that forms them.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import threading
from collections.abc import Iterator, Mapping
from typing import Any

from ..errors import WasmError
from ..lookup import MISSING, find
from ..convenience import BoundInstance, StoreBound
from ..runtime import Func, ImportType, InstanceExports

_ASSEMBLYSCRIPT_HINT = (" (an AssemblyScript module? Built with --exportRuntime, and --bindings esm "
                        "for its types, it is imported with AssemblyScript values and the standard "
                        "imports; or give env.abort with wasmic.loader.configure(imports=...))")
_loading = threading.local()


@contextlib.contextmanager
def loading(name: str) -> Iterator[None]:
    """Mark the module ``name`` as being loaded by this thread, for the
    detection of circular imports."""
    stack = _loading.__dict__.setdefault("stack", [])
    stack.append(name)
    try:
        yield
    finally:
        stack.pop()


def _describe_import(imp: ImportType) -> str:
    return f"`{imp.module}::{imp.name}`"


def _absolute_name(imp: ImportType, package: str | None, origin: str) -> str:
    if not imp.module.startswith("."):
        return imp.module
    try:
        return importlib.util.resolve_name(imp.module, package)
    except (ImportError, ValueError) as error:
        raise WasmError(f"{origin} imports {_describe_import(imp)}: {error}") from None


def _import_module(imp: ImportType, package: str | None, origin: str) -> Any:
    name = _absolute_name(imp, package, origin)
    stack = _loading.__dict__.get("stack", [])
    if name in stack:
        chain = " -> ".join([*stack[stack.index(name):], name])
        raise WasmError(f"{origin} imports {_describe_import(imp)}, but {name!r} is still being "
                        f"imported: circular import {chain}")
    try:
        return importlib.import_module(name)
    except (ImportError, ValueError) as error:
        hint = _ASSEMBLYSCRIPT_HINT if (imp.module, imp.name) == ("env", "abort") else ""
        raise WasmError(f"{origin} imports {_describe_import(imp)}, but module {name!r} cannot "
                        f"be imported: {error}{hint}") from error


def _unwrapped(value: Any) -> Any:
    """The extern behind a store-free face of one (an export of an imported
    wasm module, or of ``wasmic.instantiate``), else ``value``."""
    if isinstance(value, StoreBound):
        return value.extern
    func = getattr(value, "__wasm_func__", None)
    return func if isinstance(func, Func) else value


def _attribute(source: Any, imp: ImportType, origin: str) -> Any:
    if isinstance(source, BoundInstance):
        source = source.instance.exports(source.store)
    if not isinstance(source, Mapping):
        exports = getattr(source, "__wasm_exports__", None)
        if isinstance(exports, InstanceExports) and imp.name in exports:
            return exports[imp.name]
    value = find(source, imp.name)
    if value is MISSING:
        spec = getattr(source, "__spec__", None)
        if getattr(spec, "_initializing", False):
            raise WasmError(f"{origin} imports {_describe_import(imp)}, but module "
                            f"{imp.module!r} is partially initialized (a circular import?) "
                            f"and has no attribute {imp.name!r} yet")
        raise WasmError(f"{origin} imports {_describe_import(imp)}, but {imp.module!r} has no "
                        f"attribute {imp.name!r}")
    return _unwrapped(value)


def resolve(imp: ImportType, overrides: Mapping[str, Any], package: str | None,
            origin: str) -> Any:
    """The Python object the import ``imp`` of the module in ``origin``
    names (not yet checked against the import's type)."""
    source = overrides.get(imp.module, MISSING)
    if source is MISSING:
        source = _import_module(imp, package, origin)
    return _attribute(source, imp, origin)


def resolve_configured(imp: ImportType, overrides: Mapping[str, Any], origin: str) -> Any:
    """What the ``imports`` setting gives for ``imp``, or None when it gives
    nothing for it (the caller then has a default)."""
    source = overrides.get(imp.module, MISSING)
    if source is MISSING:
        return None
    try:
        return _attribute(source, imp, origin)
    except WasmError:
        return None
