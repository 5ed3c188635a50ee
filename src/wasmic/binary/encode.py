"""Encoding a ``Module`` as a WebAssembly 2.0 binary, canonically.

Canonical means: minimal LEB128s, runs of equal local types merged into one
declaration, sections in the standard order, empty sections left out
(unless a custom section is anchored right after one, so that its place
survives a round trip), each custom section put back after the section its
``after`` names, the smallest element and data segment forms that express
each segment, and a data count section exactly when ``module.data_count`` is
set.  ``decode_module(encode_module(m)) == m`` for every decodable module.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby

from ..syntax.module import CustomSection, Data, Elem, Export, Func, Global, Import, Module
from ..syntax.opcodes import Op
from ..syntax.types import (FUNCREF, VALUE_TYPE_CODES, ExternKind, FuncType, GlobalType,
                            Limits, MemoryType, TableType)
from .decode import MAGIC, VERSION
from .encode_expr import encode_expr
from .leb128 import write_unsigned as uleb
from .sections import FUNC_TYPE_FORM, SECTIONS

REF_FUNC, END = int(Op.REF_FUNC), int(Op.END)


class Writer:
    """Appends binary encodings to one growing buffer."""

    def __init__(self) -> None:
        self.out = bytearray()
        self.memo: dict[tuple, bytes] = {}  # encoded instructions, see encode_expr

    def u32(self, value: int) -> None:
        self.out += uleb(value)

    def byte(self, value: int) -> None:
        self.out.append(value)

    def raw(self, data: bytes) -> None:
        self.u32(len(data))
        self.out += data

    def name(self, text: str) -> None:
        self.raw(text.encode("utf-8"))

    def vector(self, items, write_item) -> None:
        self.u32(len(items))
        for item in items:
            write_item(self, item)

    def value_type(self, t) -> None:
        self.byte(VALUE_TYPE_CODES[t])

    def limits(self, limits: Limits) -> None:
        self.byte(0 if limits.max is None else 1)
        self.u32(limits.min)
        if limits.max is not None:
            self.u32(limits.max)

    def sized(self, write_contents) -> None:
        """Write what ``write_contents`` writes to a new writer, prefixed by its size."""
        contents = Writer()
        contents.memo = self.memo
        write_contents(contents)
        self.raw(contents.out)

    def expr(self, instrs: list) -> None:
        encode_expr(instrs, self.out, self.memo)


def func_type(w: Writer, t: FuncType) -> None:
    w.byte(FUNC_TYPE_FORM)
    w.vector(t.params, Writer.value_type)
    w.vector(t.results, Writer.value_type)


def table_type(w: Writer, t: TableType) -> None:
    w.value_type(t.elem)
    w.limits(t.limits)


def memory_type(w: Writer, t: MemoryType) -> None:
    w.limits(t.limits)


def global_type(w: Writer, t: GlobalType) -> None:
    w.value_type(t.value)
    w.byte(int(t.mutable))


IMPORT_DESCS = {ExternKind.FUNC: Writer.u32, ExternKind.TABLE: table_type,
                ExternKind.MEMORY: memory_type, ExternKind.GLOBAL: global_type}


def import_entry(w: Writer, imp: Import) -> None:
    w.name(imp.module)
    w.name(imp.name)
    w.byte(imp.kind)
    IMPORT_DESCS[imp.kind](w, imp.desc)


def export_entry(w: Writer, export: Export) -> None:
    w.name(export.name)
    w.byte(export.kind)
    w.u32(export.index)


def global_entry(w: Writer, g: Global) -> None:
    global_type(w, g.type)
    w.expr(g.init)


def func_index_of(expr: list) -> int | None:
    """The function index if ``expr`` is exactly ``ref.func i; end``."""
    if len(expr) == 2 and len(expr[0]) == 2 and expr[0][0] == REF_FUNC and expr[1][0] == END:
        return expr[0][1]
    return None


def elem_segment(w: Writer, elem: Elem) -> None:
    """The smallest of forms 0-7 (see ``sections.elem_segment``) for the segment."""
    func_indices = [func_index_of(e) for e in elem.init] if elem.type == FUNCREF else [None]
    as_indices = None not in func_indices
    mode = elem.mode
    if mode.kind == "active":
        explicit = mode.table != 0 or (elem.type != FUNCREF)
        flags = 2 if explicit else 0
    else:
        explicit = True
        flags = 1 if mode.kind == "passive" else 3
    if not as_indices:
        flags |= 4
    w.u32(flags)
    if mode.kind == "active":
        if flags & 2:
            w.u32(mode.table)
        w.expr(mode.offset)
    if explicit:
        if as_indices:
            w.byte(0x00)  # elemkind funcref
        else:
            w.value_type(elem.type)
    if as_indices:
        w.vector(func_indices, Writer.u32)
    else:
        w.vector(elem.init, Writer.expr)


def data_segment(w: Writer, data: Data) -> None:
    mode = data.mode
    if mode.kind == "passive":
        w.u32(1)
    elif mode.memory == 0:
        w.u32(0)
        w.expr(mode.offset)
    else:
        w.u32(2)
        w.u32(mode.memory)
        w.expr(mode.offset)
    w.raw(data.init)


def code_entry(w: Writer, func: Func) -> None:
    w.sized(lambda body: function_body(body, func))


def function_body(w: Writer, func: Func) -> None:
    runs = [(t, len(list(group))) for t, group in groupby(func.locals)]
    w.u32(len(runs))
    for t, count in runs:
        w.u32(count)
        w.value_type(t)
    w.expr(func.body)


def section_writers(m: Module) -> dict:
    """Section id -> (whether it has contents, writer of its contents)."""
    return {
        1: (m.types, lambda w: w.vector(m.types, func_type)),
        2: (m.imports, lambda w: w.vector(m.imports, import_entry)),
        3: (m.funcs, lambda w: w.vector([f.type_index for f in m.funcs], Writer.u32)),
        4: (m.tables, lambda w: w.vector([t.type for t in m.tables], table_type)),
        5: (m.mems, lambda w: w.vector([mem.type for mem in m.mems], memory_type)),
        6: (m.globals, lambda w: w.vector(m.globals, global_entry)),
        7: (m.exports, lambda w: w.vector(m.exports, export_entry)),
        8: (m.start is not None, lambda w: w.u32(m.start)),
        9: (m.elems, lambda w: w.vector(m.elems, elem_segment)),
        12: (m.data_count is not None, lambda w: w.u32(m.data_count)),
        10: (m.funcs, lambda w: w.vector(m.funcs, code_entry)),
        11: (m.datas, lambda w: w.vector(m.datas, data_segment)),
    }


OPTIONAL_SECTIONS = (8, 12)  # start and data count: absent, never empty


def custom_contents(custom: CustomSection):
    """The writer of a custom section's contents: its name, then its bytes."""
    def write(w: Writer) -> None:
        w.name(custom.name)
        w.out += custom.data
    return write


def encode_module(module: Module) -> bytes:
    """The canonical binary encoding of ``module``."""
    out = Writer()
    out.out += MAGIC + VERSION
    customs = defaultdict(list)
    for custom in module.customs:
        customs[custom.after if custom.after in SECTIONS else 0].append(custom)

    def write_section(section_id: int, write_contents) -> None:
        out.byte(section_id)
        out.sized(write_contents)

    for custom in customs[0]:
        write_section(0, custom_contents(custom))
    for section_id, (present, write_contents) in section_writers(module).items():
        anchored = customs[section_id] and section_id not in OPTIONAL_SECTIONS
        if present or anchored:
            write_section(section_id, write_contents)
        for custom in customs[section_id]:
            write_section(0, custom_contents(custom))
    return bytes(out.out)
