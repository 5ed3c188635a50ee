"""Wasm backtraces for the Python tier, at no cost until a trap happens.

Each generated function is registered by its code object with the wasm
offset of every source line; a trap's Python traceback then says which wasm
functions were active and where (``frames``).
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from types import TracebackType

from ...runtime.trap import Frame

_REGISTRY: "weakref.WeakKeyDictionary[object, FuncDebug]" = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class FuncDebug:
    """Where one generated function came from."""

    index: int
    name: str | None
    module_name: str | None
    first_line: int  # line of the ``def`` in the module source
    offsets: list[int]  # wasm offset of each line, from the ``def`` on
    body_offset: int  # offset of the function's first instruction

    def frame(self, line: int) -> Frame:
        position = min(max(line - self.first_line, 0), len(self.offsets) - 1)
        offset = self.offsets[position] if self.offsets else self.body_offset
        return Frame(self.index, self.name, offset - self.body_offset, self.module_name, offset)


def register(code, debug: FuncDebug) -> None:
    """Record ``debug`` for the generated function whose code object is ``code``."""
    _REGISTRY[code] = debug


def frames(tb: TracebackType | None, limit: int = 1000) -> list[Frame]:
    """The wasm frames of a traceback, innermost first (at most ``limit``)."""
    found = []
    while tb is not None:
        debug = _REGISTRY.get(tb.tb_frame.f_code)
        if debug is not None:
            found.append(debug.frame(tb.tb_lineno))
        tb = tb.tb_next
    found.reverse()
    return found[:limit]
