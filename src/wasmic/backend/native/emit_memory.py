"""C for memory instructions: loads, stores, size, grow and bulk memory.

Every access is checked first, unless an earlier check already covers it
(``emit_bounds``): the effective address ``addr + offset`` is computed in
64 bits (both are below 2**32, so it cannot overflow) and
``ea + width > size`` traps.  The access itself is a ``memcpy`` (any
alignment, no type punning), which compilers turn into one move.  Bulk
operations call the runtime, which checks their bounds as the spec says and
returns the trap code to raise (0 when fine).
"""

from __future__ import annotations

from ...errors import WasmError
from ...lower.ir import Ins
from ...syntax.opcodes import OPS, Op

# C expression reading the value at pointer {p} (the width is the op's natural alignment)
_LOADS = {
    "i32.load": "wasmic_ld32({p})", "i64.load": "wasmic_ld64({p})",
    "f32.load": "wasmic_ldf32({p})", "f64.load": "wasmic_ldf64({p})",
    "i32.load8_s": "(uint32_t)(int32_t)(int8_t)*{p}", "i32.load8_u": "(uint32_t)*{p}",
    "i32.load16_s": "(uint32_t)(int32_t)(int16_t)wasmic_ld16({p})",
    "i32.load16_u": "(uint32_t)wasmic_ld16({p})",
    "i64.load8_s": "(uint64_t)(int64_t)(int8_t)*{p}", "i64.load8_u": "(uint64_t)*{p}",
    "i64.load16_s": "(uint64_t)(int64_t)(int16_t)wasmic_ld16({p})",
    "i64.load16_u": "(uint64_t)wasmic_ld16({p})",
    "i64.load32_s": "(uint64_t)(int64_t)(int32_t)wasmic_ld32({p})",
    "i64.load32_u": "(uint64_t)wasmic_ld32({p})",
}
# C statement writing value {v} at pointer {p} (likewise)
_STORES = {
    "i32.store": "wasmic_st32({p}, {v})", "i64.store": "wasmic_st64({p}, {v})",
    "f32.store": "wasmic_stf32({p}, {v})", "f64.store": "wasmic_stf64({p}, {v})",
    "i32.store8": "*{p} = (uint8_t){v}", "i32.store16": "wasmic_st16({p}, (uint16_t){v})",
    "i64.store8": "*{p} = (uint8_t){v}", "i64.store16": "wasmic_st16({p}, (uint16_t){v})",
    "i64.store32": "wasmic_st32({p}, (uint32_t){v})",
}


def _memidx(em, index: int) -> None:
    if index != 0:
        raise WasmError(f"the native tier supports one memory; function {em.ir.index} uses memory {index}")


def _address(em, ins: Ins, addr: str) -> str:
    """Check the access (unless known in bounds: ``emit_bounds``) and return
    the C pointer to its first byte."""
    _align, offset, memidx = ins.imm
    end = offset + (1 << OPS[ins.op].natural_align)
    _memidx(em, memidx)
    if not em.bounds.proven(ins.args[0], end):
        em.line(f"if (WASMIC_UNLIKELY((uint64_t){addr} + {end}ull > ms)) "
                + em.trap("MEMORY_OUT_OF_BOUNDS", ins))
        em.bounds.prove(ins.args[0], end)
    return f"(mb + (uint64_t){addr} + {offset}ull)" if offset else f"(mb + {addr})"


def _load(em, ins: Ins, args: list[str], result: str) -> None:
    expr = _LOADS[OPS[ins.op].name]
    em.line(f"{result} = {expr.format(p=_address(em, ins, args[0]))};")


def _store(em, ins: Ins, args: list[str], result: None) -> None:
    stmt = _STORES[OPS[ins.op].name]
    em.line(stmt.format(p=_address(em, ins, args[0]), v=args[1]) + ";")


def _size(em, ins: Ins, args: list[str], result: str) -> None:
    _memidx(em, ins.imm[0])
    em.line(f"{result} = (uint32_t)(ms >> 16);")


def _grow(em, ins: Ins, args: list[str], result: str) -> None:
    _memidx(em, ins.imm[0])
    em.line(f"{result} = WASMIC_RT->memory_grow(M, {args[0]});")
    em.reload_memory()


def _fill(em, ins: Ins, args: list[str], result: None) -> None:
    _memidx(em, ins.imm[0])
    em.checked(ins, f"WASMIC_RT->memory_fill(M, {', '.join(args)})")


def _copy(em, ins: Ins, args: list[str], result: None) -> None:
    _memidx(em, ins.imm[0])
    _memidx(em, ins.imm[1])
    em.checked(ins, f"WASMIC_RT->memory_copy(M, M, {', '.join(args)})")


def _init(em, ins: Ins, args: list[str], result: None) -> None:
    _memidx(em, ins.imm[1])
    em.checked(ins, f"WASMIC_RT->memory_init(&inst->h, {ins.imm[0]}, {', '.join(args)})")


def _data_drop(em, ins: Ins, args: list[str], result: None) -> None:
    em.line(f"WASMIC_RT->data_drop(&inst->h, {ins.imm[0]});")


MEMORY_OPS = {code: _load for code, info in OPS.items() if info.name in _LOADS}
MEMORY_OPS.update({code: _store for code, info in OPS.items() if info.name in _STORES})
MEMORY_OPS.update({Op.MEMORY_SIZE: _size, Op.MEMORY_GROW: _grow, Op.MEMORY_FILL: _fill,
                   Op.MEMORY_COPY: _copy, Op.MEMORY_INIT: _init})
"""Op id -> emitter(function emitter, ins, arg names, result name) for
instructions that use the memory base and size."""

SEGMENT_OPS = {Op.DATA_DROP: _data_drop}
"""Memory-related instructions that do not touch the memory itself."""
