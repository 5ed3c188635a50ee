"""Traps of native code as ``wasmic.runtime.trap.Trap`` exceptions.

The runtime calls ``make_trap`` (handed over by ``configure``) when wasm
code traps: with the wasmtime trap code, the spec's message, and where the
innermost frame was (native code does not unwind frame by frame, so the
backtrace has that one frame).  ``NO_FUNCTION`` means the trap happened
outside any function (an element or data segment at instantiation);
``NO_OFFSET`` that the module came from text (no byte offsets).
"""

from __future__ import annotations

NO_FUNCTION = 0xFFFFFFFF
NO_OFFSET = 0xFFFFFFFF


def make_trap(code: int, message: str, module_name: str | None, func_index: int,
              func_name: str | None, offset: int) -> Exception:
    """The exception for a trap reported by native code."""
    from ...runtime.trap import (  # on first trap: keeps loading fast
        Frame,
        Trap,
        TrapCode,
    )

    frames = ()
    if func_index != NO_FUNCTION:
        frames = (Frame(func_index, func_name, None, module_name, None if offset == NO_OFFSET else offset),)
    return Trap(message, TrapCode(code), frames)
