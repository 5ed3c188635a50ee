"""Structured control analysis: how each wasm branch is written in Python.

Python has ``break`` and ``continue`` but no ``goto``, and CPython allows
only 20 nested loops, so only wasm ``loop`` labels that are branched to
become ``while True:`` loops.  A branch becomes:

* ``return`` when it targets the function body;
* ``continue`` when it targets a loop and no other Python loop lies in
  between;
* ``break`` of the innermost Python loop around it ("exit") when it targets
  a block or if whose end is reached by falling out of that loop (only
  ``end``/``else`` instructions in between), as in the usual
  ``block { loop { br_if 1 ... } }``;
* otherwise a *flagged* branch: ``br = <label id>``, then ``break`` if a
  Python loop lies in between.  Code that may run after the flag was set is
  guarded by ``if not br:``; a Python loop that a flag escapes is followed
  by a check that continues or breaks the next loop out; and the flag is
  cleared at the end of its target (see ``structured``).

The analysis is linear in the size of the function, so that hostile or
merely huge functions (deep nesting, giant ``br_table``) compile in time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...lower.ir import FuncIR
from ...syntax.opcodes import Op

MAX_EXIT_CHAIN = 64
"""How many ``end``/``else`` instructions falling out of a loop is followed
through; a longer chain makes some branches flagged instead of exits (as
correct, a little slower), and keeps the analysis linear."""


@dataclass
class ControlPlan:
    """What the code generator needs to know about a function's labels."""

    loops: set[int] = field(default_factory=set)  # loop labels written as ``while True:``
    exits: dict[int, set[int]] = field(default_factory=dict)  # label -> ends reached falling out of it

    def branch_kind(self, target: int, kind: str, inner_loop: int | None) -> str:
        """How a branch to ``target`` (of label kind ``kind``) is written,
        given the innermost Python loop between the branch and the target:
        "return", "continue", "exit", "flag" or "flag+break"."""
        if kind == "func":
            return "return"
        if inner_loop is None:
            return "continue" if kind == "loop" else "flag"
        if kind != "loop" and target in self.exits.get(inner_loop, ()):
            return "exit"
        return "flag+break"


def plan_control(ir: FuncIR) -> ControlPlan:
    """Analyse one function's control flow (see the module docstring)."""
    body = ir.body
    plan = ControlPlan()
    plan.loops = {label.id for label in ir.labels if label.kind == "loop" and label.targeted}
    ends: dict[int, int] = {}  # label id -> index of its END
    end_label: dict[int, int] = {}  # index of an END -> its label
    else_label: dict[int, int] = {}  # index of an ELSE -> its label
    stack: list[int] = [0]
    for index, ins in enumerate(body):
        op = ins.op
        if op == Op.BLOCK or op == Op.LOOP or op == Op.IF:
            stack.append(ins.imm[0])
        elif op == Op.ELSE:
            else_label[index] = ins.imm[0]
        elif op == Op.END:
            label = stack.pop()
            ends[label] = index
            end_label[index] = label
    for loop in plan.loops:
        plan.exits[loop] = _exits(ends[loop], ends, end_label, else_label)
    return plan


def _exits(end: int, ends: dict[int, int], end_label: dict[int, int],
           else_label: dict[int, int]) -> set[int]:
    """The labels whose end control reaches by falling out of the END at
    ``end`` (following at most ``MAX_EXIT_CHAIN`` ends and elses)."""
    reached: set[int] = set()
    index = end + 1
    while len(reached) < MAX_EXIT_CHAIN:
        if index in end_label:
            reached.add(end_label[index])
        elif index in else_label:
            label = else_label[index]
            reached.add(label)
            index = ends[label]
        else:
            break
        index += 1
    return reached
