"""Traps of native code as ``wasmic.runtime.trap.Trap`` exceptions.

The runtime calls ``make_trap`` (handed over by ``configure``) when wasm
code traps, with the trap code (wasmtime's, which gives the spec's message,
or ``UNDEFINED_ELEMENT``) and the frames, innermost first: the trap site's,
then those the C stack showed below the innermost entry from Python, each
with the byte offset of its call (``csrc/rt_backtrace.c``; a function the C
compiler inlined into its caller has no frame of its own).  When a host
call raises, ``extend_trap`` appends the calling wasm frames to the
exception if it is a Trap, so a trap crossing wasm -> Python -> wasm lists
the frames of every level.  Offsets are None for modules made from text.
"""

from __future__ import annotations

UNDEFINED_ELEMENT = 100
"""``WASMIC_TRAP_UNDEFINED_ELEMENT``: a ``call_indirect`` index past the
table's end, TABLE_OUT_OF_BOUNDS reported as the spec's "undefined element"."""
MAX_FRAMES = 1000
"""The innermost frames a trap keeps (as the Python tier: a stack overflow has thousands)."""

NativeFrame = tuple[str | None, int, str | None, int | None, int | None]
"""(module name, function index, function name, offset in the function, offset in the module)."""


def make_trap(code: int, frames: list[NativeFrame]) -> Exception:
    """The exception for a trap reported by native code."""
    from ...runtime.trap import Trap, TrapCode  # on first trap: keeps loading fast

    if code == UNDEFINED_ELEMENT:
        trap_code, message = TrapCode.TABLE_OUT_OF_BOUNDS, "undefined element"
    else:
        trap_code = TrapCode(code)
        message = trap_code.message
    trap = Trap(message, trap_code)
    extend_trap(trap, frames)
    return trap


def extend_trap(exc: BaseException, frames: list[NativeFrame]) -> None:
    """Append ``frames`` (innermost first) to ``exc`` if it is a Trap, up to
    MAX_FRAMES in all."""
    from ...runtime.trap import Frame, Trap

    if not isinstance(exc, Trap):
        return
    room = MAX_FRAMES - len(exc._frames)
    for module_name, func_index, func_name, func_offset, module_offset in frames[:max(room, 0)]:
        exc._add_frame(Frame(func_index, func_name, func_offset, module_name, module_offset))
