"""The per-function IR that both backends consume.

Lowering resolves the operand stack: every value lives in a numbered
*temporary*, one per (stack slot, value type) pair, in the style of wasm2c.
A backend that wants one variable per slot (Python) uses ``temp_slots``; one
that needs typed variables (C) uses the temporary ids.  Because the stack
discipline is kept, each value pushed is consumed exactly once, so a backend
may fold single-use temporaries back into expressions.

Structured control is kept: ``BLOCK``/``LOOP``/``IF`` open a label, ``ELSE``
and ``END`` close its parts.  Branches name the label they target by id and
list the temporaries carrying the branch values; the label says where those
values must land (``Label.branch_temps``).  Unreachable code is removed.

An ``Ins`` keeps the wasm op id (see ``syntax.opcodes``) and its immediates,
so instruction semantics are decided by the backends from one table; only
these control ops have IR-specific operands:

=========== ================================= ================================
op          args                              imm
=========== ================================= ================================
BLOCK       the block's parameter temps       (label_id,)
LOOP        the loop's parameter temps        (label_id,)
IF          (condition,)                      (label_id,)
ELSE/END    ()                                (label_id,)
BR          branch value temps                (label_id,)
BR_IF       branch values + (condition,)      (label_id,)
BR_TABLE    branch values + (index,)          ((label_id, ...), default_label_id)
RETURN      result temps                      ()
=========== ================================= ================================

Every other instruction has ``args`` = the temps it pops (bottom first) and
``results`` = the temps it pushes; ``imm`` = the wasm immediates
(``instr[1:]``).  ``local.tee`` and ``select`` reuse a popped temp's slot, so
their result temp may equal an argument temp.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..syntax.types import FuncType, ValueType


@dataclass(slots=True)
class Ins:
    op: int
    args: tuple[int, ...]
    results: tuple[int, ...]
    imm: tuple
    offset: int  # byte offset in the module binary, or the body position for text modules


@dataclass(slots=True)
class Label:
    """A block, loop, if, or the function body itself (kind ``"func"``)."""

    id: int
    kind: str  # "block" | "loop" | "if" | "func"
    param_temps: tuple[int, ...]
    result_temps: tuple[int, ...]
    # Set once lowering has seen a branch to this label: backends need a
    # jump target only for labels that are branched to.
    targeted: bool = False

    @property
    def branch_temps(self) -> tuple[int, ...]:
        """Where the values of a branch to this label land."""
        return self.param_temps if self.kind == "loop" else self.result_temps


@dataclass
class FuncIR:
    index: int  # in the function index space (imports first)
    name: str | None  # from the name section, for backtraces
    type: FuncType
    local_types: tuple[ValueType, ...]  # parameters first, then declared locals
    body: list[Ins]
    labels: list[Label]
    temp_types: list[ValueType] = field(default_factory=list)
    temp_slots: list[int] = field(default_factory=list)
