"""Lowering: a validated function body -> ``FuncIR``.

Simulates the operand stack once, giving every stack value a temporary
(see ``ir``), and drops unreachable code.  What validation already learned
(``valid.info``) is read, not derived again: the type of every index space,
each function's type and locals, and each block's resolved type.  The input
must be valid: lowering checks nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..binary.decode import gc_paused
from ..syntax.module import Func, Module
from ..syntax.opcodes import OPS, Op
from ..syntax.types import FUNCREF, I32, FuncType, ValueType
from ..valid import FuncInfo, ModuleInfo, validate_module
from .ir import FuncIR, Ins, Label

_LABEL_KINDS = {int(Op.BLOCK): "block", int(Op.LOOP): "loop", int(Op.IF): "if"}
_OPENERS = frozenset(_LABEL_KINDS)
_END, _ELSE, _UNREACHABLE = int(Op.END), int(Op.ELSE), int(Op.UNREACHABLE)
_LOCAL_GET = int(Op.LOCAL_GET)


class _IndexTypes:
    """The value types lowering reads from the module's index spaces (imports first)."""

    def __init__(self, module: Module, info: ModuleInfo):
        self.types = module.types
        self.func_types = info.func_types
        self.global_types = [g.value for g in info.global_types]
        self.table_types = [t.elem for t in info.table_types]


def lower_module(module: Module, info: ModuleInfo | None = None) -> list[FuncIR]:
    """Lower every function defined in ``module`` (imports excluded); ``info``
    as for ``lower_functions``."""
    with gc_paused():  # the IR of every function stays alive: collections only cost time
        return list(lower_functions(module, info))


def lower_functions(module: Module, info: ModuleInfo | None = None,
                    order: Iterable[int] | None = None) -> Iterator[FuncIR]:
    """Lower the functions defined in ``module`` one at a time, so that a
    consumer of a big module need not hold every function's IR at once.

    ``info`` is what ``validate_module(module)`` returned; without it the
    module is validated here first.  ``order`` lists the positions in
    ``module.funcs`` to lower, in that order (default: all, in order)."""
    if info is None:
        info = validate_module(module)
    types = _IndexTypes(module, info)
    first = len(info.func_types) - len(module.funcs)
    names = module.names.funcs
    for i in range(len(module.funcs)) if order is None else order:
        with gc_paused():  # many small objects and no cycles: collections would cost a third
            lowered = _FunctionLowering(types, first + i, names.get(first + i), module.funcs[i],
                                        info.funcs[i]).run()
        yield lowered


class _FunctionLowering:
    def __init__(self, types: _IndexTypes, index: int, name: str | None, func: Func,
                 info: FuncInfo):
        self.mt = types
        self.func = func
        self.block_types = info.block_types
        self.ir = FuncIR(index, name, info.type, info.locals, [], [])
        self.temp_ids: dict[tuple[int, ValueType], int] = {}
        self.stack: list[int] = []  # temps on the operand stack, bottom first
        self.control: list[tuple[Label, int]] = []  # (label, stack height under its params)

    # -- temporaries ---------------------------------------------------------
    def temp(self, slot: int, vtype: ValueType) -> int:
        key = (slot, vtype)
        tid = self.temp_ids.get(key)
        if tid is None:
            tid = self.temp_ids[key] = len(self.ir.temp_types)
            self.ir.temp_types.append(vtype)
            self.ir.temp_slots.append(slot)
        return tid

    def push(self, vtype: ValueType) -> int:
        tid = self.temp(len(self.stack), vtype)
        self.stack.append(tid)
        return tid

    def pop(self, n: int) -> tuple[int, ...]:
        if n == 0:
            return ()
        args = tuple(self.stack[-n:])
        del self.stack[-n:]
        return args

    def emit(self, op: int, args: tuple, results: tuple, imm: tuple, offset: int) -> None:
        self.ir.body.append(Ins(op, args, results, imm, offset))

    # -- labels --------------------------------------------------------------
    def open_label(self, kind: str, ftype: FuncType) -> Label:
        base = len(self.stack) - len(ftype.params)
        params = tuple(self.stack[base:])
        results = tuple(self.temp(base + i, t) for i, t in enumerate(ftype.results))
        label = Label(len(self.ir.labels), kind, params, results)
        self.ir.labels.append(label)
        self.control.append((label, base))
        return label

    def target(self, depth: int) -> Label:
        label = self.control[-1 - depth][0]
        label.targeted = True
        return label

    # -- the pass ------------------------------------------------------------
    def run(self) -> FuncIR:
        ftype = self.ir.type
        self.open_label("func", FuncType((), ftype.results))
        body, offsets = self.func.body, self.func.offsets
        if offsets is None:  # from text: positions in the body stand in for offsets
            offsets = range(len(body))
        local_types, stack, emit = self.ir.local_types, self.stack, self.ir.body.append
        temp, push, fixed_signature = self.temp, self.push, _FIXED.get
        skipping = 0  # > 0: inside unreachable code, counting nested blocks + 1
        for pc, (instr, offset) in enumerate(zip(body, offsets)):
            op = instr[0]
            if skipping:
                if op in _OPENERS:
                    skipping += 1
                    continue
                if op == _END and skipping > 1:
                    skipping -= 1
                    continue
                if op == _ELSE and skipping > 1:  # of an if inside the unreachable code
                    continue
                if op != _END and op != _ELSE:
                    continue
                skipping = 0
            # The common cases inline (a method call per instruction costs a third):
            # local.get, a quarter of all instructions, then fixed signatures.
            if op == _LOCAL_GET:
                tid = temp(len(stack), local_types[instr[1]])
                stack.append(tid)
                emit(Ins(op, (), (tid,), instr[1:], offset))
                continue
            fixed = fixed_signature(op)
            if fixed is not None:
                count, result_types = fixed
                base = len(stack) - count
                args = tuple(stack[base:])
                del stack[base:]
                emit(Ins(op, args, tuple([push(t) for t in result_types]), instr[1:], offset))
                if op == _UNREACHABLE:
                    skipping = 1
            elif self.step(pc, op, instr, offset):
                skipping = 1
        return self.ir

    def step(self, pc: int, op: int, instr: tuple, offset: int) -> bool:
        """Lower ``instr`` (no fixed signature), at ``pc`` in the body; True when
        the code after it is unreachable."""
        if op in _OPENERS:
            return self.open_block(op, self.block_types[pc], offset)
        return bool(_DISPATCH[op](self, op, instr, offset))

    # control ---------------------------------------------------------------
    def open_block(self, op: int, block_type: FuncType, offset: int) -> bool:
        """block, loop, if: open a label of the type validation resolved."""
        cond = self.pop(1) if op == Op.IF else ()
        label = self.open_label(_LABEL_KINDS[op], block_type)
        self.emit(op, cond if op == Op.IF else label.param_temps, (), (label.id,), offset)
        return False

    def op_else(self, op, instr, offset):
        label, base = self.control[-1]
        del self.stack[base:]
        self.stack.extend(label.param_temps)
        self.emit(op, (), (), (label.id,), offset)

    def op_end(self, op, instr, offset):
        label, base = self.control.pop()
        del self.stack[base:]
        self.stack.extend(label.result_temps)
        if label.kind == "func":
            self.emit(Op.RETURN, label.result_temps, (), (), offset)
        else:
            self.emit(op, (), (), (label.id,), offset)

    def op_br(self, op, instr, offset):
        label = self.target(instr[1])
        cond = self.pop(1) if op == Op.BR_IF else ()
        values = tuple(self.stack[len(self.stack) - len(label.branch_temps):])
        if op == Op.BR:
            self.pop(len(values))
        self.emit(op, values + cond, (), (label.id,), offset)
        return op == Op.BR

    def op_br_table(self, op, instr, offset):
        index = self.pop(1)
        labels = tuple(self.target(d).id for d in instr[1])
        default = self.target(instr[2])
        values = self.pop(len(default.branch_temps))
        self.emit(op, values + index, (), (labels, default.id), offset)
        return True

    def op_return(self, op, instr, offset):
        self.emit(op, self.pop(len(self.ir.type.results)), (), (), offset)
        return True

    def op_call(self, op, instr, offset):
        ftype = self.mt.func_types[instr[1]]
        self.call(op, ftype, (), instr, offset)

    def op_call_indirect(self, op, instr, offset):
        index = self.pop(1)
        self.call(op, self.mt.types[instr[1]], index, instr, offset)

    def call(self, op, ftype: FuncType, extra: tuple, instr, offset) -> None:
        args = self.pop(len(ftype.params)) + extra
        results = tuple(self.push(t) for t in ftype.results)
        self.emit(op, args, results, instr[1:], offset)

    # variables and parametric ------------------------------------------------
    def op_local(self, op, instr, offset):
        vtype = self.ir.local_types[instr[1]]
        self.typed(op, instr, offset, vtype)

    def op_global(self, op, instr, offset):
        self.typed(op, instr, offset, self.mt.global_types[instr[1]])

    def typed(self, op, instr, offset, vtype: ValueType) -> None:
        """local.get/set/tee and global.get/set: one value of a known type."""
        if op in (Op.LOCAL_GET, Op.GLOBAL_GET):
            self.emit(op, (), (self.push(vtype),), instr[1:], offset)
        elif op == Op.LOCAL_TEE:
            self.emit(op, (self.stack[-1],), (self.stack[-1],), instr[1:], offset)
        else:
            self.emit(op, self.pop(1), (), instr[1:], offset)

    def op_drop(self, op, instr, offset):
        self.emit(op, self.pop(1), (), (), offset)

    def op_select(self, op, instr, offset):
        args = self.pop(3)
        self.stack.append(args[0])
        self.emit(op, args, (args[0],), instr[1:], offset)

    # references and tables ---------------------------------------------------
    def op_ref(self, op, instr, offset):
        if op == Op.REF_NULL:
            self.emit(op, (), (self.push(instr[1]),), instr[1:], offset)
        elif op == Op.REF_FUNC:
            self.emit(op, (), (self.push(FUNCREF),), instr[1:], offset)
        else:  # ref.is_null
            args = self.pop(1)
            self.emit(op, args, (self.push(I32),), (), offset)

    def op_table(self, op, instr, offset):
        elem = self.mt.table_types[instr[1]]
        pops, pushes = _TABLE_SIGNATURES[op]
        args = self.pop(len(pops))
        results = tuple(self.push(elem if t is None else t) for t in pushes)
        self.emit(op, args, results, instr[1:], offset)


# table.get/set/grow/fill: popped and pushed types, None standing for the element type.
_TABLE_SIGNATURES = {
    Op.TABLE_GET: ((I32,), (None,)),
    Op.TABLE_SET: ((I32, None), ()),
    Op.TABLE_GROW: ((None, I32), (I32,)),
    Op.TABLE_FILL: ((I32, None, I32), ()),
}

# Instructions without a fixed signature, by mnemonic: the op_* method lowering them.
_HANDLERS = {
    "else": "else", "end": "end",
    "br": "br", "br_if": "br", "br_table": "br_table", "return": "return",
    "call": "call", "call_indirect": "call_indirect",
    "local.get": "local", "local.set": "local", "local.tee": "local",
    "global.get": "global", "global.set": "global",
    "drop": "drop", "select": "select",
    "ref.null": "ref", "ref.is_null": "ref", "ref.func": "ref",
    "table.get": "table", "table.set": "table", "table.grow": "table", "table.fill": "table",
}


# Instructions with a fixed signature: (operand count, result types).
_FIXED = {op: (len(info.params), info.results) for op, info in OPS.items()
          if info.params is not None}
# The others: op id -> the _FunctionLowering method lowering it.
_DISPATCH = {op: getattr(_FunctionLowering, "op_" + _HANDLERS[info.name])
             for op, info in OPS.items() if info.params is None and info.name in _HANDLERS}
