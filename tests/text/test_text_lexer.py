"""Lexing: atoms, lists, comments, string escapes, reserved tokens, positions."""

from __future__ import annotations

import pytest

from wasmic.errors import ParseError
from wasmic.text.lexer import Node, Source, read
from wasmic.text.strings import StringError, string_bytes, string_name


def lex(text: str) -> Node:
    return read(Source(text))


def test_atoms_and_lists():
    root = lex('(module $m (func "a\\n" 0x1p3 -inf nan:0x1 i32.add))')
    module = root[0]
    assert module.head == "module"
    assert module[1] == "$m"
    assert list(module[2]) == ["func", '"a\\n"', "0x1p3", "-inf", "nan:0x1", "i32.add"]


def test_offsets_give_line_and_column():
    source = Source("(a\n  (b c)\n\t d)")
    root = read(source)
    b = root[0][1]
    assert source.line_col(root[0].offsets[1]) == (2, 3)
    assert source.line_col(b.offsets[1]) == (2, 6)
    assert source.line_col(root[0].offsets[2]) == (3, 3)


def test_comments():
    root = lex(";; line\n(a (; block (; nested ;) still ;) b) ;; end\n(;;) (c);;x")
    assert [list(n) for n in root] == [["a", "b"], ["c"]]


def test_line_comments_end_at_carriage_return_too():
    assert list(lex("(a ;; c\r b ;; d\r\n c)")[0]) == ["a", "b", "c"]


def test_tokens_delimited_by_parens_and_comments():
    func = lex('(func(nop)$f(;c;)x;;c\n"s")')[0]
    assert func[0] == "func" and list(func[1]) == ["nop"] and func[2:] == ["$f", "x", '"s"']
    root = lex("(a(b)c;;x\n)")
    assert root[0][0] == "a" and list(root[0][1]) == ["b"] and root[0][2] == "c"


def test_id_characters():
    ident = "$!#$%&'*+-./:<=>?@\\^_`|~azAZ09"
    assert lex(f"({ident})")[0][0] == ident


@pytest.mark.parametrize("text", [
    '(data $l"a")', '(data "a""b")', '(func 0"a")', '(func "a"x)', "(func $)", "(a $\"x\")",
])
def test_reserved_tokens(text):
    with pytest.raises(ParseError, match="unknown operator"):
        lex(text)


@pytest.mark.parametrize("text, message, line, column", [
    ("(a\n  (b\n", "unclosed", 2, 3),
    ("(a))", "unexpected token", 1, 4),
    ("(a (; never closed", "unclosed block comment", 1, 4),
    ('(a "no end)', "string", 1, 4),
    ('(a "line\nbreak")', "string", 1, 4),
    ("(a [b])", "malformed character", 1, 4),
    ("(a\n é)", "malformed character", 2, 2),
])
def test_lexical_errors(text, message, line, column):
    with pytest.raises(ParseError, match=message) as info:
        lex(text)
    assert (info.value.line, info.value.column) == (line, column)


@pytest.mark.parametrize("literal, expected", [
    ('""', b""), ('"abc"', b"abc"), ('"\\t\\n\\r\\"\\\'\\\\"', b"\t\n\r\"'\\"),
    ('"\\00\\ff\\7F"', b"\x00\xff\x7f"), ('"\\u{41}\\u{e9}\\u{1F600}"', "Aé😀".encode()),
    ('"\\u{1_0000}"', "\U00010000".encode()), ('"é"', "é".encode()),
])
def test_string_escapes(literal, expected):
    assert string_bytes(literal) == expected


@pytest.mark.parametrize("literal", [
    '"\\q"', '"\\0"', '"\\u{D800}"', '"\\u{110000}"', '"\\u{}"', '"\\u41"', '"a\tb"', '"\x7f"',
    '"\\u{1__0}"', '"\\u{' + "f" * 20 + '}"',
])
def test_malformed_strings(literal):
    with pytest.raises(StringError):
        string_bytes(literal)


def test_code_point_with_many_leading_zeros():
    assert string_bytes('"\\u{' + "0" * 20 + '41}"') == b"A"


def test_names_must_be_utf8():
    assert string_name('"\\e2\\82\\ac"') == "€"
    with pytest.raises(StringError, match="malformed UTF-8"):
        string_name('"\\ff"')
    with pytest.raises(StringError, match="malformed UTF-8"):
        string_name('"\\ed\\a0\\80"')  # an encoded surrogate
