"""Instruction sequences: plain and folded forms, to flat instruction lists.

Plain instructions are read in order; structured ones (``block``, ``loop``,
``if ... else ... end``) push a label, optionally named, whose name may be
repeated after ``else``/``end`` and must then match ("mismatching label").
Folded instructions ``(op imm* folded*)`` emit their operands first; folded
``(if ... (then ...) (else ...))`` emits its condition first.  The output is
the flat list of ``(op, *immediates)`` tuples the binary format would hold.
"""

from __future__ import annotations

from ..syntax.opcodes import OPS_BY_NAME, Op
from .context import FuncContext
from .cursor import Cursor
from .immediates import READERS
from .lexer import Node
from .type_parser import type_use, value_type

_BLOCK_OPS = {"block": Op.BLOCK.value, "loop": Op.LOOP.value, "if": Op.IF.value}
_GRAMMAR_WORDS = {"param", "result", "type", "local", "then", "item", "offset", "export",
                  "import", "func", "mut"}  # not operators: out of place, not unknown
_END = (Op.END.value,)
_ELSE = (Op.ELSE.value,)


class InstrParser:
    """Reads the instructions of one function body or constant expression."""

    def __init__(self, ctx: FuncContext):
        self.ctx = ctx
        self.out: list = []

    def expression(self, c: Cursor) -> list:
        """All remaining items of ``c`` as instructions, plus the final ``end``."""
        self.out = []
        self.sequence(c, ())
        c.end()
        self.out.append(_END)
        return self.out

    def folded_expression(self, c: Cursor) -> list:
        """The single folded instruction at ``c`` (an offset or element
        abbreviation) as an expression, moving past it."""
        self.out = []
        self.folded(c.sub())
        self.out.append(_END)
        return self.out

    def sequence(self, c: Cursor, stops: tuple[str, ...]) -> str | None:
        """Instructions until the end of ``c`` or one of the ``stops`` keywords
        (``end``/``else``, left unconsumed and returned)."""
        node = c.node
        while c.i < len(node):
            item = node[c.i]
            if type(item) is Node:
                c.i += 1
                self.folded(Cursor(item, c.source))
            elif item in stops:
                return item
            else:
                self.plain(c)
        return None

    # -- plain ----------------------------------------------------------------
    def plain(self, c: Cursor) -> None:
        name = c.peek()
        block_op = _BLOCK_OPS.get(name)
        if block_op is not None:
            c.i += 1
            self.plain_block(c, block_op)
            return
        self.out.append(self.operator(c))

    def operator(self, c: Cursor) -> tuple:
        """A non-structured instruction: mnemonic and immediates."""
        name = c.peek()
        info = OPS_BY_NAME.get(name) if type(name) is str else None
        if info is None or name in ("end", "else"):
            if info is None and type(name) is str and "a" <= name[0] <= "z" \
                    and name not in _GRAMMAR_WORDS:
                raise c.error(f"unknown operator {name}")
            raise c.unexpected()
        c.i += 1
        if name == "select":
            return self.select(c, info.code)
        if info.imm == "none":
            return (info.code,)
        return (info.code, *READERS[info.imm](self.ctx, c, info))

    def select(self, c: Cursor, code: int) -> tuple:
        if c.peek_head() != "result":
            return (code,)
        types = []
        while c.peek_head() == "result":
            r = c.sub("result")
            while not r.at_end():
                types.append(value_type(r))
        return (Op.SELECT_T.value, tuple(types))

    def plain_block(self, c: Cursor, op: int) -> None:
        out = self.out
        label = self.open_block(c, op)
        stop = self.sequence(c, ("end", "else") if op == Op.IF else ("end",))
        if stop == "else":
            c.i += 1
            self.end_label(c, label)
            out.append(_ELSE)
            stop = self.sequence(c, ("end",))
        if stop is None:
            raise c.error("unexpected end: missing end of block")
        c.i += 1
        self.end_label(c, label)
        self.close_block()

    def open_block(self, c: Cursor, op: int) -> str | None:
        label = c.optional_id()
        self.out.append((op, self.block_type(c)))
        self.ctx.labels.append(label)
        return label

    def end_label(self, c: Cursor, label: str | None) -> None:
        if c.peek_id():
            if c.peek() != label:
                raise c.error(f"mismatching label {c.peek()}")
            c.i += 1

    def block_type(self, c: Cursor):
        """None, a ValueType, or a type index (see ``opcodes``).

        Like wat2wasm, a signature without parameters and with at most one
        result is written in the short form even when given as ``(type x)``.
        """
        module = self.ctx.module
        index, signature = type_use(c, module, None)
        if index is not None and index >= len(module.types):
            return index  # unknown type: left for validation to report
        if not signature.params and len(signature.results) <= 1:
            return signature.results[0] if signature.results else None
        return index if index is not None else module.implicit_type(signature)

    # -- folded ---------------------------------------------------------------
    def folded(self, c: Cursor) -> None:
        """One folded instruction ``(...)``; ``c`` stands on its first item."""
        out = self.out
        name = c.peek()
        block_op = _BLOCK_OPS.get(name) if type(name) is str else None
        if block_op is None:
            instr = self.operator(c)
            while not c.at_end():
                self.folded(c.sub())
            out.append(instr)
            return
        c.i += 1
        if block_op == Op.IF:
            self.folded_if(c)
            return
        self.open_block(c, block_op)
        self.sequence(c, ())
        c.end()
        self.close_block()

    def folded_if(self, c: Cursor) -> None:
        out = self.out
        label = c.optional_id()
        block_type = self.block_type(c)
        while c.peek_head() != "then":
            if type(c.peek()) is not Node:
                raise c.unexpected()
            self.folded(c.sub())
        out.append((Op.IF.value, block_type))
        self.ctx.labels.append(label)
        then = c.sub("then")
        self.sequence(then, ())
        then.end()
        if c.peek_head() == "else":
            other = c.sub("else")
            out.append(_ELSE)
            self.sequence(other, ())
            other.end()
        c.end()
        self.close_block()

    def close_block(self) -> None:
        """Pop the label and emit ``end``; an empty else branch is left out,
        as the binary format (and wat2wasm) write it."""
        self.ctx.labels.pop()
        if self.out[-1] is _ELSE:
            self.out.pop()
        self.out.append(_END)
