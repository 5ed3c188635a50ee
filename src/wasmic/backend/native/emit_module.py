"""A whole module -> C source files.

Small modules become one translation unit.  Big ones are split: the
functions are dealt into ``funcs_<k>.c`` files of about ``chunk_bytes`` of C
each (they include only ``module.h``, not Python.h, and declare only the
functions they define or call, so they compile fast), and ``glue.c`` holds
the entries, trampolines, descriptor and module init.
The pieces compile in parallel; splitting also bounds the compiler's memory,
which one multi-megabyte C file can blow up to tens of gigabytes.

Functions of more than ``big_function`` wasm instructions are dealt into
files of their own, ``big_<k>.c`` (listed in ``CSource.big_units``), which
are compiled with less optimization (see ``big_functions``); such a
function makes the module split even when its C is small.  Functions are
emitted biggest first, so the files slowest to compile are written (and
handed to ``compile_pool``) first.
"""

from __future__ import annotations

from collections.abc import Callable
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

SINGLE_UNIT = "module.c"
"""The one file of a module that is not split."""

UnitWritten = Callable[[str, bool], None]
"""Called with the name of each file of a split module as soon as it is
written, and whether it holds big functions."""


class CSource:
    """Generated C: the files, and which of them to compile.  Without a
    ``directory`` the files are kept in ``files``; with one, each is written
    there as soon as it is complete and only its name is kept (a big
    module's C need not fit in memory at once)."""

    def __init__(self, directory: Path | None = None, on_unit: UnitWritten | None = None):
        self.directory = directory
        self.on_unit = on_unit
        self.files: dict[str, str] = {}
        self.units: list[str] = []
        self.big_units: set[str] = set()  # the units holding big functions

    def add(self, name: str, text: str, unit: bool = True, big: bool = False) -> None:
        if self.directory is None:
            self.files[name] = text
        else:
            (self.directory / name).write_text(text)
        if unit:
            self.units.append(name)
            if big:
                self.big_units.add(name)
            if self.on_unit is not None and name != SINGLE_UNIT:
                self.on_unit(name, big)


@dataclass(frozen=True)
class EmittedFunction:
    """The C definition of one defined function, and the defined functions
    it calls directly (whose prototypes its file must declare)."""

    index: int
    text: str
    callees: frozenset[int]


def emit_module(module: Module, chunk_bytes: int = CHUNK_BYTES, metering: Metering = NO_METERING,
                directory: Path | None = None, info: ModuleInfo | None = None,
                big_function: int | None = None, on_unit: UnitWritten | None = None) -> CSource:
    """The C source of ``module`` (validated; ``info`` is what validation
    returned, else it is validated again), metering fuel/epochs if asked,
    written into ``directory`` file by file if one is given (``on_unit``
    hears of each file of a split module once written: it can be compiled
    while the rest is written); functions of more than ``big_function``
    instructions (None: no limit) go into ``big_<k>.c`` files.  Functions
    are lowered and emitted one at a time, and a file's functions are
    released once it is complete."""
    layout = ModuleLayout.of(module)
    entries, trampolines = glue_signatures(layout)
    glue = [entry(t) for t in entries] + [trampoline(t) for t in trampolines]
    glue += [DescriptorEmitter(module, layout).emit(), MODULE_INIT]
    if metering.epochs:
        glue.append(EPOCH_DEFINITIONS)
    defined = range(layout.n_imported_funcs, len(layout.func_types))
    source = CSource(directory, on_unit)
    source.add("module.h", layout.header(), unit=False)
    # Python.h goes first where it is used, as CPython asks.
    include = '#include "module.h"\n\n' + (EPOCH_DECLARATIONS if metering.epochs else "")
    glue_file = '#include "wasmic_py.h"\n' + include + layout.declarations(defined) + "\n"
    small = _Files(source, layout, include, "funcs", chunk_bytes, big=False)
    big = _Files(source, layout, include, "big", chunk_bytes, big=True)
    # The biggest functions first: their files, the slowest to compile, are
    # then written and started first.
    biggest_first = sorted(range(len(module.funcs)), key=lambda i: -len(module.funcs[i].body))
    for ir in lower_functions(module, info, biggest_first):
        emitter = FunctionEmitter(ir, layout, metering)
        emitted = EmittedFunction(ir.index, emitter.emit(), frozenset(emitter.callees))
        (big if big_function is not None and len(ir.body) > big_function else small).add(emitted)
    if not (small.count or big.count or big.chunk):
        source.add(SINGLE_UNIT, glue_file + "".join(f.text for f in small.chunk) + "\n".join(glue))
        return source
    small.flush()
    big.flush()
    source.add("glue.c", glue_file + "\n".join(glue))
    return source


class _Files:
    """Functions dealt into ``<stem>_<k>.c`` files of about ``chunk_bytes``."""

    def __init__(self, source: CSource, layout: ModuleLayout, include: str, stem: str, chunk_bytes: int,
                 big: bool):
        self.source, self.layout, self.include = source, layout, include
        self.stem, self.chunk_bytes, self.big = stem, chunk_bytes, big
        self.chunk: list[EmittedFunction] = []
        self.size = 0
        self.names: list[str] = []

    @property
    def count(self) -> int:
        """Files written so far."""
        return len(self.names)

    def add(self, emitted: EmittedFunction) -> None:
        """Add a function, writing the pending file first if it is full."""
        if self.chunk and self.size + len(emitted.text) > self.chunk_bytes:
            self.flush()
        self.chunk.append(emitted)
        self.size += len(emitted.text)

    def flush(self) -> None:
        """Write the pending functions' file, if any."""
        if not self.chunk:
            return
        name = f"{self.stem}_{self.count}.c"
        self.source.add(name, _functions_file(self.layout, self.include, self.chunk), big=self.big)
        self.names.append(name)
        self.chunk, self.size = [], 0


def _functions_file(layout: ModuleLayout, include: str, chunk: list[EmittedFunction]) -> str:
    """A file of function bodies, declaring the functions it defines or calls."""
    needed = set().union(*(f.callees for f in chunk), (f.index for f in chunk))
    return include + layout.declarations(needed) + "\n" + "".join(f.text for f in chunk)
