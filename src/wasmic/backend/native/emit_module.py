"""A whole module -> C source files.

Small modules become one translation unit.  Big ones are split: the
functions are dealt into ``funcs_<k>.c`` files of about ``chunk_bytes`` of C
each (they include only ``module.h``, not Python.h, and declare only the
functions they define or call, so they compile fast), and ``glue.c`` holds
the entries, trampolines, descriptor and module init.
The pieces compile in parallel; splitting also bounds the compiler's memory,
which one multi-megabyte C file can blow up to tens of gigabytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...lower import lower_module
from ...syntax.module import Module
from .emit_descriptor import DescriptorEmitter, glue_signatures
from .emit_function import FunctionEmitter
from .emit_glue import MODULE_INIT, entry, trampoline
from .emit_layout import ModuleLayout
from .emit_metering import EPOCH_DECLARATIONS, EPOCH_DEFINITIONS, NO_METERING, Metering

CHUNK_BYTES = 256 * 1024
"""Target size of one C file of function bodies."""


@dataclass
class CSource:
    """Generated C: every file by name, and which of them to compile."""

    files: dict[str, str] = field(default_factory=dict)
    units: list[str] = field(default_factory=list)

    def add(self, name: str, text: str, unit: bool = True) -> None:
        self.files[name] = text
        if unit:
            self.units.append(name)

    def digest_text(self) -> str:
        """All files in one string, in a stable order (for hashing)."""
        return "".join(f"// {name}\n{self.files[name]}" for name in sorted(self.files))


@dataclass(frozen=True)
class EmittedFunction:
    """The C definition of one defined function, and the defined functions
    it calls directly (whose prototypes its file must declare)."""

    index: int
    text: str
    callees: frozenset[int]


def emit_module(module: Module, chunk_bytes: int = CHUNK_BYTES, metering: Metering = NO_METERING) -> CSource:
    """The C source of ``module`` (validated), metering fuel/epochs if asked."""
    layout = ModuleLayout.of(module)
    functions = []
    for ir in lower_module(module):
        emitter = FunctionEmitter(ir, layout, metering)
        functions.append(EmittedFunction(ir.index, emitter.emit(), frozenset(emitter.callees)))
    entries, trampolines = glue_signatures(layout)
    glue = [entry(t) for t in entries] + [trampoline(t) for t in trampolines]
    glue += [DescriptorEmitter(module, layout).emit(), MODULE_INIT]
    defined = range(layout.n_imported_funcs, len(layout.func_types))
    source = CSource()
    source.add("module.h", layout.header(), unit=False)
    # Python.h goes first where it is used, as CPython asks.
    include = '#include "module.h"\n\n' + (EPOCH_DECLARATIONS if metering.epochs else "")
    py_include = '#include "wasmic_py.h"\n' + include
    if metering.epochs:
        glue.append(EPOCH_DEFINITIONS)
    if sum(len(f.text) for f in functions) <= chunk_bytes:
        source.add("module.c", py_include + layout.declarations(defined) + "\n"
                   + "".join(f.text for f in functions) + "\n".join(glue))
        return source
    # The glue first: in a big module it is the biggest file (the descriptor
    # lists every function), and files compile in this order.
    source.add("glue.c", py_include + layout.declarations(defined) + "\n" + "\n".join(glue))
    for k, chunk in enumerate(_chunks(functions, chunk_bytes)):
        needed = set().union(*(f.callees for f in chunk), (f.index for f in chunk))
        source.add(f"funcs_{k}.c", include + layout.declarations(needed) + "\n"
                   + "".join(f.text for f in chunk))
    return source


def _chunks(items: list[EmittedFunction], limit: int) -> list[list[EmittedFunction]]:
    """Consecutive groups of ``items`` of at most ``limit`` characters of C
    (an item longer than that gets a group of its own)."""
    groups: list[list[EmittedFunction]] = [[]]
    size = 0
    for item in items:
        if groups[-1] and size + len(item.text) > limit:
            groups.append([])
            size = 0
        groups[-1].append(item)
        size += len(item.text)
    return groups
