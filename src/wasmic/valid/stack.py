"""The operand and control stacks of the spec's validation algorithm (slow path).

The function validator keeps a fast path inline for the common case where the
operands are plainly on the stack; whenever that does not hold (too few
values, an unknown value pushed in unreachable code, a genuine mismatch) it
falls back to these helpers, which implement the appendix algorithm exactly.

The operand stack is a list of ``ValueType``, with ``None`` standing for the
spec's ``Unknown`` (a value produced in unreachable code).  A control frame is
a list indexed by the constants below, mutable so that ``else`` and
``unreachable`` update it in place.
"""

from __future__ import annotations

from typing import Sequence

from ..syntax.types import ValueType

# Control frame fields.
LABEL = 0  # types a branch to this frame carries (params for loop, results otherwise)
END = 1  # result types, left on the stack by ``end``
HEIGHT = 2  # operand stack height when the frame was entered (after its params)
UNREACH = 3  # True after an unconditional branch: the stack is polymorphic
KIND = 4  # one of the frame kinds below
START = 5  # param types

FUNC, BLOCK, LOOP, IF, ELSE = range(5)


class Reject(Exception):
    """A validation rule failed at the current instruction; the caller adds where."""


def new_frame(kind: int, params: list, results: list, height: int) -> list:
    """A control frame; branches to a loop carry its params, to the rest their results."""
    return [params if kind == LOOP else results, results, height, False, kind, params]


def _mismatch(expected: ValueType | None, actual: ValueType | None) -> Reject:
    found = "nothing" if actual is None else actual
    return Reject(f"type mismatch: expected {expected}, found {found}")


def pop_any(vals: list, frame: list) -> ValueType | None:
    """Pop one operand of any type; None when it is unknown (unreachable code)."""
    if len(vals) == frame[HEIGHT]:
        if frame[UNREACH]:
            return None
        raise Reject("type mismatch: expected a value, found nothing")
    return vals.pop()


def pop_types(vals: list, frame: list, types: Sequence[ValueType]) -> list:
    """Pop operands of the given types (the last one on top); return what was
    popped, in stack order, with None for unknown operands."""
    popped = []
    height = frame[HEIGHT]
    for expected in reversed(types):
        if len(vals) == height:
            if not frame[UNREACH]:
                raise _mismatch(expected, None)
            actual = None
        else:
            actual = vals.pop()
            if actual is not expected and actual is not None:
                raise _mismatch(expected, actual)
        popped.append(actual)
    popped.reverse()
    return popped


def apply(vals: list, frame: list, params: Sequence[ValueType],
          results: Sequence[ValueType]) -> None:
    """Pop ``params`` and push ``results``: an instruction of type [params] -> [results]."""
    pop_types(vals, frame, params)
    vals.extend(results)


def close_frame(vals: list, frame: list) -> None:
    """Check the frame's results are exactly what is left above its height, and
    leave them there as known types (``end`` and ``else``)."""
    end = frame[END]
    pop_types(vals, frame, end)
    if len(vals) != frame[HEIGHT]:
        raise Reject(f"type mismatch: {len(vals) - frame[HEIGHT]} values left over at end of block")
    vals.extend(end)


def set_unreachable(vals: list, frame: list) -> None:
    """After an unconditional branch: drop the frame's operands, make it polymorphic."""
    del vals[frame[HEIGHT]:]
    frame[UNREACH] = True
