"""Module fields of the text format, to a ``syntax.Module``.

Two passes over the fields.  The first binds every identifier (functions can
call functions defined later) and reads the explicit type definitions, which
must all be known before implicit ones are appended; it also checks that
imports precede definitions ("import after function").  The second reads
each field in order, so index spaces, exports and implicit types come out in
the order of the text.  Inline imports, exports, elements and data are
expanded where they stand, as the spec's abbreviations say.
"""

from __future__ import annotations

from ..syntax.module import Export, Func, Global, Import, Memory, Module, Table
from ..syntax.types import PAGE_SIZE, ExternKind, Limits, MemoryType, TableType
from .context import FuncContext, IndexSpace, ModuleContext
from .cursor import Cursor
from .instructions import InstrParser
from .segments import data_segment, elem_segment, inline_data, inline_elem
from .type_parser import (REF_TYPES, func_type, func_type_index, global_type, memory_type,
                          ref_type, table_type, value_type)

_KINDS = {"func": ExternKind.FUNC, "table": ExternKind.TABLE, "memory": ExternKind.MEMORY,
          "global": ExternKind.GLOBAL}
_DEFINITION_WORDS = {"func": "function", "table": "table", "memory": "memory", "global": "global"}


def parse_fields(c: Cursor, name: str | None = None) -> Module:
    """The module made of the fields from ``c`` on; ``name`` is its ``$id``."""
    return _ModuleParser(c).parse(name)


class _ModuleParser:
    """The two passes over one module's fields, and the Module they build."""

    def __init__(self, c: Cursor):
        self.c = c
        self.ctx = ModuleContext()
        self.module = Module()
        self.spaces = {"func": self.ctx.funcs, "table": self.ctx.tables,
                       "memory": self.ctx.mems, "global": self.ctx.globals}
        self.first_definition: str | None = None

    def parse(self, name: str | None) -> Module:
        c = self.c
        fields = []
        while not c.at_end():
            field = c.sub()
            fields.append((field.node, self.declare(field)))
        for node, index in fields:
            self.define(Cursor(node, c.source), index)
        module = self.module
        module.types = self.ctx.types
        if self.ctx.uses_data_count:
            module.data_count = len(module.datas)
        module.names.module = name[1:] if name else None
        module.names.funcs = {index: n[1:] for n, index in self.ctx.funcs.names.items()}
        return module

    # -- pass 1: identifiers, types, order of imports ---------------------------
    def declare(self, f: Cursor) -> int:
        """Bind the field's identifier; returns its index in its own space."""
        keyword = f.peek_atom()
        f.i += 1
        if keyword == "type":
            offset = f.offset()
            name = f.optional_id()
            self.ctx.define_type(name, func_type(f), f, offset)
            f.end()
            return -1
        if keyword == "import":
            f.name()
            f.name()
            desc = f.sub()
            kind = desc.peek_atom()
            if kind not in _KINDS:
                raise desc.unexpected()
            desc.i += 1
            self.check_import_order(f, f.node.pos)
            return self.declare_in(self.spaces[kind], desc)
        if keyword in _KINDS:
            return self.declare_entity(keyword, f)
        if keyword == "elem":
            return self.declare_in(self.ctx.elems, f)
        if keyword == "data":
            return self.declare_in(self.ctx.datas, f)
        if keyword in ("export", "start"):
            return -1
        f.i -= 1
        raise f.unexpected()

    def declare_in(self, space: IndexSpace, f: Cursor) -> int:
        offset = f.offset()
        return space.declare(f.optional_id(), f, offset)

    def declare_entity(self, keyword: str, f: Cursor) -> int:
        index = self.declare_in(self.spaces[keyword], f)
        while f.peek_head() == "export":
            f.i += 1
        if f.peek_head() == "import":
            self.check_import_order(f, f.offset())
        else:
            self.first_definition = self.first_definition or _DEFINITION_WORDS[keyword]
            if keyword == "table" and f.peek_atom() in REF_TYPES:
                self.ctx.elems.declare(None, f)
            elif keyword == "memory" and f.peek_head() == "data":
                self.ctx.datas.declare(None, f)
        return index

    def check_import_order(self, f: Cursor, offset: int) -> None:
        if self.first_definition is not None:
            raise f.error(f"import after {self.first_definition}", offset)

    # -- pass 2: contents --------------------------------------------------------
    def define(self, f: Cursor, index: int) -> None:
        keyword = f.atom()
        if keyword == "type":
            return  # read in the first pass
        if keyword in _KINDS:
            f.optional_id()
            self.inline_exports(f, _KINDS[keyword], index)
            if f.peek_head() == "import":
                imp = f.sub("import")
                module_name, name = imp.name(), imp.name()
                imp.end()
                self.add_import(module_name, name, keyword, f)
            else:
                getattr(self, "define_" + keyword)(f, index)
        elif keyword == "import":
            module_name, name = f.name(), f.name()
            desc = f.sub()
            kind = desc.atom()
            desc.optional_id()
            self.add_import(module_name, name, kind, desc)
        elif keyword == "export":
            self.define_export(f)
        elif keyword == "start":
            self.define_start(f)
        elif keyword == "elem":
            f.optional_id()
            self.module.elems.append(elem_segment(f, self.ctx))
        elif keyword == "data":
            f.optional_id()
            self.module.datas.append(data_segment(f, self.ctx))
        f.end()

    def inline_exports(self, f: Cursor, kind: ExternKind, index: int) -> None:
        while f.peek_head() == "export":
            e = f.sub("export")
            self.module.exports.append(Export(e.name(), kind, index))
            e.end()

    def add_import(self, module_name: str, name: str, kind: str, d: Cursor) -> None:
        """The import of ``kind`` whose description follows at ``d``."""
        if kind == "func":
            desc = func_type_index(d, self.ctx, IndexSpace("param"))[0]
        elif kind == "table":
            desc = table_type(d)
        elif kind == "memory":
            desc = memory_type(d)
        else:
            desc = global_type(d)
        d.end()
        self.module.imports.append(Import(module_name, name, _KINDS[kind], desc))

    def define_func(self, f: Cursor, index: int) -> None:
        fctx = FuncContext(self.ctx)
        type_index, _ = func_type_index(f, self.ctx, fctx.locals)
        local_types = []
        while f.peek_head() == "local":
            loc = f.sub("local")
            if loc.peek_id():
                offset = loc.offset()
                fctx.locals.declare(loc.atom(), loc, offset)
                local_types.append(value_type(loc))
                loc.end()
                continue
            while not loc.at_end():
                local_types.append(value_type(loc))
                fctx.locals.declare(None, loc)
        body = InstrParser(fctx).expression(f)
        self.module.funcs.append(Func(type_index, tuple(local_types), body))
        if fctx.locals.names:
            self.module.names.locals[index] = {i: n[1:] for n, i in fctx.locals.names.items()}

    def define_table(self, f: Cursor, index: int) -> None:
        if f.peek_atom() in REF_TYPES:
            elem_type = ref_type(f)
            segment = inline_elem(f.sub("elem"), self.ctx, elem_type, index)
            size = len(segment.init)
            self.module.tables.append(Table(TableType(Limits(size, size), elem_type)))
            self.module.elems.append(segment)
        else:
            self.module.tables.append(Table(table_type(f)))

    def define_memory(self, f: Cursor, index: int) -> None:
        if f.peek_head() == "data":
            d = f.sub("data")
            data = d.strings()
            d.end()
            pages = -(-len(data) // PAGE_SIZE)
            self.module.mems.append(Memory(MemoryType(Limits(pages, pages))))
            self.module.datas.append(inline_data(data, index))
        else:
            self.module.mems.append(Memory(memory_type(f)))

    def define_global(self, f: Cursor, index: int) -> None:
        gtype = global_type(f)
        init = InstrParser(FuncContext(self.ctx)).expression(f)
        self.module.globals.append(Global(gtype, init))

    def define_export(self, f: Cursor) -> None:
        name = f.name()
        d = f.sub()
        kind = d.atom()
        if kind not in _KINDS:
            d.i -= 1
            raise d.unexpected()
        index = self.spaces[kind].resolve(d)
        d.end()
        self.module.exports.append(Export(name, _KINDS[kind], index))

    def define_start(self, f: Cursor) -> None:
        if self.module.start is not None:
            raise f.error("multiple start sections")
        self.module.start = self.ctx.funcs.resolve(f)
