"""``load``: compile and instantiate an AssemblyScript module, reading its
bindings when the compiler wrote them next to it."""

from __future__ import annotations

import dataclasses
import os
import inspect
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ..errors import WasmError
from ..runtime import Config, Engine, Instance, Module, Store
from .bindings import Bindings, find_bindings, read_bindings
from .codecs import Codecs
from .heap import Heap
from .instance import AsInstance
from .linking import resolve_imports
from .records import RecordLayout, record_dataclass
from .signatures import as_signature, python_type
from .types import parse_type


def load(path: str | os.PathLike | bytes | Module, imports: Mapping[str, Any] | None = None, *,
         engine: Engine | Config | None = None, store: Store | None = None,
         bindings: bool | str | os.PathLike = True,
         signatures: Mapping[str, Any] | None = None,
         type_ids: Mapping[str, int] | None = None,
         records: str | Mapping[str, type] = "dict") -> AsInstance:
    """Instantiate the AssemblyScript module at ``path`` (or binary ``bytes``,
    or a compiled ``wasmic.Module`` to instantiate again without compiling).

    - ``imports``: ``{"module": {"name": function or extern}}`` overriding
      the defaults (``env.abort`` raises ``AbortError``, ``env.trace`` logs,
      ``env.seed``, ``console.*``, ``Date.now``, ``performance.now``).
    - ``engine`` (or a ``Config``) picks the tier; ``store`` reuses a store.
    - ``bindings``: True reads ``<name>.d.ts`` / ``<name>.js`` beside the
      .wasm when present (``asc --bindings esm|raw``); False ignores them; a
      path names the .d.ts or .js to read (needed when ``path`` is not a path).
    - ``signatures``: per export, ``"(T1, T2?) => R"`` or an annotated Python
      function (functions), or a type name (globals); these win over the
      bindings.  Exports without any signature take and return raw numbers.
    - ``type_ids``: class ids by type name (``{"Array<i32>": 6}``) for
      lowering types the bindings do not describe.
    - ``records``: lift plain objects as ``"dict"`` or ``"dataclass"``, or a
      mapping of class name to the class to build (e.g. your dataclasses,
      whose annotations also give the layout when no bindings exist).
    """
    engine, store = _engine_and_store(engine, store)
    if isinstance(path, Module):
        module, source = path, None  # instantiation checks it is of the store's engine
    else:
        binary, source = _read(path)
        module = Module(engine, binary)
    found = _bindings(bindings, source)
    layouts, factories = _records(records, found)
    ids = dict(found.type_ids)
    for key, value in (type_ids or {}).items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise TypeError(f"type_ids[{key!r}] must be a class id (int), got {value!r}")
        ids[parse_type(key).non_null().key] = value
    heap = Heap(store)
    codecs = Codecs(heap, ids, layouts, factories)
    function_types = dict(found.functions)
    global_types = dict(found.globals)
    for name, spec in (signatures or {}).items():
        if isinstance(spec, str) and "(" not in spec:
            global_types[name] = parse_type(spec)
        else:
            function_types[name] = as_signature(spec, name)

    def attach_from(caller: Any) -> None:
        heap.attach(caller.get("memory") or _imported_memory(module, externs), caller)

    externs = resolve_imports(module, store, imports, found.imports, codecs, attach_from)
    instance = Instance(store, module, externs)
    exports = instance.exports(store)
    if heap.memory is None:
        heap.attach(exports.get("memory") or _imported_memory(module, externs), exports)
    return AsInstance(store, instance, heap, codecs, function_types, global_types)


def _engine_and_store(engine: Any, store: Any) -> tuple[Engine, Store]:
    if store is not None:
        if not isinstance(store, Store):
            raise TypeError(f"store must be a wasmic Store, got {type(store).__name__}")
        if engine is not None and engine is not store.engine:
            raise WasmError("the store belongs to another engine than the one given")
        return store.engine, store
    if isinstance(engine, Config):
        engine = Engine(engine)
    elif engine is None:
        engine = Engine()
    elif not isinstance(engine, Engine):
        raise TypeError(f"engine must be a wasmic Engine or Config, got {type(engine).__name__}")
    return engine, Store(engine)


def _read(path: Any) -> tuple[bytes, Path | None]:
    if isinstance(path, (bytes, bytearray, memoryview)):
        return bytes(path), None
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"expected a path to a .wasm file or its bytes, got {type(path).__name__}")
    source = Path(path)
    try:
        return source.read_bytes(), source
    except OSError as error:
        raise WasmError(f"cannot read the AssemblyScript module {source}: "
                        f"{error.strerror or error}") from None


def _bindings(choice: Any, source: Path | None) -> Bindings:
    if choice is False or choice is None:
        return Bindings()
    if choice is True:
        return read_bindings(*find_bindings(source)) if source is not None else Bindings()
    if not isinstance(choice, (str, os.PathLike)):
        raise TypeError(f"bindings must be True, False or a path, got {type(choice).__name__}")
    given = Path(choice)
    if not given.is_file():
        raise WasmError(f"the bindings file {given} does not exist")
    spelled = str(given)
    stem = spelled[:-len(".d.ts")] if spelled.endswith(".d.ts") else str(given.with_suffix(""))
    return read_bindings(*find_bindings(Path(stem + ".wasm")))


def _records(choice: Any, found: Bindings) -> tuple[dict[str, RecordLayout], dict[str, Callable]]:
    layouts = dict(found.records)
    if choice == "dict":
        return layouts, {}
    if choice == "dataclass":
        return layouts, {name: record_dataclass(layout) for name, layout in layouts.items()}
    if not isinstance(choice, Mapping):
        raise TypeError("records must be 'dict', 'dataclass' or a mapping of class names to "
                        f"classes, got {choice!r}")
    factories = {}
    for name, cls in choice.items():
        if not callable(cls):
            raise TypeError(f"records[{name!r}] must be a class, got {type(cls).__name__}")
        factories[name] = cls
        if name not in layouts:
            layouts[name] = _layout_of_class(name, cls)
    return layouts, factories


def _layout_of_class(name: str, cls: Any) -> RecordLayout:
    """A record layout from a class's annotated fields (declaration order)."""
    if dataclasses.is_dataclass(cls):
        annotated = [(f.name, f.type) for f in dataclasses.fields(cls)]
    else:
        annotated = list(inspect.get_annotations(cls).items())  # AS type names stay strings
    if not annotated:
        raise WasmError(f"records[{name!r}]: no bindings describe {name} and {cls!r} has no "
                        "annotated fields to lay it out from")
    fields = [(fname, python_type(annotation, f"{name}.{fname}"))
              for fname, annotation in annotated]
    return RecordLayout(name, None, fields)


def _imported_memory(module: Module, externs: list) -> Any:
    for imp, extern in zip(module.imports, externs):
        if imp.name == "memory" and type(extern).__name__ == "Memory":
            return extern
    return None
