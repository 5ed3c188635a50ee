"""AssemblyScript modules through the import hook: a module exporting the
AssemblyScript runtime (``asc --exportRuntime``) is instantiated by
``wasmic.assemblyscript.load``, so its exports take and return Python
values, typed by the compiler's bindings when they sit beside the file
(``asc --bindings esm|raw``: ``NAME.d.ts`` / ``NAME.js``).

Imports are found as for any module (the ``imports`` setting, else the
named module is imported), except the standard library's own (``env.abort``,
``env.trace``, ``console.log``...), which get wasmic.assemblyscript's
defaults unless the ``imports`` setting gives them.  A Python function
imported this way receives lifted values (``str``, lists...) by the
bindings' signature; an export of another wasm module is linked as it is.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from importlib.machinery import ModuleSpec
from pathlib import Path
from typing import Any

from ..assemblyscript import AsInstance, load
from ..assemblyscript.bindings import find_bindings
from ..assemblyscript.host import default_imports
from ..runtime import Engine, Module, Store
from ..runtime.extern import extern_kind
from .exports import RESERVED, describe_instance
from .link import choose_store, extern_for, naming
from .resolve import resolve, resolve_configured
from .settings import Settings
from .wasi_support import WASI_MODULES, wasi_externs

_STANDARD = frozenset(("env", name) for name in default_imports())
_RUNTIME = frozenset({"__new", "__pin", "__unpin", "__collect", "__rtti_base",
                      "__setArgumentsLength"})


def load_assemblyscript(spec: ModuleSpec, settings: Settings, engine: Engine, module: Module,
                        command: bool) -> tuple[Store, AsInstance]:
    """Instantiate the AssemblyScript ``module`` of ``spec`` with its imports
    resolved as the module docstring says."""
    origin = spec.origin
    imports = module.imports
    found: dict[int, Any] = {}
    for position, imp in enumerate(imports):
        if imp.module in WASI_MODULES:
            continue
        if (imp.module, imp.name) in _STANDARD:
            value = resolve_configured(imp, settings.imports, origin)
            if value is not None:
                found[position] = value
        else:
            found[position] = resolve(imp, settings.imports, spec.parent, origin)
    externs = [value for value in found.values() if extern_kind(value) is not None]
    store = choose_store(settings, engine, externs, origin)
    given: dict[str, dict[str, Any]] = {}
    for position, value in found.items():
        imp = imports[position]
        if extern_kind(value) is not None:
            value = extern_for(store, imp, value, origin)  # linked as it is
        given.setdefault(imp.module, {})[imp.name] = value
    wasi = [(position, imp) for position, imp in enumerate(imports) if imp.module in WASI_MODULES]
    if wasi:
        for position, extern in wasi_externs(store, wasi, settings.wasi, command, origin).items():
            given.setdefault(imports[position].module, {})[imports[position].name] = extern
    typings, glue = find_bindings(Path(origin))
    with naming(origin):
        instance = load(module, given, store=store, bindings=typings or glue or False,
                        **settings.assemblyscript)
    return store, instance


def populate_assemblyscript(namespace: MutableMapping[str, Any], store: Store, module: Module,
                            instance: AsInstance) -> None:
    """Make ``namespace`` show the AssemblyScript exports as ``instance``
    lifts them (functions, constants, mutable globals, enums, the memory),
    with the instance itself as ``__assemblyscript__`` for its helpers
    (``new_string``, ``get_array``, ``pin``...)."""
    for old in namespace.get("__all__", ()):
        namespace.pop(old, None)
    public = []
    for export_name in instance.exports:
        name = export_name.split(".", 1)[0]  # an enum member: its enum
        if export_name in _RUNTIME or name in RESERVED or name in public \
                or not hasattr(instance, name):
            continue
        namespace[name] = getattr(instance, name)
        public.append(name)
    describe_instance(namespace, public, store, module, instance.instance)
    namespace["__assemblyscript__"] = instance
