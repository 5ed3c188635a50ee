"""Traps of native code as ``wasmic.runtime.trap.Trap`` exceptions.

The runtime calls ``make_trap`` (handed over by ``configure``) when wasm
code traps: with the trap code (wasmtime's, which gives the spec's message,
or ``UNDEFINED_ELEMENT``), where the innermost frame was (its byte offset
in the module), and the frames the C stack showed below the innermost
entry from Python (``csrc/rt_backtrace.c``: no offsets, and a function the
C compiler inlined into its caller has no frame of its own).  When a host
call raises, ``extend_trap`` appends the calling wasm frames to the
exception if it is a Trap, so a trap crossing wasm -> Python -> wasm lists
the frames of every level, innermost first.  ``NO_FUNCTION`` means the trap
happened outside any function (an element or data segment at
instantiation); ``NO_OFFSET`` that the module came from text (no byte
offsets).
"""

from __future__ import annotations

NO_FUNCTION = 0xFFFFFFFF
NO_OFFSET = 0xFFFFFFFF
UNDEFINED_ELEMENT = 100
"""``WASMIC_TRAP_UNDEFINED_ELEMENT``: a ``call_indirect`` index past the
table's end, TABLE_OUT_OF_BOUNDS reported as the spec's "undefined element"."""
MAX_FRAMES = 1000
"""The innermost frames a trap keeps (as the Python tier: a stack overflow has thousands)."""

StackFrame = tuple[str | None, int, str | None]
"""A frame found on the C stack: (module name, function index, function name)."""


def make_trap(code: int, module_name: str | None, func_index: int, func_name: str | None,
              offset: int, stack: list[StackFrame]) -> Exception:
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
    trap = Trap(message, trap_code)
    if func_index != NO_FUNCTION:
        trap._add_frame(Frame(func_index, func_name, None, module_name, None if offset == NO_OFFSET else offset))
    extend_trap(trap, stack)
    return trap


def extend_trap(exc: BaseException, stack: list[StackFrame]) -> None:
    """Append ``stack`` (outer frames, innermost first) to ``exc`` if it is a
    Trap, up to MAX_FRAMES in all."""
    from ...runtime.trap import Frame, Trap

    if not isinstance(exc, Trap):
        return
    room = MAX_FRAMES - len(exc._frames)
    for module_name, func_index, func_name in stack[:max(room, 0)]:
        exc._add_frame(Frame(func_index, func_name, None, module_name, None))
