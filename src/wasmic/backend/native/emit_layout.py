"""The module-specific instance struct and where each entity lives in it.

Generated code reaches everything through ``inst``, a pointer to a struct
that starts with the runtime's ``wasmic_inst`` header and continues with
fixed-size arrays, so each access is one load at a constant offset:

* ``g[i]``  -- the cell of global ``i`` (a ``wasmic_value *``); globals that
  are neither imported nor exported are *private* and live inline in
  ``gv[k]`` instead (one load fewer, and no object behind them);
* ``f[i]``  -- the funcref of function ``i`` (imports first), ``fs`` the
  funcref storage the runtime fills for defined functions and host imports;
* ``t[i]``  -- table ``i``; ``ty[i]`` -- canonical id of type ``i``.

The runtime learns the offsets from the descriptor (``emit_descriptor``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ...syntax.module import Module
from ...syntax.types import ExternKind, FuncType, GlobalType, Limits, ValueType
from .cnames import VALUE_FIELD, fn_pointer_typedef, func_name, prototype, result_struct

PAGE_BYTES = 65536
WASM_PAGES = 65536
"""Most pages a 32-bit memory can have."""


@dataclass
class ModuleLayout:
    """What every emitter needs to know about the module as a whole."""

    module: Module
    func_types: list[FuncType] = field(default_factory=list)  # function index space
    n_imported_funcs: int = 0
    global_types: list[GlobalType] = field(default_factory=list)  # global index space
    n_imported_globals: int = 0
    private_slots: dict[int, int] = field(default_factory=dict)  # global index -> gv slot
    table_elems: list[ValueType] = field(default_factory=list)
    memory_limits: Limits | None = None  # memory 0's declared (or imported) limits, in pages

    @classmethod
    def of(cls, module: Module) -> ModuleLayout:
        """Compute the layout of ``module`` (valid)."""
        layout = cls(module)
        func_imports = module.imported(ExternKind.FUNC)
        layout.func_types = [module.types[i.desc] for i in func_imports]
        layout.func_types += [module.types[f.type_index] for f in module.funcs]
        layout.n_imported_funcs = len(func_imports)
        global_imports = module.imported(ExternKind.GLOBAL)
        layout.global_types = [i.desc for i in global_imports] + [g.type for g in module.globals]
        layout.n_imported_globals = len(global_imports)
        exported = {e.index for e in module.exports if e.kind == ExternKind.GLOBAL}
        for index in range(layout.n_imported_globals, len(layout.global_types)):
            if index not in exported:
                layout.private_slots[index] = len(layout.private_slots)
        layout.table_elems = [i.desc.elem for i in module.imported(ExternKind.TABLE)]
        layout.table_elems += [t.type.elem for t in module.tables]
        memories = [i.desc for i in module.imported(ExternKind.MEMORY)] + [m.type for m in module.mems]
        layout.memory_limits = memories[0].limits if memories else None
        return layout

    def memory_bounds(self) -> tuple[int, int]:
        """The least and greatest byte size memory 0 can ever have: a memory
        never shrinks, and an imported one is at least its import's minimum
        (import matching compares the current size)."""
        limits = self.memory_limits
        assert limits is not None, "the module has no memory"
        most = WASM_PAGES if limits.max is None else min(limits.max, WASM_PAGES)
        return limits.min * PAGE_BYTES, most * PAGE_BYTES

    def global_value(self, index: int) -> str:
        """The C lvalue holding the value of global ``index``."""
        member = VALUE_FIELD[self.global_types[index].value]
        slot = self.private_slots.get(index)
        if slot is not None:
            return f"inst->gv[{slot}].{member}"
        return f"inst->g[{index}]->{member}"

    def global_cell(self, index: int) -> str:
        """A C pointer to the ``wasmic_value`` cell of global ``index``."""
        slot = self.private_slots.get(index)
        return f"&inst->gv[{slot}]" if slot is not None else f"inst->g[{index}]"

    def signatures(self) -> list[FuncType]:
        """Every distinct function type the module's code can call, in order."""
        seen: dict[FuncType, None] = dict.fromkeys(self.func_types)
        seen.update(dict.fromkeys(self.module.types))
        return list(seen)

    def header(self) -> str:
        """``module.h``: the instance struct and the signature types.  The
        function prototypes are not in it (see ``declarations``): a big
        module has tens of thousands, and every file would parse them all."""
        n = len
        lines = ['#include "wasmic.h"', ""]
        multi = {tuple(t.results) for t in self.signatures() if len(t.results) > 1}
        lines += [result_struct(results) for results in sorted(multi)]
        lines += [fn_pointer_typedef(t) for t in self.signatures()]
        lines += [
            "",
            "typedef struct {",
            "    wasmic_inst h;",
            f"    wasmic_value *g[{max(n(self.global_types), 1)}];",
            f"    wasmic_value gv[{max(n(self.private_slots), 1)}];",
            f"    const wasmic_funcref *f[{max(n(self.func_types), 1)}];",
            f"    wasmic_funcref fs[{max(n(self.func_types), 1)}];",
            f"    wasmic_table *t[{max(n(self.table_elems), 1)}];",
            f"    uint32_t ty[{max(n(self.module.types), 1)}];",
            "} inst_t;",
            "",
        ]
        return "\n".join(lines) + "\n"

    def declarations(self, indices: Iterable[int]) -> str:
        """Prototypes of the defined functions ``indices`` (sorted)."""
        return "".join(f"WASMIC_WASM_FUNC {prototype(self.func_types[i], func_name(i))};\n"
                       for i in sorted(indices))
