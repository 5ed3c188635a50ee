"""A read position inside one S-expression, with the helpers every parser uses.

The parsers walk a ``Node`` item by item through a ``Cursor``; every error
they raise is located at the item the cursor stands on (or at the closing
parenthesis when the list has run out), so messages carry line:column.
"""

from __future__ import annotations

from ..errors import ParseError
from .lexer import Node, Source
from .numbers import LiteralError, parse_float, parse_int, parse_nat
from .strings import StringError, string_bytes, string_name


class Cursor:
    """Reads the items of ``node`` from index ``i`` on."""

    __slots__ = ("node", "i", "source")

    def __init__(self, node: Node, source: Source, start: int = 0):
        self.node = node
        self.i = start
        self.source = source

    # -- looking ------------------------------------------------------------
    def at_end(self) -> bool:
        return self.i >= len(self.node)

    def peek(self) -> str | Node | None:
        """The current item, or None at the end."""
        return self.node[self.i] if self.i < len(self.node) else None

    def peek_atom(self) -> str | None:
        """The current item if it is an atom."""
        item = self.peek()
        return item if type(item) is str else None

    def peek_head(self) -> str | None:
        """The keyword opening the current item if it is a list, e.g. ``param``."""
        item = self.peek()
        if type(item) is Node and item and type(item[0]) is str:
            return item[0]
        return None

    def peek_id(self) -> bool:
        """Whether the current item is an identifier ``$x``."""
        item = self.peek()
        return type(item) is str and item[0] == "$"

    def peek_index(self) -> bool:
        """Whether the current item looks like an index: ``$x`` or a number."""
        item = self.peek()
        return type(item) is str and (item[0] == "$" or "0" <= item[0] <= "9")

    # -- errors -------------------------------------------------------------
    def offset(self) -> int:
        """Source offset of the current item (the closing paren at the end)."""
        if self.i < len(self.node):
            return self.node.offsets[self.i]
        return self.node.end

    def error(self, message: str, offset: int | None = None) -> ParseError:
        """A ParseError at the current item, or at ``offset``."""
        return self.source.error(message, self.offset() if offset is None else offset)

    def unexpected(self) -> ParseError:
        """The error for an item that does not fit the grammar here."""
        item = self.peek()
        if item is None:
            if self.node.end >= len(self.source.text):  # the root: the text ran out
                return self.error("unexpected end")
            return self.error("unexpected token )")
        if type(item) is Node:
            return self.error(f"unexpected token ({item.head or ''}")
        return self.error(f"unexpected token {item}")

    # -- taking -------------------------------------------------------------
    def atom(self) -> str:
        item = self.peek()
        if type(item) is not str:
            raise self.unexpected()
        self.i += 1
        return item

    def take_keyword(self, word: str) -> bool:
        """Consume ``word`` if it is the current item."""
        if self.i < len(self.node) and self.node[self.i] == word:
            self.i += 1
            return True
        return False

    def optional_id(self) -> str | None:
        """Consume an identifier if there is one; returns it with its ``$``."""
        if self.peek_id():
            self.i += 1
            return self.node[self.i - 1]
        return None

    def sub(self, head: str | None = None) -> Cursor:
        """Enter the current list (checking its keyword), moving past it.

        The returned cursor stands after the keyword when ``head`` is given.
        """
        item = self.peek()
        if type(item) is not Node or (head is not None and item.head != head):
            raise self.unexpected()
        self.i += 1
        return Cursor(item, self.source, 1 if head is not None else 0)

    def end(self) -> None:
        """Check that the list has no items left."""
        if self.i < len(self.node):
            raise self.unexpected()

    # -- literals -----------------------------------------------------------
    def literal(self, convert, *args):
        """Read an atom through ``convert``, locating its errors."""
        i = self.i
        node = self.node
        if i >= len(node) or type(node[i]) is not str:
            raise self.unexpected()
        self.i = i + 1
        try:
            return convert(node[i], *args)
        except (LiteralError, StringError) as exc:
            raise self.error(str(exc), node.offsets[i]) from None

    def nat(self, bits: int = 32) -> int:
        return self.literal(parse_nat, bits)

    def int(self, bits: int) -> int:
        return self.literal(parse_int, bits)

    def float(self, bits: int) -> int:
        return self.literal(parse_float, bits)

    def string(self) -> bytes:
        if not self.peek_string():
            raise self.unexpected()
        return self.literal(string_bytes)

    def name(self) -> str:
        """A string that must be valid UTF-8 (import, export and field names)."""
        if not self.peek_string():
            raise self.unexpected()
        return self.literal(string_name)

    def peek_string(self) -> bool:
        item = self.peek()
        return type(item) is str and item[0] == '"'

    def strings(self) -> bytes:
        """Concatenation of the string literals from here on (data, binary modules)."""
        parts = []
        while self.peek_string():
            parts.append(self.string())
        return b"".join(parts)
