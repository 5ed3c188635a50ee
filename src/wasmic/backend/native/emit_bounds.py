"""Which memory accesses are already known to be in bounds, so that their
check can be left out.

Compilers from Rust and C address most memory through a few locals (the
shadow stack pointer above all): ``local.get $sp; i32.load offset=24``, then
``local.get $sp; i32.store offset=8``... Once ``$sp + 28 <= size`` has been
checked, every later access through the same value of ``$sp`` ending at or
below 28 bytes needs no check: a memory never shrinks, so what held still
holds after a call or a ``memory.grow``.  resvg's C has about a third fewer
checks so, and each check left out is a branch fewer for the C compiler to
analyse (they are half of GCC's time on big functions) and for the CPU.

A fact ``local + end <= memory size`` holds from the check that proved it
until the local is assigned.  Facts flow along the code as emitted: at a
point that control can also reach by a branch (a loop header, the end of
an ``if`` or of a block that is branched to), only the facts that held when
the construct was entered and that nothing inside it can invalidate are
kept.  A temporary stands for a local from its ``local.get`` (or
``local.tee``) until it is reassigned; at such points none does.
"""

from __future__ import annotations

from ...lower.ir import FuncIR, Ins
from ...syntax.opcodes import Op

_OPENERS = (Op.BLOCK, Op.LOOP, Op.IF)
_SETS = (Op.LOCAL_SET, Op.LOCAL_TEE)


class ProvenBounds:
    """The facts at the current instruction of a function being emitted:
    call ``enter`` before emitting each instruction, ``leave`` after."""

    def __init__(self, ir: FuncIR):
        self.ir = ir
        self.assigned = _assigned_locals(ir)  # label id -> locals assigned inside it
        self.ends: dict[int, int] = {}  # local -> bytes proven in bounds from its value
        self.copies: dict[int, int] = {}  # temp -> the local whose value it holds
        self.entry: dict[int, tuple[dict[int, int], dict[int, int]]] = {}  # label id -> state on entry

    def proven(self, temp: int, end: int) -> bool:
        """Whether ``temp + end <= memory size`` is known here."""
        local = self.copies.get(temp)
        return local is not None and self.ends.get(local, -1) >= end

    def prove(self, temp: int, end: int) -> None:
        """Record that a check of ``temp + end <= memory size`` passed."""
        local = self.copies.get(temp)
        if local is not None and self.ends.get(local, -1) < end:
            self.ends[local] = end

    def enter(self, ins: Ins) -> None:
        """Update the facts for control reaching ``ins`` (labels join paths)."""
        op = ins.op
        if op in _OPENERS:
            label = self.ir.labels[ins.imm[0]]
            self.entry[label.id] = (dict(self.ends), dict(self.copies))
            if op == Op.LOOP and label.targeted:
                self._join(label.id)
        elif op == Op.ELSE:
            ends, copies = self.entry[ins.imm[0]]
            self.ends, self.copies = dict(ends), dict(copies)
        elif op == Op.END:
            label = self.ir.labels[ins.imm[0]]
            if label.kind == "if" or (label.kind == "block" and label.targeted):
                self._join(label.id)

    def leave(self, ins: Ins) -> None:
        """Update the facts for what ``ins`` assigned."""
        for temp in ins.results:
            self.copies.pop(temp, None)
        op = ins.op
        if op in _SETS:
            local = ins.imm[0]
            self.ends.pop(local, None)
            self.copies = {t: l for t, l in self.copies.items() if l != local}
        if op == Op.LOCAL_GET or op == Op.LOCAL_TEE:
            self.copies[ins.results[0]] = ins.imm[0]

    def _join(self, label_id: int) -> None:
        """Keep what held on entering the label's construct and nothing in it assigns."""
        assigned = self.assigned.get(label_id, set())
        ends, _copies = self.entry[label_id]
        self.ends = {local: end for local, end in ends.items() if local not in assigned}
        self.copies = {}


def _assigned_locals(ir: FuncIR) -> dict[int, set[int]]:
    """Label id -> the locals assigned anywhere inside its construct."""
    assigned: dict[int, set[int]] = {}
    open_labels: list[int] = []
    for ins in ir.body:
        if ins.op in _OPENERS:
            open_labels.append(ins.imm[0])
            assigned[ins.imm[0]] = set()
        elif ins.op in _SETS and open_labels:
            assigned[open_labels[-1]].add(ins.imm[0])
        elif ins.op == Op.END and open_labels:
            inner = assigned[open_labels.pop()]
            if open_labels:
                assigned[open_labels[-1]] |= inner
    return assigned
