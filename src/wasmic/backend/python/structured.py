"""Structured control flow: wasm blocks, loops and ifs as Python ``while``
loops, ``if``s and flags, following ``control.ControlPlan``.

Only loops that are branched to become ``while True:`` loops (branching to
them is ``continue``); blocks and ifs are inline, and a branch to their end
is a ``break`` out of the loop in between when falling out of it reaches
that end, or else a flag (``br = <label>``) with ``if not br:`` guards on
the code it skips.  CPython refuses more than 20 nested loops and 100
levels of indentation; a function needing more raises ``TooComplex``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...lower.ir import Ins, Label
from ...syntax.opcodes import Op
from .control import ControlPlan, plan_control
from .expr import Expr, union
from .function import TRANSFER, FunctionCompiler, TooComplex

MAX_LOOPS = 19  # CPython refuses more than 20 statically nested blocks


@dataclass
class _Construct:
    """An open block, loop, if, or the function body, while emitting it."""

    label: Label
    loop: bool  # written as ``while True:``
    body_indent: int
    start_line: int
    reachable: bool  # its start is reachable
    depth: int  # its position in the stack of open constructs
    inner_loop: tuple[int, int] | None  # (label, depth) of the innermost Python loop around
    guarded: bool = False  # inside an ``if not br:`` opened at body_indent
    may_skip: bool = False  # ``br`` may be set here: the next statement needs a guard
    then_falls: bool = False  # an if's then-arm falls through to the end
    has_else: bool = False
    escapes: set[int] = field(default_factory=set)  # flagged targets of branches inside


class StructuredCompiler(FunctionCompiler):
    """Writes a function's control flow with loops, ifs and flags."""

    def __init__(self, ir, env):
        super().__init__(ir, env)
        self.plan: ControlPlan = plan_control(ir)
        self.control: list[_Construct] = []
        self.depth_of: dict[int, int] = {}  # label of an open construct -> its depth
        self.flagged: set[int] = set()  # labels some flagged branch targets
        self.loop_depth = 0
        self.flag_line = 0

    def prologue(self) -> None:
        self.open(_Construct(self.ir.labels[0], False, 1, 0, True, 0, None))
        self.flag_line = len(self.out.lines)

    def epilogue(self) -> None:
        if self.flagged:  # the flag starts cleared
            self.out.lines.insert(self.flag_line, "    br = 0")
            self.out.offsets.insert(self.flag_line, self.out.offsets[self.flag_line - 1]
                                    if self.flag_line else 0)
            self.out.spans.insert(self.flag_line, None)

    def open(self, construct: _Construct) -> None:
        self.control.append(construct)
        self.depth_of[construct.label.id] = construct.depth

    # -- guards ----------------------------------------------------------------

    def guard(self) -> None:
        """Open ``if not br:`` if a flagged branch may have been taken."""
        construct = self.control[-1]
        if construct.may_skip and not construct.guarded:
            self.emit("if not br:")
            self.indent += 1
            construct.guarded = True
            construct.may_skip = False

    def close_guard(self, construct: _Construct) -> None:
        if construct.guarded:
            self.indent = construct.body_indent
            construct.guarded = False

    def skip_from_here(self) -> None:
        """A flag may be set from now on in the current construct."""
        construct = self.control[-1]
        self.close_guard(construct)
        construct.may_skip = True

    # -- blocks -------------------------------------------------------------------

    def op_block(self, ins: Ins) -> None:
        label = self.ir.labels[ins.imm[0]]
        cond = self.take(ins.args)[0] if ins.op == Op.IF else None
        self.flush_all()
        self.guard()
        reachable = not self.dead
        loop = label.id in self.plan.loops
        if loop:
            self.loop_depth += 1
            if self.loop_depth > MAX_LOOPS:
                raise TooComplex(f"function {self.ir.index} nests more than {MAX_LOOPS} "
                                 "loops, too many for structured Python")
            self.emit("while True:")
            self.indent += 1
            self.checkpoint(label.id)
        if cond is not None:
            self.emit(f"if {self.truth(cond)}:")
            self.indent += 1
        depth = len(self.control)
        inner_loop = (label.id, depth) if loop else self.control[-1].inner_loop
        self.open(_Construct(label, loop, self.indent, len(self.out.lines), reachable, depth,
                             inner_loop))

    def op_else(self, ins: Ins) -> None:
        construct = self.control[-1]
        self.end_arm(construct)
        construct.then_falls = not self.dead
        construct.has_else = True
        self.indent = construct.body_indent - 1
        self.emit("else:")
        self.indent += 1
        construct.start_line = len(self.out.lines)
        construct.may_skip = False
        self.dead = not construct.reachable

    def end_arm(self, construct: _Construct) -> None:
        """Finish the body (or an arm) of ``construct``: results stored."""
        if self.dead:
            self.pending.clear()
        else:
            self.flush_all()
        self.close_guard(construct)
        if len(self.out.lines) == construct.start_line:
            self.emit("pass")

    def op_end(self, ins: Ins) -> None:
        construct = self.control[-1]
        label = construct.label
        self.end_arm(construct)
        falls = not self.dead
        self.control.pop()
        del self.depth_of[label.id]
        if construct.loop:
            if falls:
                self.emit("break")
            self.indent = construct.body_indent - 1
            self.loop_depth -= 1
        elif label.kind == "if":
            self.indent = construct.body_indent - 1
        reachable_end = falls or construct.then_falls or (
            label.kind == "if" and not construct.has_else and construct.reachable) or (
            label.kind != "loop" and label.targeted)
        if label.id in self.flagged:
            self.emit(f"if br == {label.id}:")
            self.emit("    br = 0")
        escaping = construct.escapes - {label.id}
        self.control[-1].escapes |= escaping
        if construct.loop and escaping:
            self.dispatch_after_loop(escaping)
        elif escaping:
            self.skip_from_here()
        self.dead = not reachable_end

    def dispatch_after_loop(self, escaping: set[int]) -> None:
        """After a Python loop that flagged branches leave: continue or break
        the next loop out, or guard what follows."""
        outer = self.control[-1].inner_loop  # (label, depth) of the next loop out
        # Targets nested inside the next loop out are reached by skipping code.
        inside = {t for t in escaping if outer is None or self.depth_of[t] > outer[1]}
        if outer is not None and outer[0] in escaping:
            self.emit(f"if br == {outer[0]}:")
            self.emit("    br = 0")
            self.emit("    continue")
        beyond = escaping - inside - ({outer[0]} if outer is not None else set())
        if beyond:
            test = "br" if not (escaping & inside) else f"br in {tuple(sorted(beyond))!r}"
            self.emit(f"if {test}:")
            self.emit("    break")
        if escaping & inside:
            self.skip_from_here()

    # -- branches -----------------------------------------------------------------

    def branch(self, target_id: int, values: list[Expr]) -> str:
        label = self.ir.labels[target_id]
        if self.move(label, values):
            return "return"
        current = self.control[-1]
        inner = current.inner_loop
        if inner is not None and inner[1] <= self.depth_of[target_id]:
            inner = None  # the innermost loop is the target or outside it
        kind = self.plan.branch_kind(target_id, label.kind, inner and inner[0])
        if kind == "continue":
            self.emit("continue")
        elif kind == "exit":
            self.emit("break")
        else:
            self.emit(f"br = {target_id}")
            self.flagged.add(target_id)
            current.escapes.add(target_id)
            if kind == "flag+break":
                self.emit("break")
        return kind

    def op_br_if(self, ins: Ins) -> None:
        cond = self.take(ins.args[-1:])[0]
        values = ins.args[:-1]  # they stay on the stack, stored in their variables
        self.flush_conflicts(union(cond, TRANSFER), transfer=True, force=set(values))
        self.guard()
        self.emit(f"if {self.truth(cond)}:")
        self.indent += 1
        kind = self.branch(ins.imm[0], self.take(values))
        self.indent -= 1
        if kind == "flag":
            self.skip_from_here()

    CONTROL = {
        Op.BLOCK: op_block, Op.LOOP: op_block, Op.IF: op_block, Op.ELSE: op_else, Op.END: op_end,
        Op.BR: FunctionCompiler.op_br, Op.BR_IF: op_br_if,
        Op.BR_TABLE: FunctionCompiler.op_br_table, Op.RETURN: FunctionCompiler.op_return,
        Op.UNREACHABLE: FunctionCompiler.op_unreachable,
    }
