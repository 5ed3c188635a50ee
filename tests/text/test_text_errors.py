"""Malformed modules: each error is a ParseError naming what and where."""

from __future__ import annotations

import pytest

from wasmic.errors import ParseError
from wasmic.text import parse_module


def error_of(text: str) -> ParseError:
    with pytest.raises(ParseError) as info:
        parse_module(text)
    return info.value


@pytest.mark.parametrize("text, message, line, column", [
    ("(module\n  (func (call $nope)))", "unknown function $nope", 2, 15),
    ("(func (local.get $x))", "unknown local $x", 1, 18),
    ("(func (br $l))", "unknown label $l", 1, 11),
    ("(func (global.get $g))", "unknown global $g", 1, 19),
    ("(func (type $t))", "unknown type $t", 1, 13),
    ("(func (table.get $t (i32.const 0)) drop)", "unknown table $t", 1, 18),
    ("(func (data.drop $d))", "unknown data segment $d", 1, 18),
    ("(func (elem.drop $e))", "unknown elem segment $e", 1, 18),
    ('(export "e" (memory $m))', "unknown memory $m", 1, 21),
    ("(func $f)\n(func $f)", "duplicate func $f", 2, 7),
    ("(func (param $x i32) (local $x i32))", "duplicate local $x", 1, 29),
    ("(global $g i32 (i32.const 0)) (global $g i32 (i32.const 0))", "duplicate global", 1, 39),
    ("(memory $m 1) (memory $m 1)", "duplicate memory", 1, 23),
    ("(table $t 1 funcref) (import \"a\" \"b\" (table $t 1 funcref))", "import after table", 1, 22),
    ("(type $t (func)) (type $t (func))", "duplicate type", 1, 24),
    ("(func) (import \"a\" \"b\" (memory 1))", "import after function", 1, 8),
    ("(memory 0) (func (import \"a\" \"b\"))", "import after memory", 1, 18),
    ("(global i32 (i32.const 0)) (import \"a\" \"b\" (func))", "import after global", 1, 28),
    ("(func block $a end $b)", "mismatching label", 1, 20),
    ("(func block end $b)", "mismatching label", 1, 17),
    ("(func i32.const 0 if $a else $b end)", "mismatching label", 1, 30),
    ("(type $t (func (param i32))) (func (type $t) (param i64))", "inline function type", 1, 46),
    ("(func (i32.foo))", "unknown operator i32.foo", 1, 8),
    ("(func (i32.const 0x1_0000_0000) drop)", "constant out of range", 1, 18),
    ("(func (f32.const 1e39) drop)", "constant out of range", 1, 18),
    ("(memory 1) (func (i32.load align=3 (i32.const 0)) drop)", "power of two", 1, 28),
    ("(memory 1) (func (i32.load offset=0x1_0000_0000 (i32.const 0)) drop)", "out of range", 1, 28),
    ('(import "\\ff" "x" (func))', "malformed UTF-8", 1, 9),
    ('(export "\\q" (func 0)) (func)', "illegal escape", 1, 9),
    ("(func (v128.const i32x4 1 2 3))", "wrong number of lane literals", 1, 30),
    ("(func (i8x16.shuffle 0 1 2 (v128.const i64x2 0 0) (v128.const i64x2 0 0)))", "lane", 1, 28),
    ("(func (i8x16.extract_lane_s 256 (v128.const i64x2 0 0)))", "malformed lane index", 1, 29),
    ("(func (result i32) (param i32))", "unexpected token", 1, 20),
    ("(func) (start 0) (start 0)", "multiple start", 1, 25),
    ("(func nop end)", "unexpected token end", 1, 11),
    ("(func block nop)", "missing end", 1, 16),
    ("(func (if (i32.const 1)))", "unexpected token", 1, 24),
    ("(foo)", "unexpected token", 1, 2),
    ("(module (func) (module))", "unexpected token", 1, 17),
    ("(func (select (result i32) (result)) drop)", None, None, None),
])
def test_errors(text, message, line, column):
    if message is None:
        parse_module(text)  # a typed select with one result: fine
        return
    error = error_of(text)
    assert message in str(error)
    assert (error.line, error.column) == (line, column), str(error)
    assert str(error).startswith(f"{line}:{column}: ")


def test_bytes_must_be_utf8():
    error = error_of(b"(module (func)) \xff")
    assert "malformed UTF-8" in str(error)


def test_deep_nesting_is_a_parse_error_not_a_crash():
    depth = 50_000
    error = error_of("(func " + "(block " * depth + ")" * depth + ")")
    assert "nesting too deep" in str(error)
    plain = "(func " + "block " * depth + "end " * depth + ")"
    assert "nesting too deep" in str(error_of(plain))


def test_huge_literals_do_not_hang():
    error = error_of("(func (i32.const " + "9" * 100_000 + ") drop)")
    assert "constant out of range" in str(error)
    parse_module("(func (f64.const 0x1." + "0" * 100_000 + "1p0) drop)")
