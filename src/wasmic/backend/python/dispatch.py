"""Flat control flow for functions that nest deeper than structured Python
allows (``structured.TooComplex``): the body becomes numbered segments in
one ``while True:`` loop, and every jump an assignment to ``pc``.

Segments are written in body order as ``if pc == <n>:`` blocks, so a jump
forward sets ``pc`` and falls through the checks in between, while a jump
back (to a loop's start) also ``continue``s.  A new segment starts at each
loop start, each end of a block or if, each else, after an if's condition
and after a ``br_if`` that jumps forward.  Nesting stays constant, whatever
the wasm's, at the price of a few comparisons per jump.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...lower.ir import Ins, Label
from ...syntax.opcodes import Op
from .expr import Expr, union
from .function import TRANSFER, FunctionCompiler

_BODY = 3  # indentation of a segment's statements


@dataclass
class _Open:
    """An open block, loop or if."""

    label: Label
    reachable: bool
    end: int  # segment at its end (a loop: its start)
    else_segment: int | None = None
    then_falls: bool = False


class DispatchCompiler(FunctionCompiler):
    """Writes a function's control flow as jumps between segments."""

    def __init__(self, ir, env):
        super().__init__(ir, env)
        self.segment_count = 0
        self.segment_start = 0
        self.open: list[_Open] = []
        self.targets: dict[int, tuple[int, bool]] = {}  # label -> (segment, jumping back)
        self.with_else = {ins.imm[0] for ins in ir.body if ins.op == Op.ELSE}

    def new_segment(self) -> int:
        self.segment_count += 1
        return self.segment_count

    def prologue(self) -> None:
        self.emit("pc = 0")
        self.emit("while True:")
        self.start_segment(0)

    def epilogue(self) -> None:
        if len(self.out.lines) == self.segment_start:
            self.emit("pass")

    def start_segment(self, segment: int) -> None:
        self.indent = _BODY - 1
        self.emit(f"if pc == {segment}:")
        self.indent = _BODY
        self.segment_start = len(self.out.lines)

    def switch(self, segment: int, falls_into: bool) -> None:
        """End the current segment (falling into ``segment`` if reachable) and start ``segment``."""
        if falls_into and not self.dead:
            self.emit(f"pc = {segment}")
        if len(self.out.lines) == self.segment_start:
            self.emit("pass")
        self.start_segment(segment)

    def finish(self) -> None:
        """Store the pending values at a segment boundary (or drop dead ones)."""
        if self.dead:
            self.pending.clear()
        else:
            self.flush_all()

    # -- blocks ---------------------------------------------------------------------

    def op_block(self, ins: Ins) -> None:
        label = self.ir.labels[ins.imm[0]]
        cond = self.take(ins.args)[0] if ins.op == Op.IF else None
        self.flush_all()
        construct = _Open(label, not self.dead, self.new_segment())
        self.open.append(construct)
        if ins.op == Op.LOOP:
            self.targets[label.id] = (construct.end, True)
            self.switch(construct.end, True)
            if label.targeted:
                self.checkpoint(label.id)
            return
        self.targets[label.id] = (construct.end, False)
        if cond is not None:
            then = self.new_segment()
            construct.else_segment = self.new_segment() if label.id in self.with_else \
                else construct.end
            self.emit(f"pc = {then} if {self.truth_operand(cond)} else {construct.else_segment}")
            self.switch(then, False)

    def op_else(self, ins: Ins) -> None:
        construct = self.open[-1]
        self.finish()
        construct.then_falls = not self.dead
        if not self.dead:
            self.emit(f"pc = {construct.end}")
        self.dead = True
        self.switch(construct.else_segment, False)
        self.dead = not construct.reachable

    def op_end(self, ins: Ins) -> None:
        construct = self.open.pop()
        label = construct.label
        self.finish()
        if label.kind == "loop":
            return
        reachable = not self.dead or construct.then_falls or label.targeted or (
            label.kind == "if" and label.id not in self.with_else and construct.reachable)
        self.switch(construct.end, True)
        self.dead = not reachable

    # -- branches ---------------------------------------------------------------------

    def branch(self, target_id: int, values: list[Expr]) -> str:
        if self.move(self.ir.labels[target_id], values):
            return "return"
        segment, back = self.targets[target_id]
        self.emit(f"pc = {segment}")
        if back:
            self.emit("continue")
            return "back"
        return "forward"

    def op_br_if(self, ins: Ins) -> None:
        cond = self.take(ins.args[-1:])[0]
        values = ins.args[:-1]  # they stay on the stack, stored in their variables
        self.flush_conflicts(union(cond, TRANSFER), transfer=True, force=set(values))
        self.emit(f"if {self.truth(cond)}:")
        self.indent += 1
        kind = self.branch(ins.imm[0], self.take(values))
        self.indent -= 1
        if kind == "forward":  # the rest must not run once pc was set: a segment of its own
            following = self.new_segment()
            self.emit("else:")
            self.emit(f"    pc = {following}")
            self.dead = True
            self.switch(following, False)
            self.dead = False

    CONTROL = {
        Op.BLOCK: op_block, Op.LOOP: op_block, Op.IF: op_block, Op.ELSE: op_else, Op.END: op_end,
        Op.BR: FunctionCompiler.op_br, Op.BR_IF: op_br_if,
        Op.BR_TABLE: FunctionCompiler.op_br_table, Op.RETURN: FunctionCompiler.op_return,
        Op.UNREACHABLE: FunctionCompiler.op_unreachable,
    }
