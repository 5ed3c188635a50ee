"""Traps: wasm execution stopped by a runtime error (or a host function
raising ``Trap``), with its cause and a wasm backtrace.

``str(trap)`` starts with the message the WebAssembly spec uses for the
trap ("integer divide by zero", "out of bounds memory access", ...) so the
spec runner can match it by prefix, followed by the backtrace in
wasmtime's layout::

    integer divide by zero
    wasm backtrace:
        0:     0x79 - mod!inner
        1:     0x7f - mod!<wasm function 2>

``Trap`` derives from ``Exception`` only, as in wasmtime-py: catching
``WasmError`` does not catch traps, but it does catch ``ExitTrap``.
Traps are cheap to make (two attributes and the message), because
backends raise them from generated code.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import NamedTuple

from ..errors import WasmError


class TrapCode(enum.Enum):
    """Why wasm code trapped; the members and values are wasmtime-py's.
    ``message`` is the text the trap is reported with."""

    STACK_OVERFLOW = 0
    MEMORY_OUT_OF_BOUNDS = 1
    HEAP_MISALIGNED = 2
    TABLE_OUT_OF_BOUNDS = 3
    INDIRECT_CALL_TO_NULL = 4
    BAD_SIGNATURE = 5
    INTEGER_OVERFLOW = 6
    INTEGER_DIVISION_BY_ZERO = 7
    BAD_CONVERSION_TO_INTEGER = 8
    UNREACHABLE = 9
    INTERRUPT = 10
    OUT_OF_FUEL = 11
    ATOMIC_WAIT_NON_SHARED_MEMORY = 12
    NULL_REFERENCE = 13
    ARRAY_OUT_OF_BOUNDS = 14
    ALLOCATION_TOO_LARGE = 15
    CAST_FAILURE = 16
    CANNOT_ENTER_COMPONENT = 17
    NO_ASYNC_RESULT = 18
    UNHANDLED_TAG = 19
    CONTINUATION_ALREADY_CONSUMED = 20
    DISABLED_OPCODE = 21
    ASYNC_DEADLOCK = 22
    CANNOT_LEAVE_COMPONENT = 23
    CANNOT_BLOCK_SYNC_TASK = 24
    INVALID_CHAR = 25
    DEBUG_ASSERT_STRING_ENCODING_FINISHED = 26
    DEBUG_ASSERT_EQUAL_CODE_UNITS = 27
    DEBUG_ASSERT_POINTER_ALIGNED = 28
    DEBUG_ASSERT_UPPER_BITS_UNSET = 29
    STRING_OUT_OF_BOUNDS = 30
    LIST_OUT_OF_BOUNDS = 31
    INVALID_DISCRIMINANT = 32
    UNALIGNED_POINTER = 33
    TASK_CANCEL_NOT_CANCELLED = 34
    TASK_CANCEL_OR_RETURN_TWICE = 35
    SUBTASK_CANCEL_AFTER_TERMINAL = 36
    TASK_RETURN_INVALID = 37
    WAITABLE_SET_DROP_HAS_WAITERS = 38
    SUBTASK_DROP_NOT_RESOLVED = 39
    THREAD_NEW_INDIRECT_INVALID_TYPE = 40
    THREAD_NEW_INDIRECT_UNINITIALIZED = 41
    BACKPRESSURE_OVERFLOW = 42
    UNSUPPORTED_CALLBACK_CODE = 43
    CANNOT_RESUME_THREAD = 44
    CONCURRENT_FUTURE_STREAM_OP = 45
    REFERENCE_COUNT_OVERFLOW = 46
    STREAM_OP_TOO_BIG = 47
    WAITABLE_SYNC_AND_ASYNC = 48
    UNCAUGHT_EXCEPTION = 49

    @property
    def message(self) -> str:
        """The text a trap with this code is reported with: the spec's
        wording for the traps WebAssembly 2.0 defines.  (A ``call_indirect``
        whose index is past the table's end is TABLE_OUT_OF_BOUNDS but is
        reported as "undefined element", as the spec does.)"""
        return _MESSAGES[self]


_MESSAGES = {
    TrapCode.STACK_OVERFLOW: "call stack exhausted",
    TrapCode.MEMORY_OUT_OF_BOUNDS: "out of bounds memory access",
    TrapCode.HEAP_MISALIGNED: "unaligned atomic",
    TrapCode.TABLE_OUT_OF_BOUNDS: "out of bounds table access",
    TrapCode.INDIRECT_CALL_TO_NULL: "uninitialized element",
    TrapCode.BAD_SIGNATURE: "indirect call type mismatch",
    TrapCode.INTEGER_OVERFLOW: "integer overflow",
    TrapCode.INTEGER_DIVISION_BY_ZERO: "integer divide by zero",
    TrapCode.BAD_CONVERSION_TO_INTEGER: "invalid conversion to integer",
    TrapCode.UNREACHABLE: "unreachable",
    TrapCode.INTERRUPT: "interrupt",
    TrapCode.OUT_OF_FUEL: "all fuel consumed by WebAssembly",
    TrapCode.ATOMIC_WAIT_NON_SHARED_MEMORY: "atomic wait on non-shared memory",
    TrapCode.NULL_REFERENCE: "null reference",
    TrapCode.ARRAY_OUT_OF_BOUNDS: "out of bounds array access",
    TrapCode.ALLOCATION_TOO_LARGE: "allocation size too large",
    TrapCode.CAST_FAILURE: "cast failure",
    TrapCode.CANNOT_ENTER_COMPONENT: "cannot enter component instance",
    TrapCode.NO_ASYNC_RESULT: "async-lifted export failed to produce a result",
    TrapCode.UNHANDLED_TAG: "no handler for the suspended tag",
    TrapCode.CONTINUATION_ALREADY_CONSUMED: "continuation already consumed",
    TrapCode.DISABLED_OPCODE: "disabled opcode executed",
    TrapCode.ASYNC_DEADLOCK: "deadlock: the event loop cannot make progress",
    TrapCode.CANNOT_LEAVE_COMPONENT: "cannot leave component instance",
    TrapCode.CANNOT_BLOCK_SYNC_TASK: "a synchronous task cannot block before returning",
    TrapCode.INVALID_CHAR: "invalid char bit pattern",
    TrapCode.DEBUG_ASSERT_STRING_ENCODING_FINISHED: "string encoding should have finished",
    TrapCode.DEBUG_ASSERT_EQUAL_CODE_UNITS: "code units should be equal",
    TrapCode.DEBUG_ASSERT_POINTER_ALIGNED: "pointer should be aligned",
    TrapCode.DEBUG_ASSERT_UPPER_BITS_UNSET: "upper bits should be unset",
    TrapCode.STRING_OUT_OF_BOUNDS: "string content out of bounds",
    TrapCode.LIST_OUT_OF_BOUNDS: "list content out of bounds",
    TrapCode.INVALID_DISCRIMINANT: "invalid variant discriminant",
    TrapCode.UNALIGNED_POINTER: "unaligned pointer",
    TrapCode.TASK_CANCEL_NOT_CANCELLED: "task.cancel called by a task that was not cancelled",
    TrapCode.TASK_CANCEL_OR_RETURN_TWICE: "task.return or task.cancel called twice",
    TrapCode.SUBTASK_CANCEL_AFTER_TERMINAL: "subtask.cancel called after the subtask finished",
    TrapCode.TASK_RETURN_INVALID: "task.return called with an invalid type",
    TrapCode.WAITABLE_SET_DROP_HAS_WAITERS: "waitable-set.drop called on a set with waiters",
    TrapCode.SUBTASK_DROP_NOT_RESOLVED: "subtask.drop called before the subtask resolved",
    TrapCode.THREAD_NEW_INDIRECT_INVALID_TYPE: "thread.new-indirect given a function of the wrong type",
    TrapCode.THREAD_NEW_INDIRECT_UNINITIALIZED: "thread.new-indirect given an uninitialized function",
    TrapCode.BACKPRESSURE_OVERFLOW: "backpressure counter overflowed",
    TrapCode.UNSUPPORTED_CALLBACK_CODE: "unsupported callback code",
    TrapCode.CANNOT_RESUME_THREAD: "cannot resume a thread that is not suspended",
    TrapCode.CONCURRENT_FUTURE_STREAM_OP: "concurrent operations on a future or stream",
    TrapCode.REFERENCE_COUNT_OVERFLOW: "reference count overflowed",
    TrapCode.STREAM_OP_TOO_BIG: "stream operation too large",
    TrapCode.WAITABLE_SYNC_AND_ASYNC: "waitable used both synchronously and asynchronously",
    TrapCode.UNCAUGHT_EXCEPTION: "uncaught exception",
}


class Frame(NamedTuple):
    """One wasm function active when a trap happened.  Offsets are bytes
    (into the function body and into the module binary); None when unknown,
    as for modules made from text."""

    func_index: int
    func_name: str | None = None
    func_offset: int | None = None
    module_name: str | None = None
    module_offset: int | None = None

    def __str__(self) -> str:
        name = self.func_name if self.func_name is not None else f"<wasm function {self.func_index}>"
        module = self.module_name if self.module_name is not None else "<unknown>"
        where = "" if self.module_offset is None else f"{self.module_offset:#8x} - "
        return f"{where}{module}!{name}"


def format_backtrace(frames: Iterable[Frame]) -> str:
    """The backtrace lines of a trap, innermost frame first."""
    return "wasm backtrace:\n" + "\n".join(f"{i:>5}: {frame}" for i, frame in enumerate(frames))


class Trap(Exception):
    """WebAssembly execution trapped: ``trap_code`` says why (None for traps
    raised by host code), ``frames`` where, innermost first.  Raise one from
    a host function to trap the calling wasm code."""

    def __init__(self, message: str, trap_code: TrapCode | None = None,
                 frames: Iterable[Frame] = ()):
        if not isinstance(message, str):
            raise TypeError(f"Trap message must be a str, got {type(message).__name__}")
        if trap_code is not None and not isinstance(trap_code, TrapCode):
            raise TypeError(f"trap_code must be a TrapCode or None, got {type(trap_code).__name__}")
        super().__init__(message)
        self.reason = message
        self._trap_code = trap_code
        self._frames: list[Frame] = []
        for frame in frames:
            self._add_frame(frame)

    @classmethod
    def from_code(cls, trap_code: TrapCode, message: str | None = None,
                  frames: Iterable[Frame] = ()) -> Trap:
        """A trap for ``trap_code``, reported with its standard message
        unless ``message`` is given."""
        if not isinstance(trap_code, TrapCode):
            raise TypeError(f"expected a TrapCode, got {type(trap_code).__name__}")
        return cls(trap_code.message if message is None else message, trap_code, frames)

    def _add_frame(self, frame: Frame) -> None:
        """Record the next outer frame, as the trap unwinds through it."""
        if not isinstance(frame, Frame):
            raise TypeError(f"expected a Frame, got {type(frame).__name__}")
        self._frames.append(frame)

    @property
    def message(self) -> str:
        """The full report: the reason, then the backtrace (same as ``str``)."""
        return str(self)

    @property
    def trap_code(self) -> TrapCode | None:
        """Why the trap happened; None for traps raised by host code."""
        return self._trap_code

    @property
    def frames(self) -> list[Frame]:
        """The wasm frames active at the trap, innermost first."""
        return list(self._frames)

    def __reduce__(self) -> tuple:
        # Keeps the code and frames when a trap crosses processes (multiprocessing).
        return (type(self), (self.reason, self._trap_code, tuple(self._frames)))

    def __str__(self) -> str:
        if not self._frames:
            return self.reason
        return f"{self.reason}\n{format_backtrace(self._frames)}"


class ExitTrap(WasmError):
    """The program exited through WASI's ``proc_exit``; ``code`` is its exit
    status.  A ``WasmError`` (not a ``Trap``), as in wasmtime-py."""

    def __init__(self, message: str | None = None, code: int = 0):
        if type(code) is not int:
            raise TypeError(f"exit code must be an int, got {type(code).__name__}")
        if message is None:
            message = f"Exited with i32 exit status {code}"
        elif not isinstance(message, str):
            raise TypeError(f"ExitTrap message must be a str, got {type(message).__name__}")
        super().__init__(message)
        self._code = code

    @property
    def code(self) -> int:
        """The exit status the program gave ``proc_exit``."""
        return self._code

    def __reduce__(self) -> tuple:
        return (type(self), (str(self), self._code))
