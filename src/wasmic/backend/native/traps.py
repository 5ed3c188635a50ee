"""Traps of native code as ``wasmic.runtime.trap.Trap`` exceptions.

The runtime calls ``make_trap`` (handed over by ``configure``) when wasm
code traps: with the trap code (wasmtime's, which gives the spec's message,
or ``UNDEFINED_ELEMENT``) and where the innermost frame was (native code
does not unwind frame by frame, so the backtrace has that one frame).
``NO_FUNCTION`` means the trap happened outside any function (an element or
data segment at instantiation); ``NO_OFFSET`` that the module came from
text (no byte offsets).
"""

from __future__ import annotations

NO_FUNCTION = 0xFFFFFFFF
NO_OFFSET = 0xFFFFFFFF
UNDEFINED_ELEMENT = 100
"""``WASMIC_TRAP_UNDEFINED_ELEMENT``: a ``call_indirect`` index past the
table's end, TABLE_OUT_OF_BOUNDS reported as the spec's "undefined element"."""


def make_trap(code: int, module_name: str | None, func_index: int, func_name: str | None,
              offset: int) -> Exception:
    """The exception for a trap reported by native code."""
    from ...runtime.trap import (  # on first trap: keeps loading fast
        Frame,
        Trap,
        TrapCode,
    )

    if code == UNDEFINED_ELEMENT:
        trap_code, message = TrapCode.TABLE_OUT_OF_BOUNDS, "undefined element"
    else:
        trap_code = TrapCode(code)
        message = trap_code.message
    frames = ()
    if func_index != NO_FUNCTION:
        frames = (Frame(func_index, func_name, None, module_name, None if offset == NO_OFFSET else offset),)
    return Trap(message, trap_code, frames)
