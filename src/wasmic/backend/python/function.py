"""One wasm function -> the source of one Python function.

Wasm locals become Python locals ``l0, l1, ...``; a stack slot that has to
be stored becomes ``s0, s1, ...``; every other value stays a pending
``Expr`` and is folded into the expression that consumes it.  A statement
that would change what a pending expression computes (see
``flush_conflicts``) first stores that expression in its slot variable.

``FunctionCompiler`` holds what every translation shares; control flow is
written by a subclass: ``structured.StructuredCompiler`` (loops and flags,
the fast form) or, for functions nesting deeper than Python allows,
``dispatch.DispatchCompiler``.  Instruction semantics live in
``instructions``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...errors import WasmError
from ...lower.ir import FuncIR, Ins
from ...syntax.opcodes import OPS, Op
from ...syntax.types import ValueType
from .expr import MAX_DEPTH, Expr, combine, conflicts, union, variable
from .metering import costs

KIND = {
    ValueType.I32: "int", ValueType.I64: "int", ValueType.V128: "int",
    ValueType.F32: "float", ValueType.F64: "float",
    ValueType.FUNCREF: "ref", ValueType.EXTERNREF: "ref",
}
MASK = {ValueType.I32: "0xFFFFFFFF", ValueType.I64: "0xFFFFFFFFFFFFFFFF",
        ValueType.V128: "0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"}
ZERO = {"int": "0", "float": "0.0", "ref": "None"}

MAX_PENDING = 32  # values kept pending at once (see ``push``)
MAX_INDENT = 90  # CPython refuses more than 100 levels of indentation

TRANSFER = Expr("", effect=True)  # the effects that a jump out forces to happen first


class TooComplex(WasmError):
    """A function nests deeper than structured Python can express (the
    flat form of ``dispatch`` is used instead)."""


@dataclass
class FunctionSource:
    """The generated source of one function, line by line, with the wasm
    offset each line came from and, for lines holding several instructions
    that may trap or call, the columns of each (``(start, end, offset)``
    spans), so a backtrace can name the exact instruction."""

    name: str
    lines: list[str] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)
    spans: list[list[tuple[int, int, int]] | None] = field(default_factory=list)


def mark(text: str, offset: int) -> str:
    """``text`` tagged as the code of the instruction at ``offset`` (the
    tags are removed, and their columns recorded, when the line is emitted)."""
    return f"\x01{offset}\x02{text}\x03"


_MARKS = re.compile("\x01([0-9]+)\x02|\x03")


def _strip_marks(line: str) -> tuple[str, list[tuple[int, int, int]]]:
    """The line without tags, and the (start, end, offset) column span of each."""
    pieces: list[str] = []
    spans: list[tuple[int, int, int]] = []
    open_spans: list[tuple[int, int]] = []
    column = position = 0
    for match in _MARKS.finditer(line):
        text = line[position:match.start()]
        pieces.append(text)
        column += len(text)
        position = match.end()
        if match.group(1) is not None:
            open_spans.append((column, int(match.group(1))))
        else:
            start, offset = open_spans.pop()
            spans.append((start, column, offset))
    pieces.append(line[position:])
    return "".join(pieces), spans


class FunctionCompiler:
    """Emits the Python function for one ``FuncIR`` (see the module docstring)."""

    CONTROL: dict = {}  # op -> method writing that control instruction (set by subclasses)

    def __init__(self, ir: FuncIR, env):
        self.ir = ir
        self.env = env
        self.out = FunctionSource(f"f{ir.index}")
        self.offset = 0
        self.indent = 1
        self.pending: list[tuple[int, Expr]] = []  # (temp, expr), bottom of the stack first
        self.dead = False  # the code being written is unreachable
        self.fresh_count = 0
        self.global_names: set[str] = set()  # namespace globals assigned (``global`` statement)
        self.costs: dict[int, int] | None = None  # instructions charged per check (metering)

    # -- output -------------------------------------------------------------

    def emit(self, text: str) -> None:
        """One line at the current indentation."""
        if self.indent > MAX_INDENT:
            raise TooComplex(f"function {self.ir.index} nests too deeply for the python tier")
        line = "    " * self.indent + text
        spans = None
        if "\x01" in line:
            line, spans = _strip_marks(line)
        self.out.lines.append(line)
        self.out.offsets.append(self.offset)
        self.out.spans.append(spans)

    def fresh(self, prefix: str) -> str:
        """A scratch variable name not used elsewhere in this function."""
        self.fresh_count += 1
        return f"{prefix}{self.fresh_count}"

    # -- values -------------------------------------------------------------

    def slot(self, temp: int) -> str:
        return f"s{self.ir.temp_slots[temp]}"

    def temp_type(self, temp: int) -> ValueType:
        return self.ir.temp_types[temp]

    def take(self, temps) -> list[Expr]:
        """The values of ``temps`` (the top of the stack), consumed."""
        values = []
        for temp in reversed(temps):
            if self.pending and self.pending[-1][0] == temp:
                values.append(self.pending.pop()[1])
            else:
                values.append(variable(self.slot(temp), KIND[self.temp_type(temp)]))
        values.reverse()
        return values

    def push(self, temp: int, expr: Expr) -> None:
        """``expr`` becomes the value of ``temp`` (pending, unless too deep;
        the oldest pending values are stored once there are many, which
        keeps each statement's conflict scan short)."""
        self.pending.append((temp, expr))
        if expr.depth > MAX_DEPTH:
            self.flush_conflicts(Expr(""), force=(temp,))
        elif len(self.pending) > MAX_PENDING:
            self.flush_conflicts(Expr(""), force=(self.pending[0][0],))

    def exact(self, expr: Expr, vtype: ValueType) -> str:
        """Text of ``expr`` as an exact internal value of ``vtype``."""
        if expr.kind == "bool":
            return f"(1 if {expr.paren()} else 0)"
        if not expr.masked:
            return f"{expr.paren()} & {MASK[vtype]}"
        return expr.text

    def truth(self, expr: Expr, vtype: ValueType = ValueType.I32) -> str:
        """Text testing an i32 for non-zero, as an ``if`` condition."""
        if expr.kind == "bool" or expr.masked:
            return expr.text
        return f"{expr.paren()} & {MASK[vtype]}"

    def truth_operand(self, expr: Expr) -> str:
        """``truth`` parenthesized for use inside an expression."""
        text = self.truth(expr)
        return text if text == expr.text and expr.atom else f"({text})"

    def bind(self, expr: Expr, vtype: ValueType) -> Expr:
        """Evaluate ``expr`` now into a scratch variable (statement order)."""
        if expr.const is not None:
            return expr
        name = self.fresh("v")
        self.statement(f"{name} = {self.exact(expr, vtype)}", expr)
        return variable(name, "int" if expr.kind == "bool" else expr.kind)

    # -- statements ----------------------------------------------------------

    def statement(self, text: str, effects: Expr, transfer: bool = False) -> None:
        """Emit a statement with ``effects``, after what must precede it."""
        self.flush_conflicts(effects, transfer=transfer)
        self.guard()
        self.emit(text)

    def flush_conflicts(self, effects: Expr, transfer: bool = False, force=()) -> None:
        """Store the pending values that must be computed before a statement
        with ``effects`` (all impure ones if it jumps away: ``transfer``),
        and those whose temps are in ``force``.

        Scanning from the top of the stack down, a value is stored when it
        conflicts with the statement or with a value above it that is being
        stored (which then runs earlier than it would have); values are
        stored bottom first, keeping their order."""
        selected = []
        acc = effects
        for index in range(len(self.pending) - 1, -1, -1):
            temp, expr = self.pending[index]
            if temp in force or (transfer and not expr.pure) or conflicts(expr, acc):
                selected.append(index)
                acc = union(acc, expr, frozenset((self.slot(temp),)))
        if not selected:
            return
        self.guard()
        stored = set(selected)
        for index in reversed(selected):
            temp, expr = self.pending[index]
            self.emit(f"{self.slot(temp)} = {self.exact(expr, self.temp_type(temp))}")
        self.pending = [entry for i, entry in enumerate(self.pending) if i not in stored]

    def flush_all(self) -> None:
        """Store every pending value (at control boundaries)."""
        if self.pending:
            self.flush_conflicts(Expr(""), force={temp for temp, _ in self.pending})

    def guard(self) -> None:
        """Make sure the next statement runs only when it should (see
        ``structured``); nothing to do by default."""

    # -- the function ----------------------------------------------------------

    def compile(self) -> FunctionSource:
        ir = self.ir
        params = len(ir.type.params)
        args = ", ".join(f"l{i}" for i in range(params))
        assigned = _assigned_before_read(ir)
        for index, vtype in enumerate(ir.local_types[params:], params):
            if index not in assigned:
                self.emit(f"l{index} = {ZERO[KIND[vtype]]}")
        self.prologue()
        self.checkpoint(0)
        from .instructions import INSTRUCTIONS  # it imports this module

        control = self.CONTROL
        for ins in ir.body:
            self.offset = ins.offset
            handler = control.get(ins.op)
            if handler is not None:
                handler(self, ins)
                continue
            template = INSTRUCTIONS.get(ins.op)
            if template is None:
                raise WasmError(_unsupported(ins.op))
            operands = self.take(ins.args)
            result = template(self, ins, operands)
            if result is not None:
                if result.effect and ins.op not in _QUIET and \
                        all(result.text != operand.text for operand in operands):
                    result = result.with_text(mark(result.text, ins.offset))
                self.push(ins.results[0], result)
        self.epilogue()
        header = f"def {self.out.name}({args}):"
        declared = [f"    global {', '.join(sorted(self.global_names))}"] if self.global_names else []
        self.out.lines[:0] = [header] + declared
        self.out.offsets[:0] = [ir.body[0].offset if ir.body else 0] * (1 + len(declared))
        self.out.spans[:0] = [None] * (1 + len(declared))
        return self.out

    def prologue(self) -> None:
        """Write what the body needs first (after the locals)."""

    def checkpoint(self, label_id: int) -> None:
        """The fuel and epoch check at the function entry (label 0) or at the
        top of a loop, when the engine wants them (see ``metering``)."""
        metering = self.env.metering
        if metering:
            if self.costs is None:
                self.costs = costs(self.ir)
            for line in metering.check(self.costs[label_id]):
                self.emit(line)

    def epilogue(self) -> None:
        """Write what the body needs last."""

    # -- jumps shared by every control strategy -----------------------------------

    def branch(self, target_id: int, values: list[Expr]) -> str:
        """Write the jump of a branch carrying ``values``; how it was written."""
        raise NotImplementedError

    def move(self, label, values: list[Expr]) -> bool:
        """Write the assignment of branch ``values`` to where ``label`` wants
        them; for the function's label, the ``return`` (then True)."""
        types = [self.temp_type(t) for t in label.branch_temps]
        texts = [self.exact(v, t) for v, t in zip(values, types)]
        if label.kind == "func":
            self.emit(_return_text(texts))
            return True
        moves = [(self.slot(dest), text) for dest, text in zip(label.branch_temps, texts)
                 if self.slot(dest) != text]
        if moves:
            self.emit(f"{', '.join(d for d, _ in moves)} = {', '.join(t for _, t in moves)}")
        return False

    def op_br(self, ins: Ins) -> None:
        values = self.take(ins.args)
        self.flush_conflicts(combine("", values), transfer=True)
        self.guard()
        self.branch(ins.imm[0], values)
        self.dead = True

    def op_br_table(self, ins: Ins) -> None:
        self.flush_conflicts(Expr(""), force=set(ins.args[:-1]))
        index = self.take(ins.args[-1:])[0]
        values = self.take(ins.args[:-1])
        self.flush_conflicts(union(index, TRANSFER), transfer=True)
        self.guard()
        if not (index.atom and index.pure):
            name = self.fresh("j")
            self.emit(f"{name} = {self.exact(index, ValueType.I32)}")
            index_text = name
        else:
            index_text = self.exact(index, ValueType.I32)
        targets, default = ins.imm
        ranges = []  # (first index, label) runs
        for position, target in enumerate(targets):
            if not ranges or ranges[-1][1] != target:
                ranges.append((position, target))
        if not ranges or ranges[-1][1] != default:
            ranges.append((len(targets), default))
        self.decision_tree(index_text, ranges, values)
        self.dead = True

    def decision_tree(self, index: str, ranges: list[tuple[int, int]], values: list[Expr]) -> None:
        """Branch on ``index`` by binary search over runs of equal targets."""
        if len(ranges) == 1:
            self.branch(ranges[0][1], values)
            return
        middle = len(ranges) // 2
        self.emit(f"if {index} < {ranges[middle][0]}:")
        self.indent += 1
        self.decision_tree(index, ranges[:middle], values)
        self.indent -= 1
        self.emit("else:")
        self.indent += 1
        self.decision_tree(index, ranges[middle:], values)
        self.indent -= 1

    def op_return(self, ins: Ins) -> None:
        values = self.take(ins.args)
        if self.dead:
            return
        self.flush_conflicts(combine("", values), transfer=True)
        self.guard()
        types = self.ir.type.results
        self.emit(_return_text([self.exact(v, t) for v, t in zip(values, types)]))
        self.dead = True

    def op_unreachable(self, ins: Ins) -> None:
        self.flush_conflicts(TRANSFER, transfer=True)
        self.guard()
        self.emit("raise _unreachable()")
        self.dead = True


_STRAIGHT_END = {Op.BLOCK, Op.LOOP, Op.IF, Op.ELSE, Op.END, Op.BR, Op.BR_IF, Op.BR_TABLE,
                 Op.RETURN, Op.UNREACHABLE}


def _assigned_before_read(ir: FuncIR) -> set[int]:
    """Locals the function's first straight-line code sets before reading
    them: they need no zero initialization (instructions run in order
    there, so the assignment always comes first)."""
    assigned: set[int] = set()
    read: set[int] = set()
    for ins in ir.body:
        if ins.op in _STRAIGHT_END:
            break
        if ins.op == Op.LOCAL_GET:
            read.add(ins.imm[0])
        elif ins.op in (Op.LOCAL_SET, Op.LOCAL_TEE) and ins.imm[0] not in read:
            assigned.add(ins.imm[0])
    return assigned


def _return_text(values: list[str]) -> str:
    if not values:
        return "return"
    return "return " + ", ".join(values)


def _unsupported(op: int) -> str:
    name = OPS[op].name if op in OPS else hex(op)
    if OPS.get(op) is not None and OPS[op].prefix == 0xFD:
        return f"SIMD is not supported by the python tier yet (instruction {name})"
    return f"instruction {name} is not supported by the python tier"


# Instructions whose result is an effectful expression only through their
# operands: no span of their own.
_QUIET = {Op.LOCAL_TEE, Op.SELECT, Op.SELECT_T}

