"""C for numeric instructions: constants, arithmetic, comparisons, conversions.

Each instruction maps to a template: an *expression* (assigned to the result
temporary) or, for instructions that can trap, *statements*.  Placeholders:
``{a}``, ``{b}`` the operands, ``{r}`` the result, ``@TRAP(CODE)`` a trap with
``WASMIC_TRAP_CODE`` at this instruction.  Templates never contain undefined
behaviour: integers are unsigned, shift counts masked, divisions checked
(zero, and INT_MIN / -1), float -> int conversions range-checked against
exact, exclusive bounds before the C cast (``wasmic_fits_*`` in
``wasmic_num.h``, which holds the bounds).
"""

from __future__ import annotations

import itertools
import math
import struct

from ...syntax.opcodes import OPS

# -- integers -------------------------------------------------------------------

_CMP = {"eq": "==", "ne": "!=", "lt": "<", "gt": ">", "le": "<=", "ge": ">="}


def _int_templates(w: int) -> dict[str, str]:
    u, s = f"uint{w}_t", f"int{w}_t"
    mask, suffix = w - 1, "u" if w == 32 else "ull"
    int_min, minus_one = (f"0x80000000{suffix}", f"0xffffffff{suffix}") if w == 32 else \
        (f"0x8000000000000000{suffix}", f"0xffffffffffffffff{suffix}")
    p = f"i{w}."
    t = {
        p + "eqz": "(uint32_t)({a} == 0)",
        p + "clz": f"wasmic_clz{w}({{a}})", p + "ctz": f"wasmic_ctz{w}({{a}})",
        p + "popcnt": f"({u})__builtin_popcount{'' if w == 32 else 'll'}({{a}})",
        p + "add": "{a} + {b}", p + "sub": "{a} - {b}", p + "mul": "{a} * {b}",
        p + "and": "{a} & {b}", p + "or": "{a} | {b}", p + "xor": "{a} ^ {b}",
        p + "shl": f"{{a}} << ({{b}} & {mask})", p + "shr_u": f"{{a}} >> ({{b}} & {mask})",
        p + "shr_s": f"wasmic_shrs{w}({{a}}, {{b}})",
        p + "rotl": f"wasmic_rotl{w}({{a}}, {{b}})", p + "rotr": f"wasmic_rotr{w}({{a}}, {{b}})",
        p + "div_u": "if ({b} == 0) @TRAP(INTEGER_DIVISION_BY_ZERO); {r} = {a} / {b};",
        p + "rem_u": "if ({b} == 0) @TRAP(INTEGER_DIVISION_BY_ZERO); {r} = {a} % {b};",
        p + "div_s": ("if ({b} == 0) @TRAP(INTEGER_DIVISION_BY_ZERO); "
                      f"if ({{a}} == {int_min} && {{b}} == {minus_one}) @TRAP(INTEGER_OVERFLOW); "
                      f"{{r}} = ({u})(({s}){{a}} / ({s}){{b}});"),
        p + "rem_s": ("if ({b} == 0) @TRAP(INTEGER_DIVISION_BY_ZERO); "
                      f"{{r}} = {{b}} == {minus_one} ? 0 : ({u})(({s}){{a}} % ({s}){{b}});"),
        p + "extend8_s": f"({u})({s})(int8_t){{a}}", p + "extend16_s": f"({u})({s})(int16_t){{a}}",
    }
    for name, op in _CMP.items():
        if name in ("eq", "ne"):
            t[p + name] = f"(uint32_t)({{a}} {op} {{b}})"
        else:
            t[p + name + "_u"] = f"(uint32_t)({{a}} {op} {{b}})"
            t[p + name + "_s"] = f"(uint32_t)(({s}){{a}} {op} ({s}){{b}})"
    return t


# -- floats ---------------------------------------------------------------------

def _float_templates(w: int) -> dict[str, str]:
    f = "f" if w == 32 else ""  # suffix of the helpers in wasmic_num.h
    p = f"f{w}."
    t = {p + name: f"wasmic_{name}{f}({{a}})"
         for name in ("ceil", "floor", "trunc", "nearest", "sqrt")}
    t.update({p + "abs": f"wasmic_abs{f}({{a}})", p + "neg": f"wasmic_neg{f}({{a}})",
              p + "add": "{a} + {b}", p + "sub": "{a} - {b}", p + "mul": "{a} * {b}",
              p + "div": "{a} / {b}", p + "min": f"wasmic_min{f}({{a}}, {{b}})",
              p + "max": f"wasmic_max{f}({{a}}, {{b}})",
              p + "copysign": f"wasmic_copysign{f}({{a}}, {{b}})"})
    for name, op in _CMP.items():
        t[p + name] = f"(uint32_t)({{a}} {op} {{b}})"
    return t


# -- conversions ----------------------------------------------------------------

def _conversion_templates() -> dict[str, str]:
    t = {
        "i32.wrap_i64": "(uint32_t){a}",
        "i64.extend_i32_s": "(uint64_t)(int64_t)(int32_t){a}", "i64.extend_i32_u": "(uint64_t){a}",
        "i64.extend32_s": "(uint64_t)(int64_t)(int32_t){a}",
        "f32.demote_f64": "wasmic_demote({a})", "f64.promote_f32": "wasmic_promote({a})",
        "i32.reinterpret_f32": "wasmic_f32_bits({a})", "i64.reinterpret_f64": "wasmic_f64_bits({a})",
        "f32.reinterpret_i32": "wasmic_f32_from({a})", "f64.reinterpret_i64": "wasmic_f64_from({a})",
    }
    for it, ft, sign in itertools.product(("i32", "i64"), ("f32", "f64"), "su"):
        w, name = it[1:], f"{it}_{ft}_{sign}"
        ctype = f"{'u' if sign == 'u' else ''}int{w}_t"
        t[f"{it}.trunc_{ft}_{sign}"] = (
            "if ({a} != {a}) @TRAP(BAD_CONVERSION_TO_INTEGER); "
            f"if (!wasmic_fits_{name}({{a}})) @TRAP(INTEGER_OVERFLOW); "
            f"{{r}} = (uint{w}_t)({ctype}){{a}};")
        t[f"{it}.trunc_sat_{ft}_{sign}"] = f"wasmic_sat_{name}({{a}})"
    for ft, ctype in (("f32", "float"), ("f64", "double")):
        t[f"{ft}.convert_i32_s"] = f"({ctype})(int32_t){{a}}"
        t[f"{ft}.convert_i32_u"] = f"({ctype}){{a}}"
        t[f"{ft}.convert_i64_s"] = f"({ctype})(int64_t){{a}}"
        t[f"{ft}.convert_i64_u"] = f"({ctype}){{a}}"
    return t


TEMPLATES: dict[str, str] = {**_int_templates(32), **_int_templates(64), **_float_templates(32),
                             **_float_templates(64), **_conversion_templates()}
"""Mnemonic -> C template, for every numeric instruction but the constants."""

NUMERIC_OPS: dict[int, str] = {code: TEMPLATES[info.name] for code, info in OPS.items()
                               if info.name in TEMPLATES}
"""Op id -> template."""


# -- constants ------------------------------------------------------------------

def f32_literal(bits: int) -> str:
    """A C expression for the f32 with IEEE bits ``bits`` (NaN payloads kept)."""
    value = struct.unpack("<f", struct.pack("<I", bits))[0]
    if math.isfinite(value):
        return f"{value.hex()}f"
    return f"wasmic_f32_from({bits:#x}u)"


def f64_literal(bits: int) -> str:
    """A C expression for the f64 with IEEE bits ``bits`` (NaN payloads kept)."""
    value = struct.unpack("<d", struct.pack("<Q", bits))[0]
    if math.isfinite(value):
        return value.hex()
    return f"wasmic_f64_from({bits:#x}ull)"


def const_literal(name: str, value: int) -> str:
    """The C literal of a ``*.const`` instruction's immediate."""
    if name == "i32.const":
        return f"{value:#x}u"
    if name == "i64.const":
        return f"{value:#x}ull"
    return f32_literal(value) if name == "f32.const" else f64_literal(value)


def render(template: str, args: list[str], result: str | None, trap) -> str:
    """Fill ``template`` into one C statement assigning ``result``.

    ``trap(code)`` gives the C statement raising a trap with that code.
    """
    fields = {"a": args[0] if args else "", "b": args[1] if len(args) > 1 else "", "r": result}
    text = template.format(**fields)
    while "@TRAP(" in text:
        start = text.index("@TRAP(")
        end = text.index(")", start)
        text = text[:start] + trap(text[start + 6:end]) + text[end + 1:]
    if text.endswith(";"):
        return text
    return f"{result} = {text};"
