"""Wasm backtraces for the Python tier, at no cost until a trap happens.

Each compiled module gets a unique source file name, under which the wasm
offset of every line of every generated function is registered; a trap's
Python traceback then says which wasm functions were active and where
(``frames``).  Looking a frame up costs two dict lookups by string, so even
the tens of thousands of frames of a stack overflow are cheap.
"""

from __future__ import annotations

import itertools
import weakref
from dataclasses import dataclass
from types import TracebackType

from ...runtime.trap import Frame

_REGISTRY: dict[str, dict[str, FuncDebug]] = {}
_serial = itertools.count()


@dataclass(frozen=True)
class FuncDebug:
    """Where one generated function came from."""

    index: int
    name: str | None
    module_name: str | None
    first_line: int  # line of the ``def`` in the module source
    offsets: list[int]  # wasm offset of each line, from the ``def`` on
    spans: list  # per line: None, or (start column, end column, offset) of its instructions
    code_start: int  # offset of the function's code (its locals declarations)

    def frame(self, line: int, columns: tuple[int | None, int | None]) -> Frame:
        """The frame for a trap at ``line``, in the given columns of it."""
        position = min(max(line - self.first_line, 0), len(self.offsets) - 1)
        offset = self.offsets[position] if self.offsets else self.code_start
        start, end = columns
        if self.spans and self.spans[position] and start is not None and end is not None:
            inside = [span for span in self.spans[position] if span[0] <= start and end <= span[1]]
            if inside:
                offset = min(inside, key=lambda span: span[1] - span[0])[2]
        return Frame(self.index, self.name, offset - self.code_start, self.module_name, offset)


def source_name(module_name: str) -> str:
    """A file name for a module's generated source, unique in this process."""
    return f"<wasm module {module_name} #{next(_serial)}>"


def register(owner: object, filename: str, functions: dict[str, FuncDebug]) -> None:
    """Record the functions (by Python function name) of the source compiled
    as ``filename``, for as long as ``owner`` (the compiled module) lives."""
    _REGISTRY[filename] = functions
    weakref.finalize(owner, _REGISTRY.pop, filename, None)


def frames(tb: TracebackType | None, limit: int = 1000) -> list[Frame]:
    """The wasm frames of a traceback, innermost first (at most ``limit``)."""
    found = []
    while tb is not None:
        code = tb.tb_frame.f_code
        module = _REGISTRY.get(code.co_filename)
        if module is not None:
            debug = module.get(code.co_name)
            if debug is not None:
                found.append((debug, tb.tb_lineno, code, tb.tb_lasti))
        tb = tb.tb_next
    positions: dict[object, list] = {}
    result = []
    for debug, line, code, lasti in reversed(found[-limit:]):
        columns: tuple = (None, None)
        if debug.spans[line - debug.first_line if 0 <= line - debug.first_line < len(debug.spans)
                       else 0]:
            if code not in positions:  # co_positions: Python 3.11+
                positions[code] = list(getattr(code, "co_positions", lambda: ())())
            entry = positions[code][lasti // 2] if 0 <= lasti // 2 < len(positions[code]) else None
            if entry is not None:
                columns = (entry[2], entry[3])
        result.append(debug.frame(line, columns))
    return result
