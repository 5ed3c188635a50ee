"""Decoding a WebAssembly 2.0 binary into a ``Module``.

Checks the header, the section ids and their order (custom sections may
appear anywhere; the data count section sits between element and code),
that every section uses exactly its declared size, and the cross-section
rules: function and code counts agree, the data count matches the data
section, and memory.init / data.drop only occur with a data count section.
Any malformation raises ``DecodeError`` naming the byte offset and section.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager

from ..errors import DecodeError
from ..syntax.module import CustomSection, Func, Module
from .leb128 import UNEXPECTED_END
from .names import decode_names
from .reader import Reader
from .sections import ORDER, SECTIONS, Sections

MAGIC = b"\x00asm"
VERSION = b"\x01\x00\x00\x00"
CUSTOM = 0


def decode_module(data: bytes) -> Module:
    """Decode a binary module; raises ``DecodeError`` if it is malformed."""
    with gc_paused():
        return decode_sections(bytes(data))


@contextmanager
def gc_paused():
    """Pause the cyclic garbage collector: decoding makes millions of tuples
    and lists but no cycles, and the collections it would trigger cost ~15%."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def decode_sections(data: bytes) -> Module:
    """Read the header, then each section in turn, checking ids, order and sizes."""
    read_header(data)
    r = Reader(data, len(MAGIC) + len(VERSION))
    s = Sections()
    last_id = 0
    while r.pos < r.end:
        section_start = r.pos
        section_id = r.byte()
        if section_id != CUSTOM and section_id not in SECTIONS:
            raise DecodeError("malformed section id", section_start)
        name = SECTIONS[section_id][0] if section_id else "custom"
        try:
            size = r.length()
            contents_start = r.pos
            if section_id == CUSTOM:
                s.module.customs.append(custom_section(r, size, last_id))
            else:
                if last_id and ORDER[section_id] <= ORDER[last_id]:
                    raise DecodeError("unexpected content after last section", section_start)
                SECTIONS[section_id][1](r, s)
                last_id = section_id
            if r.pos != contents_start + size:
                raise DecodeError("section size mismatch", contents_start)
        except DecodeError as e:
            if e.section is None:
                raise DecodeError(e.reason, e.offset, name) from None
            raise
    return finish(s, len(data))


def read_header(data: bytes) -> None:
    """The magic number and version; a header cut short is "unexpected end"."""
    for start, expected, reason in ((0, MAGIC, "magic header not detected"),
                                    (len(MAGIC), VERSION, "unknown binary version")):
        field = data[start:start + len(expected)]
        if len(field) < len(expected):
            raise DecodeError(UNEXPECTED_END, len(data))
        if field != expected:
            raise DecodeError(reason, start)


def custom_section(r: Reader, size: int, after: int) -> CustomSection:
    """A custom section's name and contents, which must fit its size."""
    end = r.pos + size
    name = r.name()
    if r.pos > end:
        raise r.fail(UNEXPECTED_END, end)
    return CustomSection(name, r.bytes(end - r.pos), after)


def finish(s: Sections, end: int) -> Module:
    """Apply the checks that span sections and pair functions with their code."""
    module = s.module
    if len(s.func_types) != len(s.codes):
        raise DecodeError("function and code section have inconsistent lengths", end)
    if module.data_count is not None and module.data_count != len(module.datas):
        raise DecodeError("data count and data section have inconsistent lengths", end)
    if module.data_count is None and any(code.uses_data for code in s.codes):
        raise DecodeError("data count section required", end)
    module.funcs = [Func(type_index, code.locals, code.body, code.offsets, code.code_start)
                    for type_index, code in zip(s.func_types, s.codes)]
    for custom in module.customs:
        if custom.name == "name":
            module.names = decode_names(custom.data)
            break
    return module
