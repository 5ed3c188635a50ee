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
  cleared at the end of its target.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...lower.ir import FuncIR
from ...syntax.opcodes import Op

_OPENERS = (Op.BLOCK, Op.LOOP, Op.IF)
_BRANCHES = (Op.BR, Op.BR_IF, Op.BR_TABLE)


@dataclass
class ControlPlan:
    """What the code generator needs to know about a function's labels."""

    loops: set[int] = field(default_factory=set)  # loop labels written as ``while True:``
    exits: dict[int, set[int]] = field(default_factory=dict)  # label -> ends reached falling out of it
    flag_targets: set[int] = field(default_factory=set)  # labels some flagged branch targets
    escapes: dict[int, set[int]] = field(default_factory=dict)  # label -> flag targets outside it
    # branches inside it may leave set

    def branch_kind(self, target: int, kind: str, enclosing: list[int]) -> str:
        """How a branch to ``target`` (of label kind ``kind``) is written, given
        the labels enclosing the branch inside the target, innermost first:
        "return", "continue", "exit", "flag" or "flag+break"."""
        if kind == "func":
            return "return"
        inner = next((label for label in enclosing if label in self.loops), None)
        if inner is None:
            return "continue" if kind == "loop" else "flag"
        if kind != "loop" and target in self.exits[inner]:
            return "exit"
        return "flag+break"


def plan_control(ir: FuncIR) -> ControlPlan:
    """Analyse one function's control flow (see the module docstring)."""
    body = ir.body
    ends: dict[int, int] = {0: len(body)}  # label id -> index of its END (function: past the end)
    elses: dict[int, int] = {}
    sites: list[tuple[int, list[int]]] = []  # (target, labels enclosing the branch inside it)
    stack: list[int] = [0]
    for index, ins in enumerate(body):
        op = ins.op
        if op in _OPENERS:
            stack.append(ins.imm[0])
        elif op == Op.ELSE:
            elses[ins.imm[0]] = index
        elif op == Op.END:
            ends[stack.pop()] = index
        elif op in _BRANCHES:
            targets = set(ins.imm[0]) | {ins.imm[1]} if op == Op.BR_TABLE else {ins.imm[0]}
            for target in targets:
                sites.append((target, stack[:stack.index(target):-1]))

    plan = ControlPlan()
    plan.loops = {label.id for label in ir.labels if label.kind == "loop" and label.targeted}
    by_end = {index: label for label, index in ends.items()}
    by_else = {index: label for label, index in elses.items()}
    for label_id, end in ends.items():
        plan.exits[label_id] = _exits(len(body), end, ends, by_end, by_else)
        plan.escapes[label_id] = set()
    for target, enclosing in sites:
        kind = plan.branch_kind(target, ir.labels[target].kind, enclosing)
        if kind.startswith("flag"):
            plan.flag_targets.add(target)
            for label_id in enclosing:
                plan.escapes[label_id].add(target)
    return plan


def _exits(size: int, end_index: int, ends: dict[int, int], by_end: dict[int, int],
           by_else: dict[int, int]) -> set[int]:
    """The labels whose end control reaches by falling out of the END at
    ``end_index`` (``by_end``/``by_else``: body index -> label id)."""
    reached: set[int] = set()
    index = end_index + 1
    while index < size:
        if index in by_end:
            reached.add(by_end[index])
        elif index in by_else:
            label = by_else[index]
            reached.add(label)
            index = ends[label]
        else:
            break
        index += 1
    return reached
