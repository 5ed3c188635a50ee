"""Decoding instruction sequences: function bodies and constant expressions.

This is the decoder's hot path, so it is one loop over the bytes with a
per-opcode dispatch precomputed from the instruction table: immediate-free
instructions (and the most common small immediates) are shared prebuilt
tuples, single-byte LEB128 immediates take a fast path, and the rare cases
(prefixed opcodes, multi-byte LEBs) go through helpers.  Byte offsets are
not recorded per instruction, only the lengths that differ from the usual
(see ``offsets``).

Reads are bounded by the end of the sequence given (an ``IndexError`` there
is turned into "unexpected end"); callers check that a body ended exactly at
its declared size.  Block structure is tracked only as far as the binary
grammar needs it: ``else`` is allowed once per ``if`` and the sequence ends
at the ``end`` that closes depth zero.
"""

from __future__ import annotations

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

# Encoded length of an instruction by kind when its immediates take their
# shortest form (one LEB128 byte each); ``decode_expr`` records the others.
_LENGTH_BY_KIND = {K_INDEX: 2, K_SIMPLE: 1, K_MEMARG: 3, K_I32: 2, K_END: 1, K_BLOCK: 2,
                   K_ELSE: 1, K_I64: 2, K_F32: 5, K_F64: 9, K_MEM: 2, K_REFTYPE: 2}
LENGTH = {code: _LENGTH_BY_KIND.get(KINDS[code], 0) if code <= 0xFF else 0 for code in OPS}
"""Op id -> encoded length of the instruction unless ``decode_expr`` recorded another."""


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


def br_table(data: bytes, p: int) -> tuple[tuple, int]:
    """The label vector and default label of a ``br_table`` whose opcode is at p - 1."""
    n, p = u32(data, p)
    labels = []
    for _ in range(n):  # each label takes a byte: bounded by the data
        v, p = u32(data, p)
        labels.append(v)
    v, p = u32(data, p)
    return (int(Op.BR_TABLE), tuple(labels), v), p


def select_t(data: bytes, p: int) -> tuple[tuple, int]:
    """A typed ``select`` whose opcode is at p - 1: its vector of value types."""
    n, p = u32(data, p)
    types = []
    for _ in range(n):
        types.append(value_type(data, p))
        p += 1
    return (int(Op.SELECT_T), tuple(types)), p


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
        return (op, bytes(data[p:p + 16])), p + 16
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


def decode_body(data: bytes, start: int, end: int,
                memo: dict[int, tuple]) -> tuple[list[tuple], dict[int, int], int, bool]:
    """``decode_expr`` for a function body declared to span ``data[start:end]``.

    It decodes from a list of the body's bytes: indexing a list is several
    times cheaper than indexing bytes, and positions counted from the body
    start stay small ints.  Anything malformed is decoded again from ``data``
    itself, which gives the exact error (and a body that runs past its
    declared end the position where it really ends).
    """
    try:
        instrs, odd, p, uses_data = decode_expr(list(data[start:end]), 0, memo)
    except DecodeError:
        return decode_expr(data, start, memo)
    return instrs, odd, start + p, uses_data


def decode_expr(data: bytes | list[int], p: int,
                memo: dict[int, tuple]) -> tuple[list[tuple], dict[int, int], int, bool]:
    """Decode instructions from p through the ``end`` closing depth zero.

    ``memo`` maps ``payload << 8 | opcode`` to an instruction tuple already
    made, so equal instructions share one tuple (pass the same dict for a
    whole module: it saves memory and garbage-collector work).  Returns
    (instructions, the encoded length of each instruction whose length is not
    ``LENGTH[op]`` by body position (see ``offsets.BodyOffsets``), next
    position, whether memory.init or data.drop occurs, which needs the data
    count section).
    """
    instrs: list[tuple] = []
    odd: dict[int, int] = {}
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
            start = p
            b = data[p]
            p += 1
            k = kinds[b]
            if k == K_INDEX:
                v = data[p]
                if v < 0x80:
                    p += 1
                    instrs.append(small_index[b][v])
                    continue
                v, p = u32(data, p)
                key = v << 8 | b
                instr = memo_get(key)
                if instr is None:
                    instr = memo[key] = (b, v)
                odd[len(instrs)] = p - start
                instrs.append(instr)
            elif k == K_SIMPLE:
                instrs.append(simple[b])
            elif k == K_I32:
                v = data[p]
                if v < 0x80:
                    p += 1
                    instrs.append(small_i32[v])
                    continue
                v, p = read_s32(data, p)
                key = v << 8 | b
                instr = memo_get(key)
                if instr is None:
                    instr = memo[key] = (b, v & 0xFFFFFFFF)
                odd[len(instrs)] = p - start
                instrs.append(instr)
            elif k == K_MEMARG:
                align = data[p]
                v = data[p + 1]
                if align < MAX_ALIGN and v < 0x80:
                    p += 2
                else:
                    align, v, p = memarg(data, p)
                    odd[len(instrs)] = p - start
                key = (v << 5 | align) << 8 | b
                instr = memo_get(key)
                if instr is None:
                    instr = memo[key] = (b, align, v, 0)
                instrs.append(instr)
            elif k == K_END:
                instrs.append(END)
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
                    odd[len(instrs)] = p - start
                instrs.append(instr)
                push(b == OP_IF)
            elif k == K_ELSE:
                if not ifs or not ifs[-1]:
                    raise DecodeError("END opcode expected", start)
                ifs[-1] = False
                instrs.append(ELSE)
            elif k == K_I64:
                v = data[p]
                if v < 0x80:
                    p += 1
                    instrs.append(SMALL_I64[v])
                else:
                    v, p = read_signed(data, p, 64)
                    odd[len(instrs)] = p - start
                    instrs.append((b, v & 0xFFFFFFFFFFFFFFFF))
            elif k == K_F32:
                instrs.append((b, fixed(data, p, 4)))
                p += 4
            elif k == K_F64:
                instrs.append((b, fixed(data, p, 8)))
                p += 8
            elif k == K_MEM:
                p = zero_byte(data, p)
                instrs.append(MEMORY_ZERO[b])
            elif k == K_REFTYPE:
                t = REF_TYPE_BY_CODE.get(data[p])
                if t is None:
                    raise DecodeError("malformed reference type", p)
                p += 1
                instrs.append((b, t))
            else:  # variable-length immediates, always recorded in ``odd``
                if k == K_BR_TABLE:
                    instr, p = br_table(data, p)
                elif k == K_CALL_INDIRECT:
                    type_index, p = u32(data, p)
                    table_index, p = u32(data, p)
                    instr = (b, type_index, table_index)
                elif k == K_SELECT_T:
                    instr, p = select_t(data, p)
                elif k == K_PREFIX:
                    instr, p = decode_prefixed(data, p, b)
                    if instr[0] in DATA_OPS:
                        uses_data = True
                else:
                    raise DecodeError(f"illegal opcode {b:02x}", start)
                odd[len(instrs)] = p - start
                instrs.append(instr)
    except IndexError:
        raise DecodeError(UNEXPECTED_END, len(data)) from None
    return instrs, odd, p, uses_data
