"""The WAT entry points: ``parse_module`` on every module form, and
``wat2wasm`` against wabt's wat2wasm."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from wasmic.errors import ParseError
from wasmic.syntax import I32, FuncType, Op
from wasmic.text import parse_module, wat2wasm

MODULE = """
(module $demo
  (type $binop (func (param i32 i32) (result i32)))
  (import "env" "log" (func $log (param i32)))
  (memory (export "mem") 1)
  (data (i32.const 16) "hello\\00")
  (global $count (mut i32) (i32.const 0))
  (table 2 funcref)
  (elem (i32.const 0) $add $sub)
  (func $add (export "add") (type $binop) (i32.add (local.get 0) (local.get 1)))
  (func $sub (type $binop) (i32.sub (local.get 0) (local.get 1)))
  (func (export "apply") (param $op i32) (param $a i32) (param $b i32) (result i32)
    (global.set $count (i32.add (global.get $count) (i32.const 1)))
    (call $log (local.get $op))
    (call_indirect (type $binop) (local.get $a) (local.get $b) (local.get $op)))
  (func (export "simd") (result v128)
    (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31
      (v128.load offset=16 align=4 (i32.const 0))
      (v128.const f32x4 1.5 -0x1p-149 inf -nan:0x1)))
)
"""


def test_parse_module_text_and_bytes():
    m = parse_module(MODULE)
    assert m == parse_module(MODULE.encode())
    assert m.types[0] == FuncType((I32, I32), (I32,))
    assert m.names.module == "demo" and m.names.funcs[1] == "add"
    assert [e.name for e in m.exports] == ["mem", "add", "apply", "simd"]


def test_module_binary_form():
    binary = bytes(wat2wasm(MODULE))
    text = '(module binary "' + "".join(f"\\{b:02x}" for b in binary) + '")'
    assert parse_module(text) == parse_module(MODULE)


def test_module_quote_form():
    assert parse_module('(module quote "(func (export \\"f\\"))" "(memory 1)")') == \
        parse_module('(func (export "f")) (memory 1)')
    with pytest.raises(ParseError):
        parse_module('(module quote "(func (call $nowhere))")')


def test_wat2wasm_round_trips_through_the_decoder():
    from wasmic.binary import decode_module
    assert decode_module(wat2wasm(MODULE)) == parse_module(MODULE)


def test_wat2wasm_matches_wabt(tmp_path):
    tool = shutil.which("wat2wasm")
    if tool is None:
        pytest.fail("wabt's wat2wasm is not installed (pip install '.[test]')")
    source = tmp_path / "m.wat"
    source.write_text(MODULE)
    subprocess.run([tool, str(source), "-o", str(tmp_path / "m.wasm")], check=True)
    from wasmic.binary import decode_module
    assert decode_module(wat2wasm(MODULE)) == decode_module((tmp_path / "m.wasm").read_bytes())


def test_shuffle_and_v128_immediates():
    body = parse_module(MODULE).funcs[-1].body
    address, load, const, shuffle, end = body
    assert address == (Op.I32_CONST, 0) and end == (Op.END,)
    assert load == (Op.V128_LOAD, 2, 16, 0)
    lanes = [0x3FC00000, 0x80000001, 0x7F800000, 0xFF800001]
    assert const == (Op.V128_CONST, sum(v << (32 * i) for i, v in enumerate(lanes)))
    assert shuffle == (Op.I8X16_SHUFFLE, bytes(range(15)) + b"\x1f")


def test_errors_carry_line_and_column():
    with pytest.raises(ParseError) as info:
        parse_module("(module\n  (func\n    (i32.add (local.get $x))))")
    assert (info.value.line, info.value.column) == (3, 25)
    assert str(info.value) == "3:25: unknown local $x"
