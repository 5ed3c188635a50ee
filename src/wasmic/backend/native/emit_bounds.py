"""Which memory accesses are already known to be in bounds, so that their
check can be left out.

Compilers from Rust and C address most memory through a few locals (the
shadow stack pointer above all): ``local.get $sp; i32.load offset=24``, then
``local.get $sp; i32.store offset=8``... Once ``$sp + 28 <= size`` has been
checked, every later access through the same value of ``$sp`` ending at or
below 28 bytes needs no check: a memory never shrinks, so what held still
holds after a call or a ``memory.grow``.  resvg's C keeps 53,000 of its
107,000 checks so, and each check left out is a branch fewer for the CPU
and for the C compiler to analyse (without any check, GCC -O2 took half
the time on one of resvg's big functions).

An address is tracked as ``(local + k) mod 2**32`` (``local.get``, then
``i32.add``/``i32.sub`` of constants; a constant is ``k`` alone).  A passed
check of ``address + end <= size`` is a fact about that pair; it covers a
later access ``(local + k2) mod 2**32`` ending ``end2`` when ``k2 >= k`` and
``k2 - k + end2 <= end`` (if ``local + k`` wrapped around, so does
``local + k2``, by the same amount).  A fact holds from the check that
proved it until its local is assigned.  Facts flow along the code as
emitted: at a point that control can also reach by a branch (a loop
header, the end of an ``if`` or of a block that is branched to), only the
facts that held when the construct was entered and that nothing inside it
can invalidate are kept, and no temporary is known to hold an address.
"""

from __future__ import annotations

from ...lower.ir import FuncIR, Ins
from ...syntax.opcodes import Op

_OPENERS = (Op.BLOCK, Op.LOOP, Op.IF)
_SETS = (Op.LOCAL_SET, Op.LOCAL_TEE)
_MASK = 0xFFFFFFFF


Address = tuple[int | None, int]
"""An address ``(local + k) mod 2**32``: (local, or None for a constant; k)."""


class ProvenBounds:
    """The facts at the current instruction of a function being emitted:
    call ``enter`` before emitting each instruction, ``leave`` after."""

    def __init__(self, ir: FuncIR):
        self.ir = ir
        self.assigned = _assigned_locals(ir)  # label id -> locals assigned inside it
        self.ends: dict[int | None, dict[int, int]] = {}  # local -> k -> end proven in bounds
        self.addresses: dict[int, Address] = {}  # temp -> the address it holds
        self.entry: dict[int, tuple] = {}  # label id -> (ends, addresses) on entry

    def proven(self, temp: int, end: int) -> bool:
        """Whether ``temp + end <= memory size`` is known here."""
        address = self.addresses.get(temp)
        if address is None:
            return False
        local, k = address
        return any(k2 <= k and k - k2 + end <= end2 for k2, end2 in self.ends.get(local, {}).items())

    def prove(self, temp: int, end: int) -> None:
        """Record that a check of ``temp + end <= memory size`` passed."""
        address = self.addresses.get(temp)
        if address is not None:
            local, k = address
            facts = self.ends.setdefault(local, {})
            facts[k] = max(facts.get(k, 0), end)

    def enter(self, ins: Ins) -> None:
        """Update the facts for control reaching ``ins`` (labels join paths)."""
        op = ins.op
        if op in _OPENERS:
            label = self.ir.labels[ins.imm[0]]
            self.entry[label.id] = (_copy(self.ends), dict(self.addresses))
            if op == Op.LOOP and label.targeted:
                self._join(label.id)
        elif op == Op.ELSE:
            ends, addresses = self.entry[ins.imm[0]]
            self.ends, self.addresses = _copy(ends), dict(addresses)
        elif op == Op.END:
            label = self.ir.labels[ins.imm[0]]
            if label.kind == "if" or (label.kind == "block" and label.targeted):
                self._join(label.id)
            del self.entry[label.id]  # the construct is closed: nothing returns to its entry

    def leave(self, ins: Ins) -> None:
        """Update the facts for what ``ins`` assigned."""
        op = ins.op
        address = self._address_computed(ins)
        for temp in ins.results:
            self.addresses.pop(temp, None)
        if op in _SETS:
            local = ins.imm[0]
            self.ends.pop(local, None)
            self.addresses = {t: a for t, a in self.addresses.items() if a[0] != local}
        if op == Op.LOCAL_GET or op == Op.LOCAL_TEE:
            self.addresses[ins.results[0]] = (ins.imm[0], 0)
        elif address is not None:
            self.addresses[ins.results[0]] = address

    def _address_computed(self, ins: Ins) -> Address | None:
        """The address ``ins`` computes from known ones, if it does."""
        if ins.op == Op.I32_CONST:
            return (None, ins.imm[0] & _MASK)
        if ins.op not in (Op.I32_ADD, Op.I32_SUB):
            return None
        left, right = (self.addresses.get(temp) for temp in ins.args)
        if left is None or right is None:
            return None
        if ins.op == Op.I32_ADD and left[0] is None:
            left, right = right, left  # the constant second
        if right[0] is not None:
            return None  # not an address plus or minus a constant
        delta = right[1] if ins.op == Op.I32_ADD else -right[1]
        return (left[0], (left[1] + delta) & _MASK)

    def _join(self, label_id: int) -> None:
        """Keep what held on entering the label's construct and nothing in it assigns."""
        assigned = self.assigned.get(label_id, set())
        ends, _addresses = self.entry[label_id]
        self.ends = {local: dict(facts) for local, facts in ends.items() if local not in assigned}
        self.addresses = {}


def _copy(ends: dict[int | None, dict[int, int]]) -> dict[int | None, dict[int, int]]:
    return {local: dict(facts) for local, facts in ends.items()}


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
