"""WAST scripts: each command kind and each kind of constant and pattern."""

from __future__ import annotations

import pytest

from wasmic.errors import ParseError
from wasmic.syntax import EXTERNREF, F32, F64, FUNCREF, I32, I64, V128, Op
from wasmic.syntax import script as s
from wasmic.text import parse_script

SCRIPT = r'''
(module $M (func (export "f") (param i32) (result i32) (local.get 0)))
(module binary "\00asm" "\01\00\00\00")
(module $Q quote "(func)" "(memory 1)")
(register "m" $M)
(invoke "f" (i32.const -1))
(get $M "g")
(assert_return (invoke $M "f" (i32.const 7)) (i32.const 7))
(assert_return (invoke "h" (f32.const -0x1p3) (f64.const nan:0x1))
  (f32.const nan:canonical) (f64.const nan:arithmetic) (i64.const -1))
(assert_return (invoke "v" (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 -1))
  (v128.const f32x4 nan:canonical 1.0 -0 nan:arithmetic)
  (v128.const i16x8 1 2 3 4 5 6 7 8) (v128.const f64x2 1 2))
(assert_return (invoke "r" (ref.null extern) (ref.extern 5))
  (ref.null func) (ref.extern 5) (ref.func))
(assert_trap (invoke "f" (i32.const 0)) "unreachable")
(assert_trap (module (func $start unreachable) (start $start)) "unreachable")
(assert_exhaustion (invoke "loop") "call stack exhausted")
(assert_malformed (module quote "(func") "unexpected end")
(assert_malformed (module binary "\00asm") "unexpected end")
(assert_malformed (module (func (call $undefined))) "unknown function")
(assert_invalid (module (func (result i32))) "type mismatch")
(assert_unlinkable (module (import "x" "y" (func))) "unknown import")
(assert_uninstantiable (module binary "") "x")
'''


@pytest.fixture(scope="module")
def commands():
    return parse_script(SCRIPT, "t.wast")


def test_modules(commands):
    text, binary, quote = (c.module for c in commands[:3])
    assert isinstance(commands[0], s.ModuleCommand) and commands[0].line == 2
    assert (text.form, text.name, text.line) == ("text", "$M", 2)
    assert text.module.exports[0].name == "f"
    assert (binary.form, binary.data) == ("binary", b"\x00asm\x01\x00\x00\x00")
    assert (quote.form, quote.name, quote.data) == ("quote", "$Q", "(func)(memory 1)")


def test_register_and_actions(commands):
    assert commands[3] == s.Register("m", "$M", 5)
    assert commands[4] == s.ActionCommand(s.Invoke(None, "f", [s.Const(I32, 0xFFFFFFFF)], 6), 6)
    assert commands[5] == s.ActionCommand(s.Get("$M", "g", 7), 7)


def test_assert_return_values(commands):
    first, floats, vectors, refs = commands[6:10]
    assert first.action.module == "$M" and first.expected == [s.Const(I32, 7)]
    assert floats.action.args == [s.Const(F32, 0xC1000000), s.Const(F64, 0x7FF0000000000001)]
    assert floats.expected == [s.NanPattern(F32, "canonical"), s.NanPattern(F64, "arithmetic"),
                               s.Const(I64, 2**64 - 1)]
    assert vectors.action.args == [s.Const(V128, int.from_bytes(bytes(range(15)) + b"\xff",
                                                                 "little"))]
    assert vectors.expected[0] == s.V128Pattern("f32x4", (
        s.NanPattern(F32, "canonical"), 0x3F800000, 0x80000000, s.NanPattern(F32, "arithmetic")))
    assert vectors.expected[1] == s.Const(V128, sum(v << (16 * (v - 1)) for v in range(1, 9)))
    assert vectors.expected[2] == s.Const(V128, 0x3FF0000000000000 | 0x4000000000000000 << 64)
    assert refs.action.args == [s.Const(EXTERNREF, None), s.Const(EXTERNREF, 5)]
    assert refs.expected == [s.Const(FUNCREF, None), s.Const(EXTERNREF, 5), s.RefFuncPattern()]


def test_traps_and_exhaustion(commands):
    on_action, on_module, exhaustion = commands[10:13]
    assert on_action.message == "unreachable" and isinstance(on_action.target, s.Invoke)
    assert on_module.target.form == "text" and on_module.target.module.start == 0
    assert exhaustion == s.AssertExhaustion(s.Invoke(None, "loop", [], 18),
                                            "call stack exhausted", 18)


def test_module_assertions(commands):
    quoted, binary, text, invalid, unlinkable, uninstantiable = commands[13:]
    assert (quoted.kind, quoted.module.form, quoted.message) == ("malformed", "quote",
                                                                 "unexpected end")
    assert binary.module.form == "binary" and binary.module.data == b"\x00asm"
    # A text module that must fail stays unparsed, kept as its source text.
    assert text.module.form == "quote" and text.module.data == "(module (func (call $undefined)))"
    assert invalid.kind == "invalid" and invalid.module.module.funcs
    assert unlinkable.kind == "unlinkable" and uninstantiable.kind == "uninstantiable"


def test_bare_module_fields_make_one_module():
    (command,) = parse_script("(func) (memory 0) (func (export \"f\"))")
    assert command.module.form == "text" and len(command.module.module.funcs) == 2


@pytest.mark.parametrize("text, message, line", [
    ("(module)\n(assert_bogus)", "unknown command assert_bogus", 2),
    ("(module)\n\n(module (func (call $f)))", r"unknown function \$f", 3),
    ('(assert_return (invoke "f" (i32.const 1.5)))', "unexpected token", 1),
    ('(assert_return (invoke "f" (f32.const nan:canonical)))', "unknown operator", 1),
    ('(invoke "f" (i32.add))', "unexpected token", 1),
    ("(register)", "unexpected token", 1),
    ("(module $m binary \"\\zz\")", "illegal escape", 1),
])
def test_script_errors(text, message, line):
    with pytest.raises(ParseError, match=message) as info:
        parse_script(text, "bad.wast")
    assert info.value.line == line and str(info.value).startswith(f"bad.wast:{line}:")


def test_invalid_utf8_quote_is_kept_for_the_runner():
    (command,) = parse_script('(assert_malformed (module quote "\\ff") "malformed UTF-8")')
    assert command.module.data == b"\xff"


def test_opcode_layout_of_parsed_text(commands):
    body = commands[0].module.module.funcs[0].body
    assert body == [(Op.LOCAL_GET, 0), (Op.END,)]
