"""The instruction set: one table that decode, encode, the text parser, the
validator and the backends all read, so an instruction is described once.

An instruction in a function body is a plain tuple ``(op, *immediates)``;
tuples keep decoding fast.  ``op`` is an int: the opcode byte for one-byte
opcodes, ``prefix << 16 | sub`` for prefixed ones (0xFC misc, 0xFD SIMD).
The immediate layout depends on ``OpInfo.imm``:

=================  ==========================================================
imm                tuple
=================  ==========================================================
``none``           ``(op,)``
``blocktype``      ``(op, bt)`` -- bt is None (no result), a ValueType (one
                   result) or an int (type index)
``label``          ``(op, depth)``
``br_table``       ``(op, (depth, ...), default_depth)``
``func``           ``(op, funcidx)``
``call_indirect``  ``(op, typeidx, tableidx)``
``select_t``       ``(op, (ValueType, ...))``
``local``          ``(op, localidx)``; likewise ``global``, ``table``,
                   ``data`` (data.drop), ``elem`` (elem.drop)
``mem``            ``(op, memidx)`` (memory.size, memory.grow, memory.fill)
``memarg``         ``(op, align_log2, offset, memidx)``
``memarg_lane``    ``(op, align_log2, offset, memidx, lane)``
``i32``/``i64``    ``(op, value)`` -- the unsigned bit pattern, 0 <= v < 2**N
``f32``/``f64``    ``(op, bits)`` -- the IEEE bit pattern as an unsigned int,
                   so NaN payloads survive exactly
``v128``           ``(op, value)`` -- unsigned 128-bit int, little-endian lanes
``reftype``        ``(op, ValueType)`` (ref.null)
``memory.init``    ``(op, dataidx, memidx)``
``memory.copy``    ``(op, dst_memidx, src_memidx)``
``table.init``     ``(op, elemidx, tableidx)``
``table.copy``     ``(op, dst_tableidx, src_tableidx)``
``lane``           ``(op, lane)``
``shuffle``        ``(op, bytes16)`` -- 16 lane indices as ``bytes``
=================  ==========================================================

``OpInfo.params``/``results`` give the fixed signature of instructions that
have one; they are None where typing depends on immediates or context.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from .types import F32, F64, I32, I64, V128, ValueType

MISC_PREFIX = 0xFC
SIMD_PREFIX = 0xFD


@dataclass(frozen=True)
class OpInfo:
    code: int  # op id: the byte, or prefix << 16 | sub
    name: str  # text-format mnemonic
    imm: str  # immediate kind, see the module docstring
    params: tuple[ValueType, ...] | None
    results: tuple[ValueType, ...] | None
    natural_align: int | None = None  # log2 of access width for memory ops

    @property
    def prefix(self) -> int | None:
        return self.code >> 16 if self.code > 0xFF else None

    @property
    def sub(self) -> int:
        return self.code & 0xFFFF


_T = {"i": I32, "I": I64, "f": F32, "F": F64, "v": V128}


def _sig(spec: str | None) -> tuple[tuple[ValueType, ...] | None, tuple[ValueType, ...] | None]:
    if spec is None:
        return None, None
    params, results = spec.split(">")
    return tuple(_T[c] for c in params), tuple(_T[c] for c in results)


# (code, name, immediate kind, signature "params>results" or None, natural alignment)
_TABLE: list[tuple] = []


def _op(code: int, name: str, imm: str = "none", sig: str | None = None, align: int | None = None):
    _TABLE.append((code, name, imm, sig, align))


def _ops(first: int, names: str, sig: str, prefix: int = 0):
    """Consecutive opcodes sharing a signature and taking no immediate."""
    for i, name in enumerate(names.split()):
        _op((prefix << 16) | (first + i), name, "none", sig)


# -- control ----------------------------------------------------------------
_op(0x00, "unreachable", sig=">")
_op(0x01, "nop", sig=">")
_op(0x02, "block", "blocktype")
_op(0x03, "loop", "blocktype")
_op(0x04, "if", "blocktype")
_op(0x05, "else")
_op(0x0B, "end")
_op(0x0C, "br", "label")
_op(0x0D, "br_if", "label")
_op(0x0E, "br_table", "br_table")
_op(0x0F, "return")
_op(0x10, "call", "func")
_op(0x11, "call_indirect", "call_indirect")
# -- reference --------------------------------------------------------------
_op(0xD0, "ref.null", "reftype")
_op(0xD1, "ref.is_null")
_op(0xD2, "ref.func", "func")
# -- parametric -------------------------------------------------------------
_op(0x1A, "drop")
_op(0x1B, "select")
_op(0x1C, "select", "select_t")  # typed select shares the mnemonic
# -- variable ---------------------------------------------------------------
_op(0x20, "local.get", "local")
_op(0x21, "local.set", "local")
_op(0x22, "local.tee", "local")
_op(0x23, "global.get", "global")
_op(0x24, "global.set", "global")
# -- table ------------------------------------------------------------------
_op(0x25, "table.get", "table")
_op(0x26, "table.set", "table")
_op(0xFC000C, "table.init", "table.init", "iii>")
_op(0xFC000D, "elem.drop", "elem", ">")
_op(0xFC000E, "table.copy", "table.copy", "iii>")
_op(0xFC000F, "table.grow", "table")
_op(0xFC0010, "table.size", "table", ">i")
_op(0xFC0011, "table.fill", "table")
# -- memory -----------------------------------------------------------------
for _code, _name, _sig_, _align in [
    (0x28, "i32.load", "i>i", 2), (0x29, "i64.load", "i>I", 3),
    (0x2A, "f32.load", "i>f", 2), (0x2B, "f64.load", "i>F", 3),
    (0x2C, "i32.load8_s", "i>i", 0), (0x2D, "i32.load8_u", "i>i", 0),
    (0x2E, "i32.load16_s", "i>i", 1), (0x2F, "i32.load16_u", "i>i", 1),
    (0x30, "i64.load8_s", "i>I", 0), (0x31, "i64.load8_u", "i>I", 0),
    (0x32, "i64.load16_s", "i>I", 1), (0x33, "i64.load16_u", "i>I", 1),
    (0x34, "i64.load32_s", "i>I", 2), (0x35, "i64.load32_u", "i>I", 2),
    (0x36, "i32.store", "ii>", 2), (0x37, "i64.store", "iI>", 3),
    (0x38, "f32.store", "if>", 2), (0x39, "f64.store", "iF>", 3),
    (0x3A, "i32.store8", "ii>", 0), (0x3B, "i32.store16", "ii>", 1),
    (0x3C, "i64.store8", "iI>", 0), (0x3D, "i64.store16", "iI>", 1),
    (0x3E, "i64.store32", "iI>", 2),
]:
    _op(_code, _name, "memarg", _sig_, _align)
_op(0x3F, "memory.size", "mem", ">i")
_op(0x40, "memory.grow", "mem", "i>i")
_op(0xFC0008, "memory.init", "memory.init", "iii>")
_op(0xFC0009, "data.drop", "data", ">")
_op(0xFC000A, "memory.copy", "memory.copy", "iii>")
_op(0xFC000B, "memory.fill", "mem", "iii>")
# -- numeric ----------------------------------------------------------------
_op(0x41, "i32.const", "i32", ">i")
_op(0x42, "i64.const", "i64", ">I")
_op(0x43, "f32.const", "f32", ">f")
_op(0x44, "f64.const", "f64", ">F")
_ops(0x45, "i32.eqz", "i>i")
_ops(0x46, "i32.eq i32.ne i32.lt_s i32.lt_u i32.gt_s i32.gt_u i32.le_s i32.le_u i32.ge_s i32.ge_u", "ii>i")
_ops(0x50, "i64.eqz", "I>i")
_ops(0x51, "i64.eq i64.ne i64.lt_s i64.lt_u i64.gt_s i64.gt_u i64.le_s i64.le_u i64.ge_s i64.ge_u", "II>i")
_ops(0x5B, "f32.eq f32.ne f32.lt f32.gt f32.le f32.ge", "ff>i")
_ops(0x61, "f64.eq f64.ne f64.lt f64.gt f64.le f64.ge", "FF>i")
_ops(0x67, "i32.clz i32.ctz i32.popcnt", "i>i")
_ops(0x6A, "i32.add i32.sub i32.mul i32.div_s i32.div_u i32.rem_s i32.rem_u i32.and i32.or "
           "i32.xor i32.shl i32.shr_s i32.shr_u i32.rotl i32.rotr", "ii>i")
_ops(0x79, "i64.clz i64.ctz i64.popcnt", "I>I")
_ops(0x7C, "i64.add i64.sub i64.mul i64.div_s i64.div_u i64.rem_s i64.rem_u i64.and i64.or "
           "i64.xor i64.shl i64.shr_s i64.shr_u i64.rotl i64.rotr", "II>I")
_ops(0x8B, "f32.abs f32.neg f32.ceil f32.floor f32.trunc f32.nearest f32.sqrt", "f>f")
_ops(0x92, "f32.add f32.sub f32.mul f32.div f32.min f32.max f32.copysign", "ff>f")
_ops(0x99, "f64.abs f64.neg f64.ceil f64.floor f64.trunc f64.nearest f64.sqrt", "F>F")
_ops(0xA0, "f64.add f64.sub f64.mul f64.div f64.min f64.max f64.copysign", "FF>F")
for _code, _name, _sig_ in [
    (0xA7, "i32.wrap_i64", "I>i"),
    (0xA8, "i32.trunc_f32_s", "f>i"), (0xA9, "i32.trunc_f32_u", "f>i"),
    (0xAA, "i32.trunc_f64_s", "F>i"), (0xAB, "i32.trunc_f64_u", "F>i"),
    (0xAC, "i64.extend_i32_s", "i>I"), (0xAD, "i64.extend_i32_u", "i>I"),
    (0xAE, "i64.trunc_f32_s", "f>I"), (0xAF, "i64.trunc_f32_u", "f>I"),
    (0xB0, "i64.trunc_f64_s", "F>I"), (0xB1, "i64.trunc_f64_u", "F>I"),
    (0xB2, "f32.convert_i32_s", "i>f"), (0xB3, "f32.convert_i32_u", "i>f"),
    (0xB4, "f32.convert_i64_s", "I>f"), (0xB5, "f32.convert_i64_u", "I>f"),
    (0xB6, "f32.demote_f64", "F>f"),
    (0xB7, "f64.convert_i32_s", "i>F"), (0xB8, "f64.convert_i32_u", "i>F"),
    (0xB9, "f64.convert_i64_s", "I>F"), (0xBA, "f64.convert_i64_u", "I>F"),
    (0xBB, "f64.promote_f32", "f>F"),
    (0xBC, "i32.reinterpret_f32", "f>i"), (0xBD, "i64.reinterpret_f64", "F>I"),
    (0xBE, "f32.reinterpret_i32", "i>f"), (0xBF, "f64.reinterpret_i64", "I>F"),
    (0xC0, "i32.extend8_s", "i>i"), (0xC1, "i32.extend16_s", "i>i"),
    (0xC2, "i64.extend8_s", "I>I"), (0xC3, "i64.extend16_s", "I>I"), (0xC4, "i64.extend32_s", "I>I"),
    (0xFC0000, "i32.trunc_sat_f32_s", "f>i"), (0xFC0001, "i32.trunc_sat_f32_u", "f>i"),
    (0xFC0002, "i32.trunc_sat_f64_s", "F>i"), (0xFC0003, "i32.trunc_sat_f64_u", "F>i"),
    (0xFC0004, "i64.trunc_sat_f32_s", "f>I"), (0xFC0005, "i64.trunc_sat_f32_u", "f>I"),
    (0xFC0006, "i64.trunc_sat_f64_s", "F>I"), (0xFC0007, "i64.trunc_sat_f64_u", "F>I"),
]:
    _op(_code, _name, "none", _sig_)

# -- SIMD (0xFD prefix) -----------------------------------------------------
_S = SIMD_PREFIX
for _sub, _name, _sig_, _align in [
    (0, "v128.load", "i>v", 4),
    (1, "v128.load8x8_s", "i>v", 3), (2, "v128.load8x8_u", "i>v", 3),
    (3, "v128.load16x4_s", "i>v", 3), (4, "v128.load16x4_u", "i>v", 3),
    (5, "v128.load32x2_s", "i>v", 3), (6, "v128.load32x2_u", "i>v", 3),
    (7, "v128.load8_splat", "i>v", 0), (8, "v128.load16_splat", "i>v", 1),
    (9, "v128.load32_splat", "i>v", 2), (10, "v128.load64_splat", "i>v", 3),
    (11, "v128.store", "iv>", 4),
    (92, "v128.load32_zero", "i>v", 2), (93, "v128.load64_zero", "i>v", 3),
]:
    _op(_S << 16 | _sub, _name, "memarg", _sig_, _align)
for _sub, _name, _sig_, _align in [
    (84, "v128.load8_lane", "iv>v", 0), (85, "v128.load16_lane", "iv>v", 1),
    (86, "v128.load32_lane", "iv>v", 2), (87, "v128.load64_lane", "iv>v", 3),
    (88, "v128.store8_lane", "iv>", 0), (89, "v128.store16_lane", "iv>", 1),
    (90, "v128.store32_lane", "iv>", 2), (91, "v128.store64_lane", "iv>", 3),
]:
    _op(_S << 16 | _sub, _name, "memarg_lane", _sig_, _align)
_op(_S << 16 | 12, "v128.const", "v128", ">v")
_op(_S << 16 | 13, "i8x16.shuffle", "shuffle", "vv>v")
_ops(14, "i8x16.swizzle", "vv>v", _S)
for _sub, _shape, _scalar in [(15, "i8x16", "i"), (16, "i16x8", "i"), (17, "i32x4", "i"),
                              (18, "i64x2", "I"), (19, "f32x4", "f"), (20, "f64x2", "F")]:
    _op(_S << 16 | _sub, _shape + ".splat", "none", _scalar + ">v")
for _sub, _name, _sig_ in [
    (21, "i8x16.extract_lane_s", "v>i"), (22, "i8x16.extract_lane_u", "v>i"),
    (23, "i8x16.replace_lane", "vi>v"),
    (24, "i16x8.extract_lane_s", "v>i"), (25, "i16x8.extract_lane_u", "v>i"),
    (26, "i16x8.replace_lane", "vi>v"),
    (27, "i32x4.extract_lane", "v>i"), (28, "i32x4.replace_lane", "vi>v"),
    (29, "i64x2.extract_lane", "v>I"), (30, "i64x2.replace_lane", "vI>v"),
    (31, "f32x4.extract_lane", "v>f"), (32, "f32x4.replace_lane", "vf>v"),
    (33, "f64x2.extract_lane", "v>F"), (34, "f64x2.replace_lane", "vF>v"),
]:
    _op(_S << 16 | _sub, _name, "lane", _sig_)
_INT_CMP = "eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u"
_FLOAT_CMP = "eq ne lt gt le ge"
_ops(35, " ".join("i8x16." + n for n in _INT_CMP.split()), "vv>v", _S)
_ops(45, " ".join("i16x8." + n for n in _INT_CMP.split()), "vv>v", _S)
_ops(55, " ".join("i32x4." + n for n in _INT_CMP.split()), "vv>v", _S)
_ops(65, " ".join("f32x4." + n for n in _FLOAT_CMP.split()), "vv>v", _S)
_ops(71, " ".join("f64x2." + n for n in _FLOAT_CMP.split()), "vv>v", _S)
_ops(77, "v128.not", "v>v", _S)
_ops(78, "v128.and v128.andnot v128.or v128.xor", "vv>v", _S)
_ops(82, "v128.bitselect", "vvv>v", _S)
_ops(83, "v128.any_true", "v>i", _S)
_ops(94, "f32x4.demote_f64x2_zero f64x2.promote_low_f32x4", "v>v", _S)
for _shape, _base in [("i8x16", 96), ("i16x8", 128), ("i32x4", 160), ("i64x2", 192)]:
    _ops(_base, f"{_shape}.abs {_shape}.neg", "v>v", _S)
    _ops(_base + 3, f"{_shape}.all_true {_shape}.bitmask", "v>i", _S)
    _ops(_base + 11, f"{_shape}.shl {_shape}.shr_s {_shape}.shr_u", "vi>v", _S)
    _ops(_base + 14, f"{_shape}.add", "vv>v", _S)
    _ops(_base + 17, f"{_shape}.sub", "vv>v", _S)
_ops(98, "i8x16.popcnt", "v>v", _S)
_ops(101, "i8x16.narrow_i16x8_s i8x16.narrow_i16x8_u", "vv>v", _S)
_ops(103, "f32x4.ceil f32x4.floor f32x4.trunc f32x4.nearest", "v>v", _S)
_ops(111, "i8x16.add_sat_s i8x16.add_sat_u", "vv>v", _S)
_ops(114, "i8x16.sub_sat_s i8x16.sub_sat_u", "vv>v", _S)
_ops(116, "f64x2.ceil f64x2.floor", "v>v", _S)
_ops(118, "i8x16.min_s i8x16.min_u i8x16.max_s i8x16.max_u", "vv>v", _S)
_ops(122, "f64x2.trunc", "v>v", _S)
_ops(123, "i8x16.avgr_u", "vv>v", _S)
_ops(124, "i16x8.extadd_pairwise_i8x16_s i16x8.extadd_pairwise_i8x16_u "
          "i32x4.extadd_pairwise_i16x8_s i32x4.extadd_pairwise_i16x8_u", "v>v", _S)
_ops(130, "i16x8.q15mulr_sat_s", "vv>v", _S)
_ops(133, "i16x8.narrow_i32x4_s i16x8.narrow_i32x4_u", "vv>v", _S)
_ops(135, "i16x8.extend_low_i8x16_s i16x8.extend_high_i8x16_s "
          "i16x8.extend_low_i8x16_u i16x8.extend_high_i8x16_u", "v>v", _S)
_ops(143, "i16x8.add_sat_s i16x8.add_sat_u", "vv>v", _S)
_ops(146, "i16x8.sub_sat_s i16x8.sub_sat_u", "vv>v", _S)
_ops(148, "f64x2.nearest", "v>v", _S)
_ops(149, "i16x8.mul i16x8.min_s i16x8.min_u i16x8.max_s i16x8.max_u", "vv>v", _S)
_ops(155, "i16x8.avgr_u", "vv>v", _S)
_ops(156, "i16x8.extmul_low_i8x16_s i16x8.extmul_high_i8x16_s "
          "i16x8.extmul_low_i8x16_u i16x8.extmul_high_i8x16_u", "vv>v", _S)
_ops(167, "i32x4.extend_low_i16x8_s i32x4.extend_high_i16x8_s "
          "i32x4.extend_low_i16x8_u i32x4.extend_high_i16x8_u", "v>v", _S)
_ops(181, "i32x4.mul i32x4.min_s i32x4.min_u i32x4.max_s i32x4.max_u i32x4.dot_i16x8_s", "vv>v", _S)
_ops(188, "i32x4.extmul_low_i16x8_s i32x4.extmul_high_i16x8_s "
          "i32x4.extmul_low_i16x8_u i32x4.extmul_high_i16x8_u", "vv>v", _S)
_ops(199, "i64x2.extend_low_i32x4_s i64x2.extend_high_i32x4_s "
          "i64x2.extend_low_i32x4_u i64x2.extend_high_i32x4_u", "v>v", _S)
_ops(213, "i64x2.mul i64x2.eq i64x2.ne i64x2.lt_s i64x2.gt_s i64x2.le_s i64x2.ge_s", "vv>v", _S)
_ops(220, "i64x2.extmul_low_i32x4_s i64x2.extmul_high_i32x4_s "
          "i64x2.extmul_low_i32x4_u i64x2.extmul_high_i32x4_u", "vv>v", _S)
for _shape, _base in [("f32x4", 224), ("f64x2", 236)]:
    _ops(_base, f"{_shape}.abs {_shape}.neg", "v>v", _S)
    _ops(_base + 3, f"{_shape}.sqrt", "v>v", _S)
    _ops(_base + 4, " ".join(f"{_shape}.{n}" for n in "add sub mul div min max pmin pmax".split()),
         "vv>v", _S)
_ops(248, "i32x4.trunc_sat_f32x4_s i32x4.trunc_sat_f32x4_u f32x4.convert_i32x4_s "
          "f32x4.convert_i32x4_u i32x4.trunc_sat_f64x2_s_zero i32x4.trunc_sat_f64x2_u_zero "
          "f64x2.convert_low_i32x4_s f64x2.convert_low_i32x4_u", "v>v", _S)


def _build() -> tuple[dict[int, OpInfo], dict[str, OpInfo]]:
    by_code: dict[int, OpInfo] = {}
    by_name: dict[str, OpInfo] = {}
    for code, name, imm, sig, align in _TABLE:
        assert code not in by_code, hex(code)
        params, results = _sig(sig)
        info = OpInfo(code, name, imm, params, results, align)
        by_code[code] = info
        by_name.setdefault(name, info)  # "select" names the untyped form
    return by_code, by_name


OPS, OPS_BY_NAME = _build()
"""Every instruction, by op id and by text mnemonic."""

Op = enum.IntEnum("Op", {
    ("SELECT_T" if info.imm == "select_t" else info.name.upper().replace(".", "_")): code
    for code, info in OPS.items()
})
"""Op ids by Python-friendly name: ``Op.I32_ADD``, ``Op.BLOCK``, ``Op.SELECT_T``..."""
