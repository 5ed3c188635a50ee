"""One lowered function (``FuncIR``) -> one C function.

Wasm locals become C locals ``l<i>`` (parameters first), temporaries typed C
locals ``t<i>`` (the IR gives one per (stack slot, type), so each has one C
type).  The function takes ``(void *ctx, uintptr_t sl, params...)``: ``ctx``
is the instance, ``sl`` the stack limit: a function that calls others traps
with "call stack exhausted" when its stack pointer lies below ``sl`` (a byte
budget rather than a depth count: it bounds what actually overflows, and
costs one compare of a register, nothing to undo on return or trap); each
call passes ``sl`` raised by ``WASMIC_CALL_COST`` (see ``wasmic.h``).

A function that touches linear memory keeps its base and size in locals
``mb``/``ms``, reloaded after anything that can grow the memory (a call, a
``memory.grow``), so the compiler can keep them in registers.
"""

from __future__ import annotations

from ...errors import WasmError
from ...lower.ir import FuncIR, Ins
from ...syntax.opcodes import OPS, Op
from .cnames import ZERO, c_type, func_name, prototype
from .emit_bounds import ProvenBounds
from .emit_control import CALL_OPS, CONTROL_OPS
from .emit_layout import ModuleLayout
from .emit_memory import MEMORY_OPS, SEGMENT_OPS
from .emit_metering import NO_METERING, FuelCounter, Metering
from .emit_numeric import NUMERIC_OPS, const_literal, render
from .emit_variable import VARIABLE_OPS

# A leaf function whose locals and temporaries fit this many bytes skips the
# stack check: its frame is bounded and the runtime keeps that much margin.
LEAF_FRAME_BUDGET = 2048
# Above this estimated frame size the check also subtracts the estimate: the
# frame address is the frame's top, and a big frame must fit entirely.
BIG_FRAME = 4096

_CONST_OPS = {Op.I32_CONST, Op.I64_CONST, Op.F32_CONST, Op.F64_CONST}


class FunctionEmitter:
    """Emits the C definition of one function; instruction emitters call back
    ``t``, ``line``, ``trap`` and ``reload_memory``."""

    def __init__(self, ir: FuncIR, layout: ModuleLayout, metering: Metering = NO_METERING):
        self.ir = ir
        self.layout = layout
        self.fuel = FuelCounter(metering)
        self.lines: list[str] = []
        self.depth = 1  # indentation of the next line, in C blocks
        self.uses_memory = any(op in MEMORY_OPS for op in (ins.op for ins in ir.body))
        self.makes_calls = any(ins.op in CALL_OPS for ins in ir.body)
        self.callees: set[int] = set()  # defined functions called directly
        self.bounds = ProvenBounds(ir)  # memory accesses known to be in bounds (emit_bounds)
        # Text modules have body positions, not byte offsets: report none.
        func = layout.module.funcs[ir.index - layout.n_imported_funcs]
        self.binary_offsets = func.offsets is not None

    # -- helpers for instruction emitters ------------------------------------
    def t(self, temp: int) -> str:
        """The C name of temporary ``temp``."""
        return f"t{temp}"

    def line(self, text: str, indent: int = 0) -> None:
        """Append a line of C; ``indent`` opens (+1) or closes (-1) a C block around it."""
        if indent < 0:
            self.depth -= 1
        self.lines.append("    " * self.depth + text)
        if indent > 0:
            self.depth += 1

    def trap(self, code: str, ins: Ins | None) -> str:
        """A C statement trapping with ``WASMIC_TRAP_<code>`` at ``ins``
        (None: at the function's entry)."""
        return f"WASMIC_TRAP(WASMIC_TRAP_{code}, {self.ir.index}, {self.offset(ins)});"

    def offset(self, ins: Ins | None) -> str:
        """The C constant reporting where ``ins`` is (0xffffffff if unknown: RT_NO_OFFSET)."""
        return f"{ins.offset:#x}u" if self.binary_offsets and ins is not None else "0xffffffffu"

    def meter_checks(self, ins: Ins | None) -> None:
        """Emit the fuel and epoch checks (function entry, loop headers)."""
        for check in self.fuel.checks(lambda code: self.trap(code, ins)):
            self.line(check)

    def checked(self, ins: Ins, call: str) -> None:
        """Emit a runtime call returning a trap code (0: none), trapping on one."""
        self.line(f"{{ int32_t c_ = {call}; if (WASMIC_UNLIKELY(c_)) "
                  f"WASMIC_TRAP(c_, {self.ir.index}, {self.offset(ins)}); }}")

    def reload_memory(self) -> None:
        """Re-read the memory base and size after something that may grow it."""
        if self.uses_memory:
            self.line(self.read_memory())

    def read_memory(self) -> str:
        """C statements reading the memory base and size into ``mb``/``ms``,
        telling the compiler the size's static bounds, so that it can drop
        checks of accesses it proves in bounds (constant addresses below the
        minimum size, loop indices with known ranges)."""
        least, most = self.layout.memory_bounds()
        return f"mb = M->base; ms = M->size; WASMIC_ASSUME(ms >= {least}ull && ms <= {most}ull);"

    # -- the function --------------------------------------------------------
    def emit(self) -> str:
        """The C definition of the function."""
        for ins in self.ir.body:
            self.instruction(ins)
        head = [prototype(self.ir.type, func_name(self.ir.index)) + " {", "    inst_t *inst = (inst_t *)ctx;"]
        ftype = self.ir.type
        for i, vtype in enumerate(self.ir.local_types[len(ftype.params):], len(ftype.params)):
            head.append(f"    {c_type(vtype)} l{i} = {ZERO[vtype]};")
        for i, vtype in enumerate(self.ir.temp_types):
            head.append(f"    {c_type(vtype)} t{i} = {ZERO[vtype]};")
        if self.uses_memory:
            head.append("    wasmic_memory *M = inst->h.mem0;")
            head.append("    uint8_t *mb; uint64_t ms;")
            head.append("    " + self.read_memory())
        head.append("    (void)inst; (void)sl;")
        if self.needs_stack_check():
            frame = self.frame_estimate()
            below = f" - {frame}u" if frame > BIG_FRAME else ""
            head.append(f"    if (WASMIC_UNLIKELY(WASMIC_STACK_POINTER(){below} < sl)) "
                        + self.trap("STACK_OVERFLOW", None))
        head += ["    " + check for check in self.fuel.checks(lambda code: self.trap(code, None))]
        return "\n".join(head + self.lines + ["}", ""])

    def frame_estimate(self) -> int:
        """Bytes the function's locals and temporaries may take on the stack."""
        return 8 * (len(self.ir.local_types) + len(self.ir.temp_types))

    def needs_stack_check(self) -> bool:
        return self.makes_calls or self.frame_estimate() > LEAF_FRAME_BUDGET

    def instruction(self, ins: Ins) -> None:
        self.bounds.enter(ins)
        self.emit_instruction(ins)
        self.bounds.leave(ins)

    def emit_instruction(self, ins: Ins) -> None:
        op = ins.op
        flush = self.fuel.before(op)
        if flush:
            self.line(flush)
        args = [self.t(a) for a in ins.args]
        result = self.t(ins.results[0]) if ins.results else None
        template = NUMERIC_OPS.get(op)
        if template is not None:
            self.line(render(template, args, result, lambda code: self.trap(code, ins)))
        elif op in _CONST_OPS:
            self.line(f"{result} = {const_literal(OPS[op].name, ins.imm[0])};")
        elif op in CONTROL_OPS:
            CONTROL_OPS[op](self, ins)
        elif op in MEMORY_OPS:
            MEMORY_OPS[op](self, ins, args, result)
        elif op in VARIABLE_OPS:
            VARIABLE_OPS[op](self, ins, args, result)
        elif op in SEGMENT_OPS:
            SEGMENT_OPS[op](self, ins, args, result)
        else:
            raise WasmError(f"the native tier cannot compile {OPS[op].name} "
                            f"(function {self.ir.index})")
