"""``wasmic inspect FILE``: what a module (binary or WAT) contains.

Sections with their sizes, imports and exports with their types, the index
spaces (functions, tables, memories, globals), and custom sections by name.
A text module is shown as it encodes.  The module need not be valid: the
report says whether it is, and why not.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator

from ..binary import encode_module
from ..binary.decode import VERSION
from ..binary.leb128 import read_unsigned
from ..errors import WasmError
from ..frontend import MAGIC, parse_or_decode
from ..syntax.module import Module
from ..syntax.types import ExternKind, GlobalType, Limits, MemoryType, TableType
from ..valid import validate_module
from .common import about, read_input

NAME = "inspect"
HELP = "show the sections, imports, exports and index spaces of a module"

SECTION_NAMES = ("custom", "type", "import", "function", "table", "memory", "global", "export",
                 "start", "element", "code", "data", "datacount")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a .wasm or .wat file")


def run(args: argparse.Namespace) -> int:
    data = read_input(args.file)
    try:
        module = parse_or_decode(data)
    except WasmError as exc:
        raise about(args.file, exc) from None
    if data.startswith(MAGIC):
        binary, origin = data, "binary module"
    else:
        binary = bytes(encode_module(module))
        origin = "text module, encoded as"
    print(f"{args.file}: {origin} {len(binary)} bytes")
    for line in report(module, binary):
        print(line)
    return 0


def report(module: Module, binary: bytes) -> Iterator[str]:
    """The lines of the inspection report of ``module``, whose encoding is ``binary``."""
    yield f"validation: {_validity(module)}"
    yield "sections:"
    for section_id, name, size in sections(binary):
        label = SECTION_NAMES[section_id] if section_id < len(SECTION_NAMES) else f"id {section_id}"
        yield f"  {label + (f' {name!r}' if name is not None else ''):<24} {size:>10} bytes"
    yield f"types: {len(module.types)}"
    yield from _listing("imports", [f"{imp.module}.{imp.name}: {imp.kind} "
                                    f"{describe(module, imp.kind, imp.desc)}" for imp in module.imports])
    yield from _listing("exports", [f"{exp.name}: {exp.kind} "
                                    f"{describe(module, exp.kind, _entity(module, exp.kind, exp.index))}"
                                    for exp in module.exports])
    imported = len(module.imported(ExternKind.FUNC))
    yield f"functions: {imported + len(module.funcs)} ({imported} imported, {len(module.funcs)} defined)"
    for kind, label in ((ExternKind.TABLE, "tables"), (ExternKind.MEMORY, "memories"),
                        (ExternKind.GLOBAL, "globals")):
        yield from _listing(label, [f"{index}: {describe(module, kind, desc)}"
                                    for index, desc in enumerate(index_space(module, kind))])
    if module.start is not None:
        yield f"start: function {module.start}"
    yield f"element segments: {len(module.elems)}, data segments: {len(module.datas)}"
    yield from _listing("custom sections", [f"{custom.name!r} ({len(custom.data)} bytes)"
                                            for custom in module.customs])


def sections(binary: bytes) -> Iterator[tuple[int, str | None, int]]:
    """(id, custom section name or None, payload size) of each section of a well-formed binary."""
    pos = len(MAGIC) + len(VERSION)
    while pos < len(binary):
        section_id = binary[pos]
        size, start = read_unsigned(binary, pos + 1, 32)
        name = None
        if section_id == 0:
            length, name_start = read_unsigned(binary, start, 32)
            name = binary[name_start:name_start + length].decode("utf-8", "replace")
        yield section_id, name, size
        pos = start + size


def index_space(module: Module, kind: ExternKind) -> list:
    """The descriptions of one index space, imports first: type indices for
    functions, else the table, memory or global types."""
    defined = {
        ExternKind.FUNC: [func.type_index for func in module.funcs],
        ExternKind.TABLE: [table.type for table in module.tables],
        ExternKind.MEMORY: [memory.type for memory in module.mems],
        ExternKind.GLOBAL: [glob.type for glob in module.globals],
    }[kind]
    return [imp.desc for imp in module.imported(kind)] + defined


def describe(module: Module, kind: ExternKind, desc) -> str:
    """An entity's type as text, e.g. ``[i32] -> []``, ``funcref 1..10``, ``mut i64``."""
    if desc is None:
        return "(index out of range)"
    if kind == ExternKind.FUNC:
        return str(module.types[desc]) if desc < len(module.types) else f"(type {desc} undefined)"
    if isinstance(desc, TableType):
        return f"{desc.elem} {_limits(desc.limits)}"
    if isinstance(desc, MemoryType):
        return f"{_limits(desc.limits)} pages"
    if isinstance(desc, GlobalType):
        return f"{'mut ' if desc.mutable else ''}{desc.value}"
    return repr(desc)


def _entity(module: Module, kind: ExternKind, index: int):
    space = index_space(module, kind)
    return space[index] if index < len(space) else None


def _limits(limits: Limits) -> str:
    return f"{limits.min}..{'' if limits.max is None else limits.max}"


def _validity(module: Module) -> str:
    try:
        validate_module(module)
    except WasmError as exc:
        return f"invalid: {exc}"
    return "valid"


def _listing(title: str, lines: list[str]) -> Iterator[str]:
    yield f"{title}: {len(lines)}"
    for line in lines:
        yield "  " + line
