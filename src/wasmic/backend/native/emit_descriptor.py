"""The module descriptor: static C data telling the runtime what to build.

The runtime (``rt_instance.c``) instantiates any module from its
``wasmic_module_desc``: types, imports, exports, the functions' C pointers,
entries and trampolines, tables, memories, globals with their initial
values, element and data segments, the start function, and the offsets of
the arrays in the generated instance struct.  Constant expressions (WebAssembly
2.0 has exactly one instruction in each) become ``wasmic_const`` values.
"""

from __future__ import annotations

from ...errors import WasmError
from ...syntax.module import Module
from ...syntax.opcodes import Op
from ...syntax.types import ExternKind, FuncType, Limits
from .cnames import TYPE_CODES, codes, entry_name, func_name, trampoline_name
from .emit_layout import ModuleLayout

_IMPORT_KINDS = {ExternKind.FUNC: "f", ExternKind.TABLE: "t", ExternKind.MEMORY: "m", ExternKind.GLOBAL: "g"}
_CONST_KINDS = {Op.I32_CONST: "i", Op.I64_CONST: "I", Op.F32_CONST: "f", Op.F64_CONST: "F",
                Op.REF_NULL: "n", Op.REF_FUNC: "r", Op.GLOBAL_GET: "g"}


def c_string(data: bytes | str) -> str:
    """A C string literal holding ``data`` exactly (3-digit octal escapes,
    which cannot run into the next character)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    out = []
    for i in range(0, len(data), 64):
        chunk = "".join(chr(b) if 32 <= b < 127 and b not in b'"\\?' else f"\\{b:03o}"
                        for b in data[i:i + 64])
        out.append(f'"{chunk}"')
    return "\n    ".join(out) if out else '""'


def const(expr: list, where: str) -> str:
    """The ``wasmic_const`` initializer of a constant expression."""
    if len(expr) != 2 or expr[0][0] not in _CONST_KINDS:
        raise WasmError(f"the native tier supports single-instruction constant expressions only ({where})")
    op, *imm = expr[0]
    value = 0 if op == Op.REF_NULL else imm[0]
    return f"{{'{_CONST_KINDS[op]}', {value:#x}ull}}"


def _array(ctype: str, name: str, items: list[str]) -> str:
    body = ",\n    ".join(items) if items else "0"
    return f"static const {ctype} {name}[] = {{\n    {body}\n}};\n"


def _limits(limits: Limits, elem: str = "0") -> str:
    has_max = limits.max is not None
    return f"{{{limits.min}ull, {limits.max if has_max else 0}ull, {int(has_max)}, {elem}}}"


class DescriptorEmitter:
    """Emits the descriptor of one module (needs the entries and trampolines
    of the signatures it names to be emitted in the same file)."""

    def __init__(self, module: Module, layout: ModuleLayout):
        self.module = module
        self.layout = layout

    def emit(self) -> str:
        m, lay = self.module, self.layout
        n_imp = lay.n_imported_funcs
        parts = [
            _array("wasmic_type", "d_types",
                   [f'{{"{codes(t.params)}", "{codes(t.results)}"}}' for t in m.types]),
            _array("wasmic_import", "d_imports", [self._import(i) for i in m.imports]),
            _array("uint32_t", "d_func_types", [str(ti) for ti in self._func_type_indices()]),
            _array("char *const", "d_func_names", [self._name(i) for i in range(len(lay.func_types))]),
            _array("wasmic_fn", "d_func_ptrs",
                   [f"(wasmic_fn){func_name(i)}" for i in range(n_imp, len(lay.func_types))]),
            _array("void *const", "d_pycalls",
                   [f"(void *){entry_name(lay.func_types[i])}" for i in range(n_imp, len(lay.func_types))]),
            _array("wasmic_fn", "d_trampolines",
                   [f"(wasmic_fn){trampoline_name(lay.func_types[i])}" for i in range(n_imp)]),
            _array("uint32_t", "d_body_offsets",
                   [f"{f.code_start:#x}u" if f.code_start is not None and f.offsets else "0xffffffffu"
                    for f in m.funcs]),
            _array("uint32_t", "d_self_calls", [self._self_call(i) for i in range(len(m.funcs))]),
            _array("wasmic_limits", "d_tables", self._tables()),
            _array("wasmic_limits", "d_mems", self._mems()),
            _array("wasmic_global_desc", "d_globals", self._globals()),
            _array("wasmic_export", "d_exports",
                   [f"{{{c_string(e.name)}, {len(e.name.encode())}, '{_IMPORT_KINDS[e.kind]}', {e.index}}}"
                    for e in m.exports]),
            *self._elem_items(),
            _array("wasmic_elem_desc", "d_elems", [self._elem(i, e) for i, e in enumerate(m.elems)]),
            _array("wasmic_data_desc", "d_datas", [self._data(i, d) for i, d in enumerate(m.datas)]),
            self._desc(),
        ]
        return "\n".join(parts)

    # -- pieces ------------------------------------------------------------------
    def _func_type_indices(self) -> list[int]:
        m = self.module
        return [i.desc for i in m.imported(ExternKind.FUNC)] + [f.type_index for f in m.funcs]

    def _name(self, index: int) -> str:
        name = self.module.names.funcs.get(index)
        return "NULL" if name is None else c_string(name)

    def _import(self, imp) -> str:
        kind = _IMPORT_KINDS[imp.kind]
        index = imp.desc if imp.kind == ExternKind.FUNC else self._import_index(imp)
        return f"{{{c_string(imp.module)}, {c_string(imp.name)}, '{kind}', {index}}}"

    def _import_index(self, imp) -> int:
        same = [i for i in self.module.imports if i.kind == imp.kind]
        return next(n for n, i in enumerate(same) if i is imp)

    def _tables(self) -> list[str]:
        types = [i.desc for i in self.module.imported(ExternKind.TABLE)]
        types += [t.type for t in self.module.tables]
        return [_limits(t.limits, f"'{TYPE_CODES[t.elem]}'") for t in types]

    def _mems(self) -> list[str]:
        types = [i.desc for i in self.module.imported(ExternKind.MEMORY)]
        types += [mem.type for mem in self.module.mems]
        if len(types) > 1:
            raise WasmError("the native tier supports one memory per module (multi-memory is not 2.0)")
        return [_limits(t.limits) for t in types]

    def _globals(self) -> list[str]:
        out = []
        for index, gtype in enumerate(self.layout.global_types):
            slot = self.layout.private_slots.get(index, -1)
            if index < self.layout.n_imported_globals:
                init = "{'n', 0}"
            else:
                init = const(self.module.globals[index - self.layout.n_imported_globals].init,
                             f"global {index}")
            out.append(f"{{'{TYPE_CODES[gtype.value]}', {int(gtype.mutable)}, {slot}, {init}}}")
        return out

    def _elem_items(self) -> list[str]:
        return [_array("wasmic_const", f"d_elem{i}_items",
                       [const(item, f"element segment {i}") for item in e.init])
                for i, e in enumerate(self.module.elems)]

    def _self_call(self, position: int) -> str:
        """Where defined function ``position`` calls itself directly (see
        ``self_calls`` in wasmic.h)."""
        func = self.module.funcs[position]
        index = self.layout.n_imported_funcs + position
        if not func.offsets:
            return "WASMIC_NO_SELF_CALL"
        sites = [func.offsets[i] for i, ins in enumerate(func.body) if ins[0] == Op.CALL and ins[1] == index]
        if not sites:
            return "WASMIC_NO_SELF_CALL"
        return f"{sites[0]:#x}u" if len(sites) == 1 else "WASMIC_SELF_CALLS"

    def _elem(self, index: int, elem) -> str:
        mode = elem.mode
        offset = const(mode.offset, f"element segment {index}") if mode.kind == "active" else "{'n', 0}"
        return (f"{{'{mode.kind[0]}', '{TYPE_CODES[elem.type]}', {mode.table}, {offset}, "
                f"{len(elem.init)}, d_elem{index}_items}}")

    def _data(self, index: int, data) -> str:
        mode = data.mode
        offset = const(mode.offset, f"data segment {index}") if mode.kind == "active" else "{'n', 0}"
        return (f"{{'{mode.kind[0]}', {mode.memory}, {offset}, {len(data.init)}, "
                f"(const uint8_t *){c_string(data.init)}}}")

    def _desc(self) -> str:
        m, lay = self.module, self.layout
        imported = {kind: len(m.imported(kind)) for kind in ExternKind}
        start = -1 if m.start is None else m.start
        fields = [
            "WASMIC_ABI", c_string(m.names.module) if m.names.module else "NULL",
            f"{len(m.types)}, d_types", f"{len(m.imports)}, d_imports",
            f"{len(lay.func_types)}, {lay.n_imported_funcs}, d_func_types",
            "d_func_names", "d_func_ptrs", "d_pycalls", "d_trampolines",
            f"{len(lay.table_elems)}, {imported[ExternKind.TABLE]}, d_tables",
            f"{len(m.mems) + imported[ExternKind.MEMORY]}, {imported[ExternKind.MEMORY]}, d_mems",
            f"{len(lay.global_types)}, {lay.n_imported_globals}, d_globals",
            f"{len(m.exports)}, d_exports", f"{len(m.elems)}, d_elems", f"{len(m.datas)}, d_datas",
            f"{start}",
            "sizeof(inst_t)", "offsetof(inst_t, g)", "offsetof(inst_t, gv)", "offsetof(inst_t, f)",
            "offsetof(inst_t, fs)", "offsetof(inst_t, t)", "offsetof(inst_t, ty)",
            "WASMIC_TEXT_BEGIN", "WASMIC_TEXT_END", "WASMIC_SITES_BEGIN", "WASMIC_SITES_END", "d_body_offsets",
            "d_self_calls",
        ]
        return "const wasmic_module_desc wasmic_desc = {\n    " + ",\n    ".join(fields) + "\n};\n"


def glue_signatures(layout: ModuleLayout) -> tuple[list[FuncType], list[FuncType]]:
    """The signatures needing an entry (defined functions) and a trampoline (imports)."""
    n = layout.n_imported_funcs
    entries = list(dict.fromkeys(layout.func_types[n:]))
    trampolines = list(dict.fromkeys(layout.func_types[:n]))
    return entries, trampolines
