"""Fuel and epoch checks, written into the code only when the engine asks
for them (``Config.consume_fuel``, ``Config.epoch_interruption``).

Checks sit where execution can repeat: at each function entry and at the
top of each loop that is branched to.  A check charges the instructions
that can run before the next one: those of the function, or of the loop's
body, outside the loops nested in it.  Costs follow wasmtime's model (as
the native tier does): 1 per instruction and 1 per call, except ``nop``,
``drop``, ``block``, ``loop``, ``unreachable``, ``return``, ``else`` and
``end``, which are free.  Fuel is charged slightly ahead of execution (a
loop left early still paid for its whole body), which keeps a check per
iteration instead of per instruction.

Namespace names: ``_fuel`` (the store's one-item list of fuel left),
``_epoch`` (the engine's epoch counter) and ``_deadline`` (the store's
one-item list holding the epoch at which wasm is interrupted).
"""

from __future__ import annotations

from dataclasses import dataclass

from ...lower.ir import FuncIR
from ...syntax.opcodes import Op


@dataclass(frozen=True)
class Metering:
    """Which checks the code carries."""

    fuel: bool = False
    epoch: bool = False

    def __bool__(self) -> bool:
        return self.fuel or self.epoch

    def check(self, cost: int) -> list[str]:
        """The lines of a check charging ``cost`` instructions."""
        lines = []
        if self.fuel:
            lines += [f"_fuel[0] -= {cost}", "if _fuel[0] < 0: _out_of_fuel()"]
        if self.epoch:
            lines.append("if _epoch[0] >= _deadline[0]: _interrupt()")
        return lines


FREE = frozenset({Op.NOP, Op.DROP, Op.BLOCK, Op.LOOP, Op.UNREACHABLE, Op.RETURN, Op.ELSE,
                  Op.END})
"""Instructions that cost no fuel (as in wasmtime)."""


def costs(ir: FuncIR) -> dict[int, int]:
    """Fuel charged at each check: by loop label (branched-to loops), and
    under label 0 for the function entry (which includes the call)."""
    charged = {0: 1}
    owners = [0]  # the label whose check pays for the current instruction
    for ins in ir.body:
        if ins.op not in FREE:
            charged[owners[-1]] += 1
        if ins.op in (Op.BLOCK, Op.IF):
            owners.append(owners[-1])
        elif ins.op == Op.LOOP:
            label = ir.labels[ins.imm[0]]
            owners.append(label.id if label.targeted else owners[-1])
            charged.setdefault(owners[-1], 0)
        elif ins.op == Op.END:
            owners.pop()
    return charged
