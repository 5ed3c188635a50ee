"""Hostile input: random and mutated binaries and text must only ever raise
WasmError -- never a Python-internal error, a crash or a hang.

Mutations start from real modules (the examples, a few spec-suite scripts when
the suite is present, and inline fixtures) so they reach deep into decoding
and validation instead of stopping at the magic number.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wasmic.binary import decode_module, encode_module
from wasmic.errors import WasmError
from wasmic.syntax.script import ModuleCommand
from wasmic.text import parse_script, wat2wasm
from wasmic.valid import validate_module

HEADER = b"\0asm\x01\0\0\0"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SUITE_SEEDS = ("data.wast", "elem.wast", "global.wast", "simd_lane.wast", "br_table.wast",
               "imports.wast")
MODULES_PER_SCRIPT = 20
FIXTURES = [
    """(module
      (type $t (func (param i32 i64) (result f32)))
      (import "env" "f" (func $f (type $t)))
      (import "env" "g" (global $g (mut f64)))
      (table $tab 2 10 funcref)
      (memory 1 3)
      (global $h (mut i32) (i32.const -5))
      (elem (table $tab) (i32.const 0) func $f $own)
      (elem declare func $own)
      (data (i32.const 8) "hello\\00")
      (data $passive "world")
      (func $own (param v128) (result v128)
        (local i32 i64 f32 f64 externref)
        (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 (local.get 0) (v128.const i32x4 1 2 3 4))
        (block (result i32) (br_table 0 0 (i32.const 1) (i32.const 2)))
        (drop)
        (memory.init $passive (i32.const 0) (i32.const 0) (i32.const 5))
        (data.drop $passive))
      (start 2)
      (export "own" (func $own)))""",
    """(module (func (export "fac") (param i64) (result i64)
        (if (result i64) (i64.eqz (local.get 0)) (then (i64.const 1))
          (else (i64.mul (local.get 0) (call 0 (i64.sub (local.get 0) (i64.const 1))))))))""",
]
WAT_WORDS = ("( ) module func param result local i32 i64 f32 f64 v128 funcref externref "
             "i32.const i64.const f32.const f64.const 0 1 -1 0x7fffffff 1e10 nan inf nan:0x1 "
             "local.get local.set block loop if then else end br br_if br_table call "
             "call_indirect memory table elem data global export import start type mut "
             "$a $b \"x\" \"\\ff\" \"\\u{10ffff}\" (; ;) ;; offset=4 align=8 i8x16 "
             "v128.const i32x4.add select drop unreachable nop ref.null ref.func extern "
             "memory.grow quote binary").split()


def seed_texts() -> list[str]:
    return FIXTURES + [(EXAMPLES / name).read_text() for name in ("wordcount.wat",)]


class Seeds(list):
    """The seed binaries, with a short repr for Hypothesis' reports."""

    def __repr__(self) -> str:
        return f"<{len(self)} seed modules>"


@pytest.fixture(scope="session")
def seed_binaries(testsuite_dir) -> Seeds:
    """Real, valid binaries to mutate."""
    binaries = Seeds(bytes(wat2wasm(text)) for text in seed_texts())
    for name in SUITE_SEEDS:
        path = testsuite_dir / name
        if not path.is_file():
            continue
        commands = parse_script(path.read_text(encoding="utf-8"))
        modules = [c.module.module for c in commands
                   if isinstance(c, ModuleCommand) and c.module.form == "text"]
        binaries.extend(bytes(encode_module(m)) for m in modules[:MODULES_PER_SCRIPT])
    return binaries


def checked(step, data) -> None:
    """Run ``step(data)``: it may only fail with WasmError (never another
    exception, a crash or a hang: a runaway input would stall the suite)."""
    try:
        step(data)
    except WasmError:
        pass


def decode_and_validate(data: bytes) -> None:
    validate_module(decode_module(data))


def leb(value: int, extra: int = 0) -> bytes:
    """``value`` as unsigned LEB128, padded with ``extra`` redundant bytes (overlong)."""
    out = bytearray()
    while True:
        out.append(value & 0x7F | 0x80)
        value >>= 7
        if not value:
            break
    out.extend(b"\x80" * extra)
    out[-1] &= 0x7F
    return bytes(out)


@st.composite
def mutated_binaries(draw, seeds: list[bytes]) -> bytes:
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        # Past the header, which a single check rejects (random bytes cover it).
        pos = draw(st.integers(min(len(HEADER), len(data) - 1), len(data) - 1))
        kind = draw(st.sampled_from(["flip", "truncate", "insert", "delete", "byte", "leb"]))
        if kind == "flip":
            data[pos] ^= 1 << draw(st.integers(0, 7))
        elif kind == "truncate":
            del data[pos:]
        elif kind == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "delete":
            del data[pos:pos + draw(st.integers(1, 8))]
        elif kind == "byte":
            data[pos] = draw(st.sampled_from([0x00, 0x7F, 0x80, 0xFF, 0x0B, 0x02, 0x60, 0x41]))
        elif kind == "leb":
            value = draw(st.sampled_from([0, 1, 127, 128, 2**31, 2**32 - 1, 2**32, 2**35 - 1,
                                          2**64, len(data) * 2]))
            data[pos:pos + draw(st.integers(1, 5))] = leb(value, draw(st.integers(0, 5)))
    return bytes(data)


@st.composite
def mutated_bodies(draw, seeds: list[bytes]) -> bytes:
    """A seed with instructions deleted, duplicated, swapped or taken from another
    function: well-formed bytes, so the mutation reaches validation."""
    module = decode_module(draw(st.sampled_from(seeds)))
    bodies = [func.body for func in module.funcs]
    for _ in range(draw(st.integers(1, 3))):
        if not any(bodies):
            break
        body = draw(st.sampled_from([body for body in bodies if body]))
        pos = draw(st.integers(0, len(body) - 1))
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "transplant"]))
        if kind == "delete":
            del body[pos]
        elif kind == "duplicate":
            body.insert(pos, body[pos])
        elif kind == "swap":
            other = draw(st.integers(0, len(body) - 1))
            body[pos], body[other] = body[other], body[pos]
        else:
            donor = draw(st.sampled_from([body for body in bodies if body]))
            body.insert(pos, draw(st.sampled_from(donor)))
    return bytes(encode_module(module))


@st.composite
def mutated_texts(draw) -> str:
    text = draw(st.sampled_from(seed_texts()))
    for _ in range(draw(st.integers(1, 4))):
        pos = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["word", "delete", "truncate", "chars"]))
        if kind == "word":
            text = text[:pos] + " " + draw(st.sampled_from(WAT_WORDS)) + " " + text[pos:]
        elif kind == "delete":
            text = text[:pos] + text[pos + draw(st.integers(1, 20)):]
        elif kind == "truncate":
            text = text[:pos]
        else:
            text = text[:pos] + draw(st.text(max_size=5)) + text[pos:]
    return text


token_soup = st.lists(st.sampled_from(WAT_WORDS), max_size=300).map(" ".join)

FAST = settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.binary(max_size=4096) | st.binary(max_size=64).map(lambda b: b"\0asm\x01\0\0\0" + b))
def test_random_bytes(data):
    checked(decode_and_validate, data)


@FAST
@given(st.data())
def test_mutated_binaries(seed_binaries, data):
    checked(decode_and_validate, data.draw(mutated_binaries(seed_binaries)))


@FAST
@given(st.data())
def test_mutated_function_bodies(seed_binaries, data):
    checked(decode_and_validate, data.draw(mutated_bodies(seed_binaries)))


@FAST
@given(mutated_texts() | token_soup | st.text(max_size=2000))
def test_mutated_and_random_text(text):
    checked(wat2wasm, text)


@pytest.mark.slow
@SLOW
@given(st.data())
def test_mutated_binaries_long(seed_binaries, data):
    checked(decode_and_validate, data.draw(mutated_binaries(seed_binaries)))


@pytest.mark.slow
@SLOW
@given(st.data())
def test_mutated_function_bodies_long(seed_binaries, data):
    checked(decode_and_validate, data.draw(mutated_bodies(seed_binaries)))


@pytest.mark.slow
@SLOW
@given(mutated_texts() | token_soup)
def test_mutated_text_long(text):
    checked(wat2wasm, text)


VOID_TYPE = b"\x01\x04\x01\x60\x00\x00"  # type section: one type [] -> []
ONE_FUNC = b"\x03\x02\x01\x00"  # function section: one function of type 0


def section(section_id: int, payload: bytes) -> bytes:
    return bytes([section_id]) + leb(len(payload)) + payload


def code_section(body: bytes) -> bytes:
    return section(10, b"\x01" + leb(len(body)) + body)


DEPTH = 20_000
HOSTILE_BINARIES = {
    "huge vector count": HEADER + section(1, leb(2**32 - 1)),
    "huge section size": HEADER + b"\x01" + leb(2**32 - 1) + b"\x01",
    "huge local count": HEADER + VOID_TYPE + ONE_FUNC + code_section(b"\x01" + leb(2**32 - 1) + b"\x7f\x0b"),
    "many local groups": HEADER + VOID_TYPE + ONE_FUNC
    + code_section(leb(50_000) + b"\x01\x7f" * 50_000 + b"\x0b"),
    "huge data segment length": HEADER + section(11, b"\x01\x01" + leb(2**32 - 1)),
    "huge name length": HEADER + section(0, leb(2**32 - 1) + b"name"),
    "deep nesting": HEADER + VOID_TYPE + ONE_FUNC
    + code_section(b"\x00" + b"\x02\x40" * DEPTH + b"\x0b" * (DEPTH + 1)),
    "deep nesting, unclosed": HEADER + VOID_TYPE + ONE_FUNC + code_section(b"\x00" + b"\x02\x40" * DEPTH),
    "huge br_table": HEADER + VOID_TYPE + ONE_FUNC + code_section(b"\x00\x41\x00\x0e" + leb(2**32 - 1)),
    "long function": HEADER + VOID_TYPE + ONE_FUNC + code_section(b"\x00" + b"\x01" * 500_000 + b"\x0b"),
}
HOSTILE_TEXTS = {
    "open parens": "(" * DEPTH,
    "deep folded blocks": "(module (func " + "(block " * DEPTH + ")" * (DEPTH + 2),
    "deep flat blocks": "(module (func " + "block " * DEPTH + "end " * DEPTH + "))",
    "unterminated string": '(module (data "' + "x" * 100_000,
    "unterminated comment": "(module (; " + "(; " * 10_000,
    "long number": "(module (func (i32.const " + "9" * 100_000 + ")))",
    "long identifier": "(module (func $" + "a" * 100_000 + "))",
}


@pytest.mark.parametrize("data", HOSTILE_BINARIES.values(), ids=HOSTILE_BINARIES.keys())
def test_hostile_binaries(data):
    checked(decode_and_validate, data)


@pytest.mark.parametrize("text", HOSTILE_TEXTS.values(), ids=HOSTILE_TEXTS.keys())
def test_hostile_texts(text):
    checked(wat2wasm, text)
