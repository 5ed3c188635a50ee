"""Decoding instruction sequences: function bodies and constant expressions.

This is the decoder's hot path, so it is one loop over the bytes with local
aliases and a per-opcode dispatch precomputed from the instruction table:
immediate-free instructions (and the most common small immediates) are
shared prebuilt tuples, single-byte LEB128 immediates take a fast path, and
the rare cases (prefixed opcodes, multi-byte LEBs) go through helpers.

Reads are bounded by the end of the whole binary (an ``IndexError`` there is
turned into "unexpected end"); callers check that a body ended exactly at
its declared size.  Block structure is tracked only as far as the binary
grammar needs it: ``else`` is allowed once per ``if`` and the sequence ends
at the ``end`` that closes depth zero.
"""

from __future__ import annotations

from array import array

from ..errors import DecodeError
from ..syntax.opcodes import MISC_PREFIX, OPS, SIMD_PREFIX, Op
from ..syntax.types import VALUE_TYPE_BY_CODE, ValueType
from .leb128 import UNEXPECTED_END, read_s32, read_signed
from .leb128 import read_u32 as u32
from .reader import REF_TYPE_BY_CODE

# Dispatch kinds of one-byte opcodes, roughly in order of frequency.
(K_INDEX, K_SIMPLE, K_MEMARG, K_I32, K_END, K_BLOCK, K_ELSE, K_I64, K_F32, K_F64, K_BR_TABLE,
 K_CALL_INDIRECT, K_MEM, K_SELECT_T, K_REFTYPE, K_PREFIX, K_ILLEGAL) = range(17)

_KIND_BY_IMM = {
    "none": K_SIMPLE, "local": K_INDEX, "global": K_INDEX, "table": K_INDEX, "label": K_INDEX,
    "func": K_INDEX, "memarg": K_MEMARG, "i32": K_I32, "i64": K_I64, "f32": K_F32, "f64": K_F64,
    "blocktype": K_BLOCK, "br_table": K_BR_TABLE, "call_indirect": K_CALL_INDIRECT,
    "mem": K_MEM, "select_t": K_SELECT_T, "reftype": K_REFTYPE,
}
SMALL = 128  # immediates below this fit one LEB byte and get shared tuples

KINDS = [K_ILLEGAL] * 256
SIMPLE: list[tuple | None] = [None] * 256
SMALL_INDEX: list[list[tuple] | None] = [None] * 256  # (op, i) for i < SMALL
for _code, _info in OPS.items():
    if _code <= 0xFF:
        KINDS[_code] = _KIND_BY_IMM[_info.imm]
        if KINDS[_code] == K_SIMPLE:
            SIMPLE[_code] = (_code,)
        elif KINDS[_code] == K_INDEX:
            SMALL_INDEX[_code] = [(_code, i) for i in range(SMALL)]
KINDS[Op.END], KINDS[Op.ELSE] = K_END, K_ELSE
KINDS[MISC_PREFIX] = KINDS[SIMD_PREFIX] = K_PREFIX
# Op members are IntEnums; instruction tuples hold plain ints, which compare equal.
END = (int(Op.END),)
ELSE = (int(Op.ELSE),)
# One-byte signed LEB128 constants: byte -> shared (op, unsigned bit pattern).
SMALL_I32 = [(int(Op.I32_CONST), (b - 128 if b & 0x40 else b) & 0xFFFFFFFF) for b in range(128)]
SMALL_I64 = [(int(Op.I64_CONST), (b - 128 if b & 0x40 else b) & 0xFFFFFFFFFFFFFFFF) for b in range(128)]
MEMORY_ZERO = {int(code): (int(code), 0) for code in (Op.MEMORY_SIZE, Op.MEMORY_GROW)}
# Blocks with an empty or one-value-type blocktype: (byte << 8 | op) -> shared tuple.
BLOCKS = {0x40 << 8 | op: (op, None) for op in (0x02, 0x03, 0x04)}
BLOCKS.update({code << 8 | op: (op, t) for op in (0x02, 0x03, 0x04)
               for code, t in VALUE_TYPE_BY_CODE.items()})
DATA_OPS = frozenset({int(Op.MEMORY_INIT), int(Op.DATA_DROP)})
OP_IF = int(Op.IF)
# Prefixed instructions by op id: their immediate kind, and shared tuples for those without.
PREFIXED_IMM = {code: info.imm for code, info in OPS.items() if code > 0xFF}
PREFIXED_SIMPLE = {code: (code,) for code, imm in PREFIXED_IMM.items() if imm == "none"}
MAX_ALIGN = 32  # memarg alignment exponents from here on are malformed


def fixed(data: bytes, p: int, n: int) -> int:
    """An n-byte little-endian unsigned integer at p (float bits, v128)."""
    if p + n > len(data):
        raise DecodeError(UNEXPECTED_END, len(data))
    return int.from_bytes(data[p:p + n], "little")


def memarg(data: bytes, p: int) -> tuple[int, int, int]:
    """Alignment exponent and offset of a memory instruction; returns (align, offset, pos)."""
    start = p
    align, p = u32(data, p)
    if align >= MAX_ALIGN:
        raise DecodeError("malformed memop flags", start)
    offset, p = u32(data, p)
    return align, offset, p


def zero_byte(data: bytes, p: int) -> int:
    """Check the reserved zero byte (memory index in Wasm 2.0) at p; return p + 1."""
    if data[p] != 0:
        raise DecodeError("zero byte expected", p)
    return p + 1


def value_type(data: bytes, p: int) -> ValueType:
    t = VALUE_TYPE_BY_CODE.get(data[p])
    if t is None:
        raise DecodeError("malformed value type", p)
    return t


def type_index_block_type(data: bytes, p: int) -> tuple[int, int]:
    """A blocktype that is a type index: a non-negative s33 (a negative one
    that is not a single byte is no value type either)."""
    index, q = read_signed(data, p, 33)
    if index < 0:
        raise DecodeError("malformed block type", p)
    return index, q


def decode_prefixed(data: bytes, p: int, prefix: int) -> tuple[tuple, int]:
    """One 0xFC or 0xFD instruction whose prefix byte is at p - 1."""
    start = p - 1
    sub, p = u32(data, p)
    op = prefix << 16 | sub
    simple = PREFIXED_SIMPLE.get(op)
    if simple is not None:
        return simple, p
    imm = PREFIXED_IMM.get(op)
    if imm is None:
        raise DecodeError(f"illegal opcode {prefix:02x} {sub:02x}", start)
    if imm == "memarg":
        align, offset, p = memarg(data, p)
        return (op, align, offset, 0), p
    if imm == "memarg_lane":
        align, offset, p = memarg(data, p)
        return (op, align, offset, 0, data[p]), p + 1
    if imm == "lane":
        return (op, data[p]), p + 1
    if imm == "v128":
        return (op, fixed(data, p, 16)), p + 16
    if imm == "shuffle":
        fixed(data, p, 16)
        return (op, data[p:p + 16]), p + 16
    if imm == "mem":  # memory.fill
        return (op, 0), zero_byte(data, p)
    if imm == "memory.copy":
        return (op, 0, 0), zero_byte(data, zero_byte(data, p))
    if imm == "memory.init":
        index, p = u32(data, p)
        return (op, index, 0), zero_byte(data, p)
    first, p = u32(data, p)
    if imm in ("table.init", "table.copy"):
        second, p = u32(data, p)
        return (op, first, second), p
    return (op, first), p  # data, elem, table: one index


def decode_expr(data: bytes, p: int,
                memo: dict[int, tuple]) -> tuple[list[tuple], array, int, bool]:
    """Decode instructions from p through the ``end`` closing depth zero.

    ``memo`` maps ``payload << 8 | opcode`` to an instruction tuple already
    made, so equal instructions share one tuple (pass the same dict for a
    whole module: it saves memory and garbage-collector work).  Returns
    (instructions, byte offset of each as an ``array('I')``, next position,
    whether memory.init or data.drop occurs, which needs the data count
    section).
    """
    instrs: list[tuple] = []
    offsets = array("I")
    append = instrs.append
    offset = offsets.append
    memo_get = memo.get
    kinds = KINDS
    simple = SIMPLE
    small_index = SMALL_INDEX
    small_i32 = SMALL_I32
    ifs: list[bool] = []  # per open block: is it an ``if`` that may still take ``else``
    push = ifs.append
    uses_data = False
    try:
        while True:
            b = data[p]
            offset(p)
            p += 1
            k = kinds[b]
            if k == K_INDEX:
                v = data[p]
                if v < 0x80:
                    p += 1
                    append(small_index[b][v])
                    continue
                v, p = u32(data, p)
                key = v << 8 | b
                instr = memo_get(key)
                if instr is None:
                    instr = memo[key] = (b, v)
                append(instr)
            elif k == K_SIMPLE:
                append(simple[b])
            elif k == K_MEMARG:
                align = data[p]
                if align < MAX_ALIGN:
                    v = data[p + 1]
                    if v < 0x80:
                        p += 2
                    else:
                        v, p = u32(data, p + 1)
                else:
                    align, v, p = memarg(data, p)
                key = (v << 5 | align) << 8 | b
                instr = memo_get(key)
                if instr is None:
                    instr = memo[key] = (b, align, v, 0)
                append(instr)
            elif k == K_I32:
                v = data[p]
                if v < 0x80:
                    p += 1
                    append(small_i32[v])
                    continue
                v, p = read_s32(data, p)
                key = v << 8 | b
                instr = memo_get(key)
                if instr is None:
                    instr = memo[key] = (b, v & 0xFFFFFFFF)
                append(instr)
            elif k == K_END:
                append(END)
                if not ifs:
                    break
                ifs.pop()
            elif k == K_BLOCK:
                bt = data[p]
                if bt & 0xC0 == 0x40:  # one byte: empty (0x40) or a value type
                    instr = BLOCKS.get(bt << 8 | b)
                    if instr is None:
                        raise DecodeError("malformed value type", p)
                    p += 1
                else:
                    bt, p = type_index_block_type(data, p)
                    instr = (b, bt)
                append(instr)
                push(b == OP_IF)
            elif k == K_ELSE:
                if not ifs or not ifs[-1]:
                    raise DecodeError("END opcode expected", p - 1)
                ifs[-1] = False
                append(ELSE)
            elif k == K_I64:
                v = data[p]
                if v < 0x80:
                    p += 1
                    append(SMALL_I64[v])
                else:
                    v, p = read_signed(data, p, 64)
                    append((b, v & 0xFFFFFFFFFFFFFFFF))
            elif k == K_F32:
                append((b, fixed(data, p, 4)))
                p += 4
            elif k == K_F64:
                append((b, fixed(data, p, 8)))
                p += 8
            elif k == K_BR_TABLE:
                n, p = u32(data, p)
                labels = []
                for _ in range(n):  # each label takes a byte: bounded by the data
                    v, p = u32(data, p)
                    labels.append(v)
                v, p = u32(data, p)
                append((b, tuple(labels), v))
            elif k == K_CALL_INDIRECT:
                type_index, p = u32(data, p)
                table_index, p = u32(data, p)
                append((b, type_index, table_index))
            elif k == K_MEM:
                p = zero_byte(data, p)
                append(MEMORY_ZERO[b])
            elif k == K_SELECT_T:
                n, p = u32(data, p)
                types = []
                for _ in range(n):
                    types.append(value_type(data, p))
                    p += 1
                append((b, tuple(types)))
            elif k == K_REFTYPE:
                t = REF_TYPE_BY_CODE.get(data[p])
                if t is None:
                    raise DecodeError("malformed reference type", p)
                p += 1
                append((b, t))
            elif k == K_PREFIX:
                instr, p = decode_prefixed(data, p, b)
                append(instr)
                if instr[0] in DATA_OPS:
                    uses_data = True
            else:
                raise DecodeError(f"illegal opcode {b:02x}", p - 1)
    except IndexError:
        raise DecodeError(UNEXPECTED_END, len(data)) from None
    return instrs, offsets, p, uses_data
