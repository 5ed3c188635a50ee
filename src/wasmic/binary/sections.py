"""Decoders for the contents of each non-custom section.

Each takes the ``Reader`` positioned at the section's contents and the
``Sections`` being filled in; the caller checks the section's size.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..syntax.module import (Data, DataMode, Elem, ElemMode, Export, Global, Import, Memory,
                             Module, Table)
from ..syntax.opcodes import Op
from ..syntax.types import FUNCREF, ExternKind, FuncType, GlobalType, MemoryType, TableType
from .expr import END, decode_body, decode_expr
from .offsets import BodyOffsets
from .reader import Reader

MAX_LOCALS = 50_000  # declared locals per function, as wasmtime caps them
FUNC_TYPE_FORM = 0x60
REF_FUNC = int(Op.REF_FUNC)


@dataclass
class Code:
    """One entry of the code section, before it is paired with its type."""

    locals: tuple
    body: list
    offsets: BodyOffsets
    uses_data: bool
    code_start: int  # where the locals declarations start


@dataclass
class Sections:
    """What decoding collects: the module, plus the parts checked at the end."""

    module: Module = field(default_factory=Module)
    func_types: list[int] = field(default_factory=list)
    codes: list[Code] = field(default_factory=list)


def vector(r: Reader, read_item) -> list:
    """A vector: a u32 count, then the items.  Every item takes at least one
    byte, so a huge count fails at the end of the data, not by allocating."""
    return [read_item(r) for _ in range(r.u32())]


def const_expr(r: Reader) -> list:
    body, _, r.pos, _ = decode_expr(r.data, r.pos, r.memo)
    return body


def func_type(r: Reader) -> FuncType:
    if r.type_code() != FUNC_TYPE_FORM:
        raise r.fail("malformed function type", r.pos - 1)
    params = tuple(vector(r, Reader.value_type))
    return FuncType(params, tuple(vector(r, Reader.value_type)))


def global_type(r: Reader) -> GlobalType:
    t = r.value_type()
    mutability = r.byte()
    if mutability > 1:
        raise r.fail("malformed mutability", r.pos - 1)
    return GlobalType(t, bool(mutability))


def table_type(r: Reader) -> TableType:
    elem = r.ref_type()
    return TableType(r.limits(), elem)


def memory_type(r: Reader) -> MemoryType:
    return MemoryType(r.limits())


def import_entry(r: Reader) -> Import:
    module, name = r.name(), r.name()
    kind = r.byte()
    if kind == ExternKind.FUNC:
        desc = r.u32()
    elif kind == ExternKind.TABLE:
        desc = table_type(r)
    elif kind == ExternKind.MEMORY:
        desc = memory_type(r)
    elif kind == ExternKind.GLOBAL:
        desc = global_type(r)
    else:
        raise r.fail("malformed import kind", r.pos - 1)
    return Import(module, name, ExternKind(kind), desc)


def export_entry(r: Reader) -> Export:
    name = r.name()
    kind = r.byte()
    if kind > ExternKind.GLOBAL:
        raise r.fail("malformed export kind", r.pos - 1)
    return Export(name, ExternKind(kind), r.u32())


def elem_segment(r: Reader) -> Elem:
    """Element segment forms 0-7: bit 0 passive/declarative, bit 1 explicit
    table or declarative, bit 2 expressions instead of function indices."""
    start = r.pos
    flags = r.u32()
    if flags > 7:
        raise r.fail("malformed elements segment kind", start)
    if flags & 1:
        mode = ElemMode("declarative" if flags & 2 else "passive")
    else:
        table = r.u32() if flags & 2 else 0
        mode = ElemMode("active", table, const_expr(r))
    elem_type = FUNCREF
    if flags & 3:
        if flags & 4:
            elem_type = r.ref_type()
        elif r.byte() != 0x00:
            raise r.fail("malformed element kind", r.pos - 1)
    if flags & 4:
        init = vector(r, const_expr)
    else:
        init = [[(REF_FUNC, index), END] for index in vector(r, Reader.u32)]
    return Elem(elem_type, init, mode)


def data_segment(r: Reader) -> Data:
    start = r.pos
    flags = r.u32()
    if flags == 1:
        mode = DataMode("passive")
    elif flags in (0, 2):
        memory = r.u32() if flags == 2 else 0
        mode = DataMode("active", memory, const_expr(r))
    else:
        raise r.fail("malformed data segment kind", start)
    return Data(r.bytes(r.length()), mode)


def code_entry(r: Reader) -> Code:
    size = r.length()
    start = r.pos
    locals_: list = []
    for _ in range(r.u32()):
        count = r.u32()
        t = r.value_type()
        if len(locals_) + count > MAX_LOCALS:
            raise r.fail("too many locals", start)
        locals_ += (t,) * count
    body_start = r.pos
    body, odd_lengths, r.pos, uses_data = decode_body(r.data, body_start, start + size, r.memo)
    if r.pos != start + size:
        raise r.fail("section size mismatch", start)
    return Code(tuple(locals_), body, BodyOffsets(body_start, body, odd_lengths), uses_data, start)


def type_section(r: Reader, s: Sections) -> None:
    s.module.types = vector(r, func_type)


def import_section(r: Reader, s: Sections) -> None:
    s.module.imports = vector(r, import_entry)


def function_section(r: Reader, s: Sections) -> None:
    s.func_types = vector(r, Reader.u32)


def table_section(r: Reader, s: Sections) -> None:
    s.module.tables = [Table(t) for t in vector(r, table_type)]


def memory_section(r: Reader, s: Sections) -> None:
    s.module.mems = [Memory(t) for t in vector(r, memory_type)]


def global_section(r: Reader, s: Sections) -> None:
    s.module.globals = vector(r, lambda r: Global(global_type(r), const_expr(r)))


def export_section(r: Reader, s: Sections) -> None:
    s.module.exports = vector(r, export_entry)


def start_section(r: Reader, s: Sections) -> None:
    s.module.start = r.u32()


def element_section(r: Reader, s: Sections) -> None:
    s.module.elems = vector(r, elem_segment)


def data_count_section(r: Reader, s: Sections) -> None:
    s.module.data_count = r.u32()


def code_section(r: Reader, s: Sections) -> None:
    s.codes = vector(r, code_entry)


def data_section(r: Reader, s: Sections) -> None:
    s.module.datas = vector(r, data_segment)


# Section id -> (name, decoder), in the order the sections must appear.
SECTIONS = {
    1: ("type", type_section), 2: ("import", import_section), 3: ("function", function_section),
    4: ("table", table_section), 5: ("memory", memory_section), 6: ("global", global_section),
    7: ("export", export_section), 8: ("start", start_section), 9: ("element", element_section),
    12: ("data count", data_count_section), 10: ("code", code_section), 11: ("data", data_section),
}
ORDER = {section_id: rank for rank, section_id in enumerate(SECTIONS, 1)}
