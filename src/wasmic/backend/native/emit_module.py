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

from dataclasses import dataclass
from pathlib import Path

from ...lower import lower_functions
from ...syntax.module import Module
from ...valid.info import ModuleInfo
from .emit_descriptor import DescriptorEmitter, glue_signatures
from .emit_function import FunctionEmitter
from .emit_glue import MODULE_INIT, entry, trampoline
from .emit_layout import ModuleLayout
from .emit_metering import EPOCH_DECLARATIONS, EPOCH_DEFINITIONS, NO_METERING, Metering

CHUNK_BYTES = 256 * 1024
"""Target size of one C file of function bodies."""


class CSource:
    """Generated C: the files, and which of them to compile.  Without a
    ``directory`` the files are kept in ``files``; with one, each is written
    there as soon as it is complete and only its name is kept (a big
    module's C need not fit in memory at once)."""

    def __init__(self, directory: Path | None = None):
        self.directory = directory
        self.files: dict[str, str] = {}
        self.units: list[str] = []

    def add(self, name: str, text: str, unit: bool = True) -> None:
        if self.directory is None:
            self.files[name] = text
        else:
            (self.directory / name).write_text(text)
        if unit:
            self.units.append(name)


@dataclass(frozen=True)
class EmittedFunction:
    """The C definition of one defined function, and the defined functions
    it calls directly (whose prototypes its file must declare)."""

    index: int
    text: str
    callees: frozenset[int]


def emit_module(module: Module, chunk_bytes: int = CHUNK_BYTES, metering: Metering = NO_METERING,
                directory: Path | None = None, info: ModuleInfo | None = None) -> CSource:
    """The C source of ``module`` (validated; ``info`` is what validation
    returned, else it is validated again), metering fuel/epochs if asked,
    written into ``directory`` file by file if one is given.  Functions are
    lowered and emitted one at a time, and a file's functions are released
    once it is complete."""
    layout = ModuleLayout.of(module)
    entries, trampolines = glue_signatures(layout)
    glue = [entry(t) for t in entries] + [trampoline(t) for t in trampolines]
    glue += [DescriptorEmitter(module, layout).emit(), MODULE_INIT]
    if metering.epochs:
        glue.append(EPOCH_DEFINITIONS)
    defined = range(layout.n_imported_funcs, len(layout.func_types))
    source = CSource(directory)
    source.add("module.h", layout.header(), unit=False)
    # Python.h goes first where it is used, as CPython asks.
    include = '#include "module.h"\n\n' + (EPOCH_DECLARATIONS if metering.epochs else "")
    py_include = '#include "wasmic_py.h"\n' + include
    glue_file = py_include + layout.declarations(defined) + "\n"
    chunk: list[EmittedFunction] = []
    size = files = 0
    for ir in lower_functions(module, info):
        emitter = FunctionEmitter(ir, layout, metering)
        emitted = EmittedFunction(ir.index, emitter.emit(), frozenset(emitter.callees))
        if chunk and size + len(emitted.text) > chunk_bytes:
            if not files:
                # The glue first: in a big module it is the biggest file (the
                # descriptor lists every function), and files compile in order.
                source.add("glue.c", glue_file + "\n".join(glue))
            source.add(f"funcs_{files}.c", _functions_file(layout, include, chunk))
            files += 1
            chunk, size = [], 0
        chunk.append(emitted)
        size += len(emitted.text)
    if files:
        source.add(f"funcs_{files}.c", _functions_file(layout, include, chunk))
    else:
        source.add("module.c", glue_file + "".join(f.text for f in chunk) + "\n".join(glue))
    return source


def _functions_file(layout: ModuleLayout, include: str, chunk: list[EmittedFunction]) -> str:
    """A file of function bodies, declaring the functions it defines or calls."""
    needed = set().union(*(f.callees for f in chunk), (f.index for f in chunk))
    return include + layout.declarations(needed) + "\n" + "".join(f.text for f in chunk)
