"""Python expressions standing for wasm values not yet stored in a variable.

The code generator keeps each value the operand stack holds as an ``Expr``
until an instruction consumes it, so that a chain of operations becomes one
Python expression instead of one statement per instruction.  Python
evaluates operands left to right, as wasm pushes them, so nesting keeps the
order of effects; what an ``Expr`` records is what matters when a
*statement* is emitted while it is still pending (see
``FunctionCompiler.flush_conflicts``): the variables it reads and assigns
(walrus), whether it reads mutable store state (memories, tables, mutable
globals), whether it may trap, and whether it calls out (and so may change
anything).
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_DEPTH = 20
"""Deepest nesting of folded expressions, well within what CPython's parser
and compiler accept; a deeper value is stored in its variable first."""

_EMPTY: frozenset = frozenset()


@dataclass(frozen=True, slots=True)
class Expr:
    """A Python expression for one wasm value, or the effects of a statement.

    ``kind`` is ``"int"`` (i32/i64/v128), ``"bool"`` (a Python bool meaning
    an i32 0 or 1), ``"float"`` or ``"ref"``.  An ``"int"`` with
    ``masked=False`` is congruent to the value modulo 2**width but may lie
    outside 0..2**width-1; consumers that need the exact value mask it.
    ``atom``: the text needs no parentheses as an operand.
    """

    text: str
    kind: str = "int"
    masked: bool = True
    atom: bool = False
    reads: frozenset = _EMPTY  # variable names read
    writes: frozenset = _EMPTY  # variable names assigned by walrus (scratch names excluded)
    state: bool = False  # reads memories, tables or mutable globals
    effect: bool = False  # may trap (or calls)
    mutates: bool = False  # calls, or writes store state: may change anything
    depth: int = 0
    const: object = None  # the internal value, for constants
    oob_only: bool = False  # its only effect is a possible out-of-bounds memory trap

    @property
    def pure(self) -> bool:
        """No trap, no call, no assignment: may be evaluated later, or never."""
        return not (self.effect or self.writes)

    def with_text(self, text: str) -> Expr:
        """The same value and effects, written as ``text``."""
        return Expr(text, self.kind, self.masked, self.atom, self.reads, self.writes, self.state,
                    self.effect, self.mutates, self.depth, self.const, self.oob_only)

    def paren(self) -> str:
        """The text, parenthesized unless atomic."""
        return self.text if self.atom else f"({self.text})"


def combine(text: str, args, *, kind: str = "int", masked: bool = True, atom: bool = False,
            state: bool = False, effect: bool = False, oob: bool = False, mutates: bool = False,
            reads: frozenset = _EMPTY, writes: frozenset = _EMPTY) -> Expr:
    """An expression whose text evaluates ``args`` (in order) plus its own
    work, which may trap (``effect``), or only trap out of bounds of a
    memory (``oob``), or call out (``mutates``)."""
    strict = effect or mutates  # an effect other than a memory bounds trap
    effect = effect or oob or mutates
    for arg in args:
        reads = reads | arg.reads
        writes = writes | arg.writes
        state = state or arg.state
        effect = effect or arg.effect
        mutates = mutates or arg.mutates
        strict = strict or (arg.effect and not arg.oob_only)
    depth = 1 + max((arg.depth for arg in args), default=0)
    return Expr(text, kind, masked, atom, reads, writes, state, effect, mutates, depth, None,
                effect and not strict)


def variable(name: str, kind: str) -> Expr:
    """The value held in a Python variable (a wasm local or a stack slot)."""
    return Expr(name, kind, True, True, frozenset((name,)))


def constant(text: str, kind: str, value: object) -> Expr:
    """A literal, or the name of a constant bound in the namespace."""
    return Expr(text, kind, True, True, const=value)


def union(a: Expr, b: Expr, extra_writes: frozenset = _EMPTY) -> Expr:
    """The combined effects of two summaries (the text is irrelevant)."""
    return Expr("", reads=a.reads | b.reads, writes=a.writes | b.writes | extra_writes,
                state=a.state or b.state, effect=a.effect or b.effect,
                mutates=a.mutates or b.mutates)


def conflicts(pending: Expr, later: Expr) -> bool:
    """Must ``pending`` (pushed earlier) be evaluated before ``later`` runs?"""
    return bool(
        pending.reads & later.writes
        or pending.writes & (later.reads | later.writes)
        or (pending.state and later.mutates)
        or (pending.mutates and later.state)
        or (pending.effect and later.effect)
    )
