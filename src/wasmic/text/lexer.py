"""The lexer of the text format: turns source text into S-expressions.

Tokens are kept as cheap as possible because the spec suite holds millions of
them: an atom (keyword, identifier, number, string, reserved word) is the
plain ``str`` of its source text, and a parenthesised list is a ``Node``
holding its items and, in parallel, the source offset of each item, so that
any error can still be reported as line:column.  What an atom means is
decided by the parser from its first character: ``"`` a string, ``$`` an
identifier, a lowercase letter a keyword, anything else a number (checked
when read as one); strings keep their quotes and escapes until decoded.

Lexical rules of WebAssembly 2.0: an atom is a maximal run of id characters
and string literals; a run mixing the two, or a lone ``$``, is a reserved
token and is malformed ("unknown operator").  Block comments ``(; ;)`` nest.
"""

from __future__ import annotations

import bisect
import re

from ..errors import ParseError

_IDCHARS = r"0-9A-Za-z!#$%&'*+\-./:<=>?@\\^_`|~"
_STRING = r'"[^"\\\n]*(?:\\[^\n][^"\\\n]*)*"'

# Whitespace (skipped), then one of: line comment (skipped), block comment
# opener, "(", ")", an atom made of id characters and strings.
_TOKEN_RE = re.compile(
    rf"[ \t\n\r]*(?:;;[^\n\r]*|(\(;)|(\()|(\))|((?:[{_IDCHARS}]+|{_STRING})+))"
)
_OPEN, _CLOSE, _ATOM = 2, 3, 4
_BLOCK_COMMENT_RE = re.compile(r"\(;|;\)")
_ID_RE = re.compile(rf"\$[{_IDCHARS}]+")
_SPACE_RE = re.compile(r"[ \t\n\r]*")
_STRING_RE = re.compile(_STRING)


class Source:
    """A text being parsed: maps offsets to line:column for error messages."""

    def __init__(self, text: str, name: str | None = None):
        self.text = text
        self.name = name
        self._line_starts: list[int] | None = None

    def line_col(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column of a character offset."""
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def error(self, message: str, offset: int) -> ParseError:
        """A ParseError located at ``offset``."""
        line, column = self.line_col(offset)
        return ParseError(message, line, column, self.name)


class Node(list):
    """A parenthesised list: its items (atoms as ``str``, lists as ``Node``).

    ``offsets[i]`` is the source offset of item ``i``; ``pos`` and ``end`` are
    the offsets of the opening and closing parentheses.
    """

    __slots__ = ("pos", "end", "offsets")

    def __init__(self, pos: int):
        super().__init__()
        self.pos = pos
        self.end = pos
        self.offsets: list[int] = []

    @property
    def head(self) -> str | None:
        """The first item when it is an atom (the keyword of most forms)."""
        return self[0] if self and type(self[0]) is str else None


def read(source: Source) -> Node:
    """Read the whole text into a root Node holding its top-level items."""
    text = source.text
    root = Node(0)
    stack: list[Node] = []
    node = root
    pos = 0
    match = _TOKEN_RE.scanner(text).match
    while True:
        m = match()
        if m is None:
            break
        group = m.lastindex
        pos = m.end()
        if group == _ATOM:
            atom = m.group(_ATOM)
            if atom[0] in '$"' or '"' in atom:
                _check_atom(source, atom, pos - len(atom))
            node.append(atom)
            node.offsets.append(pos - len(atom))
        elif group == _OPEN:
            child = Node(pos - 1)
            node.append(child)
            node.offsets.append(pos - 1)
            stack.append(node)
            node = child
        elif group == _CLOSE:
            if not stack:
                raise source.error("unexpected token )", pos - 1)
            node.end = pos - 1
            node = stack.pop()
        elif group is not None:  # block comment
            pos = _skip_block_comment(source, pos - 2)
            match = _TOKEN_RE.scanner(text, pos).match
    pos = _SPACE_RE.match(text, pos).end()
    if pos < len(text):
        raise source.error(_bad_char_message(text, pos), pos)
    if stack:
        raise source.error("unexpected end of text: unclosed (", node.pos)
    root.end = len(text)
    return root


def _check_atom(source: Source, atom: str, offset: int) -> None:
    """A run mixing strings and id characters, or a lone ``$``, is a reserved token."""
    if atom[0] == '"':
        valid = _STRING_RE.fullmatch(atom) is not None
    else:
        valid = '"' not in atom and _ID_RE.fullmatch(atom) is not None
    if not valid:
        raise source.error(f"unknown operator {atom}", offset)


def _skip_block_comment(source: Source, start: int) -> int:
    """The offset just past the (nested) block comment opened at ``start``."""
    depth = 0
    for m in _BLOCK_COMMENT_RE.finditer(source.text, start):
        if m.group() == "(;":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return m.end()
    raise source.error("unclosed block comment", start)


def _bad_char_message(text: str, pos: int) -> str:
    char = text[pos]
    if char == '"':
        return "unclosed or malformed string literal"
    return f"malformed character {char!r}"
