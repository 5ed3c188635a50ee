"""Encoding instruction sequences, the inverse of ``expr.decode_expr``.

Each op's opcode bytes and immediate writer are precomputed from the
instruction table; LEB128s are minimal, so the output is canonical.  Equal
instructions are encoded once per call and reused.
"""

from __future__ import annotations

from ..syntax.opcodes import OPS
from ..syntax.types import VALUE_TYPE_CODES
from .leb128 import write_signed as sleb
from .leb128 import write_unsigned as uleb

MEMIDX_FLAG = 0x40  # multi-memory: a memory index follows the alignment


def signed(value: int, bits: int) -> int:
    """The two's-complement reading of a ``bits``-bit pattern (or of any int)."""
    value &= (1 << bits) - 1
    return value - (1 << bits) if value >> (bits - 1) else value


def block_type(bt) -> bytes:
    if bt is None:
        return b"\x40"
    if isinstance(bt, int):  # a type index
        return sleb(bt)
    return bytes((VALUE_TYPE_CODES[bt],))


def memarg(align: int, offset: int, memidx: int) -> bytes:
    if memidx:
        return uleb(align | MEMIDX_FLAG) + uleb(memidx) + uleb(offset)
    return uleb(align) + uleb(offset)


def indices(*values: int) -> bytes:
    return b"".join(map(uleb, values))


# Immediate kind -> writer of the bytes after the opcode, given the immediates.
IMMEDIATES = {
    "none": lambda: b"",
    "blocktype": block_type,
    "label": uleb, "func": uleb, "local": uleb, "global": uleb, "table": uleb,
    "data": uleb, "elem": uleb, "mem": uleb,
    "br_table": lambda labels, default: uleb(len(labels)) + indices(*labels, default),
    "call_indirect": indices, "memory.init": indices, "memory.copy": indices,
    "table.init": indices, "table.copy": indices,
    "select_t": lambda types: uleb(len(types)) + bytes(VALUE_TYPE_CODES[t] for t in types),
    "reftype": lambda t: bytes((VALUE_TYPE_CODES[t],)),
    "memarg": memarg,
    "memarg_lane": lambda align, offset, memidx, lane: memarg(align, offset, memidx) + bytes((lane,)),
    "lane": lambda lane: bytes((lane,)),
    "i32": lambda value: sleb(signed(value, 32)),
    "i64": lambda value: sleb(signed(value, 64)),
    "f32": lambda bits: bits.to_bytes(4, "little"),
    "f64": lambda bits: bits.to_bytes(8, "little"),
    "v128": lambda value: value.to_bytes(16, "little"),
    "shuffle": bytes,
}


def opcode_bytes(code: int) -> bytes:
    return bytes((code,)) if code <= 0xFF else bytes((code >> 16,)) + uleb(code & 0xFFFF)


ENCODERS = {code: (opcode_bytes(code), IMMEDIATES[info.imm]) for code, info in OPS.items()}


def encode_instr(instr: tuple) -> bytes:
    """The binary form of one instruction tuple."""
    opcode, immediates = ENCODERS[instr[0]]
    return opcode + immediates(*instr[1:])


def encode_expr(instrs: list[tuple], out: bytearray, memo: dict[tuple, bytes]) -> None:
    """Append the encoding of ``instrs`` to ``out``; ``memo`` caches encoded instructions."""
    memo_get = memo.get
    for instr in instrs:
        encoded = memo_get(instr)
        if encoded is None:
            encoded = memo[instr] = encode_instr(instr)
        out += encoded
