"""Each abbreviation of the text format parses to the same module as the
explicit form it stands for."""

from __future__ import annotations

import pytest

from wasmic.syntax import F32, FUNCREF, I32, I64, ExternKind, FuncType, Op
from wasmic.text import parse_module

PAIRS = {
    "inline export": (
        '(func $f (export "a") (export "b"))',
        '(func $f) (export "a" (func $f)) (export "b" (func $f))'),
    "inline import": (
        '(func $f (import "m" "f") (param i32)) (global (import "m" "g") (mut i64))'
        '(table (import "m" "t") 1 funcref) (memory (import "m" "mem") 1 2)',
        '(import "m" "f" (func $f (param i32))) (import "m" "g" (global (mut i64)))'
        '(import "m" "t" (table 1 funcref)) (import "m" "mem" (memory 1 2))'),
    "inline import and export": (
        '(func (export "e") (import "m" "f"))',
        '(import "m" "f" (func)) (export "e" (func 0))'),
    "implicit type use": (
        "(type (func)) (func (param i32) (result i64) unreachable)",
        "(type (func)) (type (func (param i32) (result i64)))"
        "(func (type 1) unreachable)"),
    "implicit type reuses the first equal type": (
        "(type $a (func (param i32))) (type $b (func (param i32))) (func (param i32))",
        "(type $a (func (param i32))) (type $b (func (param i32))) (func (type 0))"),
    "implicit types after explicit ones, in order of use": (
        "(func (result i32) i32.const 0) (type (func)) (func (param i64))",
        "(type (func)) (type (func (result i32))) (type (func (param i64)))"
        "(func (type 1) i32.const 0) (func (type 2))"),
    "type and inline signature together": (
        "(type $t (func (param i32))) (func (type $t) (param $x i32) local.get $x)",
        "(type $t (func (param i32))) (func (type $t) local.get 0)"),
    "several params in one clause": (
        "(func (param i32 i64) (param $z i32) (local f32 f64) local.get $z drop)",
        "(func (param i32) (param i64) (param i32) (local f32) (local f64) local.get 2 drop)"),
    "folded instructions": (
        "(func (result i32) (i32.add (i32.const 1) (i32.mul (i32.const 2) (i32.const 3))))",
        "(func (result i32) i32.const 1 i32.const 2 i32.const 3 i32.mul i32.add)"),
    "folded block and loop": (
        "(func (block $b (result i32) (loop $l (br $b (i32.const 1)))))",
        "(func block $b (result i32) loop $l i32.const 1 br $b end end)"),
    "folded if with then and else": (
        "(func (result i32) (if (result i32) (i32.const 1) (then (i32.const 2)) (else (i32.const 3))))",
        "(func (result i32) i32.const 1 if (result i32) i32.const 2 else i32.const 3 end)"),
    "folded if without else": (
        "(func (if (i32.const 1) (then nop)))",
        "(func i32.const 1 if nop end)"),
    "empty else is left out": (
        "(func i32.const 1 if nop else end)",
        "(func i32.const 1 if nop end)"),
    "end labels": (
        "(func block $a end $a loop $b end $b i32.const 0 if $c else $c end $c)",
        "(func block end loop end i32.const 0 if end)"),
    "label names resolve to depths": (
        "(func block $out block $in br $out br $in br_table $in $out $in end end)",
        "(func block block br 1 br 0 br_table 0 1 0 end end)"),
    "shadowed labels": (
        "(func block $l block $l br $l end br $l end)",
        "(func block block br 0 end br 0 end)"),
    "inline data": (
        '(memory $m (data "ab" "c"))',
        '(memory $m 1 1) (data (memory $m) (i32.const 0) "abc")'),
    "inline data of no bytes": (
        "(memory (data))",
        '(memory 0 0) (data (i32.const 0) "")'),
    "inline elem": (
        "(func $f) (table $t funcref (elem $f $f))",
        "(func $f) (table $t 2 2 funcref) (elem (table $t) (i32.const 0) func $f $f)"),
    "inline elem of expressions": (
        "(func $f) (table funcref (elem (ref.func $f) (item ref.null func)))",
        "(func $f) (table 2 2 funcref)"
        "(elem (table 0) (offset i32.const 0) funcref (item ref.func $f) (item ref.null func))"),
    "elem with a bare function list": (
        "(table 1 funcref) (func $f) (elem (i32.const 0) $f)",
        "(table 1 funcref) (func $f) (elem (table 0) (offset (i32.const 0)) funcref (ref.func $f))"),
    "elem func list": (
        "(func $f) (elem func $f) (elem declare func $f)",
        "(func $f) (elem funcref (item ref.func 0)) (elem declare funcref (ref.func 0))"),
    "data offset abbreviation": (
        '(memory 1) (data (i32.const 8) "x")',
        '(memory 1) (data (memory 0) (offset (i32.const 8)) "x")'),
    "table and memory instructions default to index 0": (
        "(table 1 funcref) (elem funcref) (func table.size drop i32.const 0 table.get drop"
        " i32.const 0 i32.const 0 i32.const 0 table.init 0 table.copy)",
        "(table 1 funcref) (elem funcref) (func table.size 0 drop i32.const 0 table.get 0 drop"
        " i32.const 0 i32.const 0 i32.const 0 table.init 0 0 table.copy 0 0)"),
    "call_indirect with an inline signature": (
        "(table 1 funcref) (func (call_indirect (param i32) (i32.const 1) (i32.const 0)))",
        "(type (func)) (type (func (param i32))) (table 1 funcref)"
        "(func (type 0) (call_indirect 0 (type 1) (i32.const 1) (i32.const 0)))"),
    "block type given as a type index": (
        "(type $v (func (result i32))) (func (result i32) (block (type $v) (i32.const 1)))",
        "(type $v (func (result i32))) (func (result i32) (block (result i32) (i32.const 1)))"),
    "global with inline export": (
        '(global $g (export "g") i32 (i32.const 7))',
        '(global $g i32 i32.const 7) (export "g" (global $g))'),
    "memarg defaults": (
        "(memory 1) (func i32.const 0 i64.load drop)",
        "(memory 1) (func i32.const 0 i64.load offset=0 align=8 drop)"),
}


@pytest.mark.parametrize("short, long", PAIRS.values(), ids=PAIRS.keys())
def test_abbreviation(short, long):
    assert parse_module(short) == parse_module(long)


def test_module_wrapper_is_optional():
    assert parse_module("(module $m (func))") == parse_module("(func)")


def test_implicit_types_of_blocks_and_calls_follow_the_text():
    m = parse_module(
        "(type (func)) (table 1 funcref)"
        "(func (param i64)"
        "  (block (param i32) (result i32 i32) (i32.const 0) (i32.const 1) (drop) (drop) (unreachable))"
        "  (call_indirect (param f32) (f32.const 0) (i32.const 0)))")
    assert m.types == [FuncType(), FuncType((I64,)), FuncType((I32,), (I32, I32)),
                       FuncType((F32,))]
    body = m.funcs[0].body
    assert body[0] == (Op.BLOCK, 2)
    assert (Op.CALL_INDIRECT, 3, 0) in body


def test_inline_import_export_order():
    m = parse_module('(func (export "a") (import "m" "f")) (func $g (export "b"))')
    assert [(e.name, e.kind, e.index) for e in m.exports] == [
        ("a", ExternKind.FUNC, 0), ("b", ExternKind.FUNC, 1)]
    assert len(m.imports) == 1 and len(m.funcs) == 1


def test_inline_elem_and_data_get_their_place_among_segments():
    m = parse_module('(memory 1) (data $a "x") (memory (data "y")) (data $b "z")'
                     "(func $f) (elem $e func) (table funcref (elem $f)) (elem $e2 func)"
                     "(func data.drop $b elem.drop $e2)")
    assert [d.init for d in m.datas] == [b"x", b"y", b"z"]
    assert m.funcs[1].body[:2] == [(Op.DATA_DROP, 2), (Op.ELEM_DROP, 2)]
    assert m.elems[1].mode.kind == "active" and m.elems[1].type == FUNCREF


def test_names_from_identifiers():
    m = parse_module("(module $mod (import \"m\" \"f\" (func $imp))"
                     "(func $f (param $p i32) (local $l i64) (local i32)) (func))")
    assert m.names.module == "mod"
    assert m.names.funcs == {0: "imp", 1: "f"}
    assert m.names.locals == {1: {0: "p", 1: "l"}}


def test_data_count_only_with_memory_init_or_data_drop():
    assert parse_module('(memory 1) (data "a") (func)').data_count is None
    assert parse_module('(memory 1) (data "a") (data "b") (func data.drop 1)').data_count == 2
    assert parse_module(
        '(memory 1) (data "a") (func (memory.init 0 (i32.const 0) (i32.const 0) (i32.const 0)))'
    ).data_count == 1


def test_numeric_indices_out_of_range_are_left_to_validation():
    m = parse_module("(func (call 7) (br 9) (local.get 3) (global.get 2) (drop) (drop) (drop))")
    assert m.funcs[0].body[:4] == [(Op.CALL, 7), (Op.BR, 9), (Op.LOCAL_GET, 3), (Op.GLOBAL_GET, 2)]
