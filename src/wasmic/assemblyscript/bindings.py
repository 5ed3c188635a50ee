"""Reading the compiler's bindings (``asc --bindings esm|raw``).

The .wasm has no type information: signatures, record layouts and class
ids exist only in the generated ``<name>.d.ts`` and ``<name>.js``.  From the
.d.ts (JSDoc lines such as ``@param name `~lib/string/String```) come the
export signatures, optional parameters, globals, enums, records and opaque
classes; from the .js come the signatures of adapted imports and the class
ids the glue hardcodes where it lowers an array or typed array
(``__lowerArray(__setF64, 18, 3, values)``).  Both flavours (esm, raw) share
these shapes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import WasmError
from .records import RecordLayout
from .signatures import Param, Signature, VOID, split_top_level
from .types import AsType, parse_type


@dataclass
class Bindings:
    """What the bindings tell about a module."""

    functions: dict[str, Signature] = field(default_factory=dict)
    imports: dict[tuple[str, str], Signature] = field(default_factory=dict)
    globals: dict[str, AsType] = field(default_factory=dict)
    enums: list[str] = field(default_factory=list)
    records: dict[str, RecordLayout] = field(default_factory=dict)
    type_ids: dict[str, int] = field(default_factory=dict)


def find_bindings(wasm_path: Path) -> tuple[Path | None, Path | None]:
    """The ``.d.ts`` and ``.js`` beside ``wasm_path`` (each None if absent)."""
    stem = wasm_path.with_suffix("")
    typings, glue = Path(f"{stem}.d.ts"), Path(f"{stem}.js")
    return (typings if typings.is_file() else None), (glue if glue.is_file() else None)


def read_bindings(typings: Path | None, glue: Path | None) -> Bindings:
    """Parse the bindings files (either may be None)."""
    bindings = Bindings()
    try:
        if typings is not None:
            _read_typings(typings.read_text(encoding="utf-8"), bindings)
        if glue is not None:
            _read_glue(glue.read_text(encoding="utf-8"), bindings)
    except OSError as error:
        raise WasmError(f"cannot read the AssemblyScript bindings: {error}") from None
    except (WasmError, ValueError, IndexError) as error:
        source = glue if glue is not None else typings
        raise WasmError(f"cannot understand the AssemblyScript bindings near {source}: "
                        f"{error}") from None
    return bindings


# -- .d.ts ---------------------------------------------------------------------------

_FUNCTION = re.compile(
    r"/\*\*\n\s*\* \S+\n((?:\s*\* @(?:param|returns) .*\n)*)\s*\*/\n"
    r"\s*export (?:declare )?function (\w+)\((.*)\)", re.M)
_PARAM = re.compile(r"@param (\w+) `(.+)`")
_RETURNS = re.compile(r"@returns `(.+)`")
_GLOBAL = re.compile(r"/\*\* \S+ \*/\n\s*export (?:declare )?const (\w+): \{\n"
                     r"\s*/\*\* @type `(.+)` \*/", re.M)
_ENUM = re.compile(r"/\*\* \S+ \*/\n\s*export (?:declare )?enum (\w+) \{", re.M)
_RECORD = re.compile(r"/\*\* (\S+) \*/\n\s*declare interface __Record(\d+)<TOmittable> \{\n"
                     r"(.*?)\n\s*\}", re.M | re.S)
_FIELD = re.compile(r"/\*\* @type `(.+)` \*/\n\s*(\w+):")


def _read_typings(text: str, bindings: Bindings) -> None:
    for docs, name, declared in _FUNCTION.findall(text):
        optional = set(re.findall(r"(\w+)\?:", declared))
        params = tuple(Param(pname, parse_type(ptype), pname in optional)
                       for pname, ptype in _PARAM.findall(docs))
        returns = _RETURNS.search(docs)
        bindings.functions[name] = Signature(params, parse_type(returns.group(1))
                                             if returns else VOID)
    for name, spelled in _GLOBAL.findall(text):
        bindings.globals[name] = parse_type(spelled)
    bindings.enums.extend(_ENUM.findall(text))
    for path, type_id, body in _RECORD.findall(text):
        fields = [(fname, parse_type(ftype)) for ftype, fname in _FIELD.findall(body)]
        name = parse_type(path).name
        bindings.records[name] = RecordLayout(name, int(type_id), fields)


# -- .js -----------------------------------------------------------------------------

_IMPORT_MODULE = re.compile(r'^    ("?)([^":\s]+)\1: (?:Object\.setPrototypeOf\(\{|__module\d+)',
                            re.M)
_WRAPPER = re.compile(r'^(\s+)("?)([^"(\s]+)\2\(([^)]*)\) \{\n\s*// (\S+?)\((.*)\) => (.+)$', re.M)
_ASSIGN = re.compile(r"^\s*(\w+) = (.+);$")
_LOWER_CALL = re.compile(
    r"^(__lowerArray|__lowerStaticArray|__lowerTypedArray|__lowerRecord(\d+))\(")
_ELEMENT = re.compile(r"^\(pointer, value\) => \{ __setU32\(pointer, (.+)\); \}$")
_RECORD_LOWER = re.compile(r"^  function __lowerRecord(\d+)\(value\) \{\n(.*?)\n  \}", re.M | re.S)
_FIELD_STORE = re.compile(r"__set\w+\(pointer \+ \d+, (.*value\.(\w+).*)\);$", re.M)


def _read_glue(text: str, bindings: Bindings) -> None:
    exports_at = text.find("const adaptedExports")
    module_starts = [(m.start(), m.group(2)) for m in _IMPORT_MODULE.finditer(text)
                     if exports_at < 0 or m.start() < exports_at]
    for match in _WRAPPER.finditer(text):
        indent, name, js_params, spelled_params, result = (
            match.group(1), match.group(3), match.group(4), match.group(6), match.group(7))
        names = [p.strip() for p in js_params.split(",") if p.strip()]
        types = [part for part in split_top_level(spelled_params)]
        params = tuple(Param(names[i] if i < len(names) else f"arg{i}",
                             parse_type(t.rstrip("?")), t.endswith("?"))
                       for i, t in enumerate(types))
        signature = Signature(params, parse_type(result))
        body = text[match.end():text.find(f"\n{indent}}}", match.end())]
        importing = exports_at >= 0 and match.start() < exports_at
        for line in body.splitlines():
            assigned = _ASSIGN.match(line)
            if assigned and assigned.group(1) in names and not importing:
                index = names.index(assigned.group(1))
                if index < len(params):
                    _collect_ids(params[index].type, assigned.group(2), bindings.type_ids)
            elif importing and line.strip().startswith("return __lower"):
                _collect_ids(signature.result, line.strip()[len("return "):-1],
                             bindings.type_ids)
        if importing:
            module = [module for start, module in module_starts if start < match.start()]
            if module:
                bindings.imports[(module[-1], name)] = signature
        elif name not in bindings.functions or not bindings.functions[name].params:
            bindings.functions.setdefault(name, signature)
    by_id = {layout.type_id: layout for layout in bindings.records.values()}
    for type_id, body in _RECORD_LOWER.findall(text):
        layout = by_id.get(int(type_id))
        if layout is None:
            continue
        types = dict(layout.fields)
        for expression, field_name in _FIELD_STORE.findall(body):
            if field_name in types and "__lower" in expression:
                _collect_ids(types[field_name], expression, bindings.type_ids)


def _collect_ids(ty: AsType, expression: str, ids: dict[str, int]) -> None:
    """Record the class ids in the glue's lowering ``expression`` of ``ty``
    (nested: an array of arrays names both ids)."""
    expression = expression.strip()
    for wrapper in ("__retain(", ):
        if expression.startswith(wrapper) and expression.endswith(")"):
            expression = expression[len(wrapper):-1]
    expression = expression.removesuffix(" || __notnull()").strip()
    call = _LOWER_CALL.match(expression)
    if call is None or not expression.endswith(")"):
        return
    args = split_top_level(expression[call.end():-1])
    ty = ty.non_null()
    if call.group(2) is not None:
        ids[ty.key] = int(call.group(2))
        return
    ids[ty.key] = int(args[1])
    if call.group(1) != "__lowerTypedArray" and ty.kind in ("array", "staticarray"):
        element = _ELEMENT.match(args[0])
        if element is not None:
            _collect_ids(ty.element, element.group(1), ids)
