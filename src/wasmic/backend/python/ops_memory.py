"""Templates of the reference, table and memory instructions (see
``templates``).  Memories are bytearrays read and written through bound
``struct`` methods after an explicit bounds check; bulk operations and
table access beyond ``table.get`` run in helpers (``support``)."""

from __future__ import annotations

from ...syntax.opcodes import OPS, Op
from ...syntax.types import I32
from .expr import Expr, combine, conflicts, constant
from .function import KIND, MASK
from .templates import BITS, OP_BY_NAME, op_types, registrar, texts

MEMORY: dict = {}
op = registrar(MEMORY)


# -- references and tables -----------------------------------------------------------------

@op("ref.null")
def _ref_null(gen, ins, args):
    return constant("None", "ref", None)


@op("ref.is_null")
def _ref_is_null(gen, ins, args):
    return combine(f"{args[0].paren()} is None", args, kind="bool")


@op("ref.func")
def _ref_func(gen, ins, args):
    return Expr(gen.env.func_ref(ins.imm[0]), "ref", True, True)


@op("table.get")
def _table_get(gen, ins, args):
    t = f"t{ins.imm[0]}"
    return combine(f"{t}[_a] if (_a := {gen.exact(args[0], I32)}) < len({t}) else _table_oob()",
                   args, kind="ref", effect=True, state=True)


@op("table.size")
def _table_size(gen, ins, args):
    return Expr(f"len(t{ins.imm[0]})", "int", True, True, state=True)


def _helper_statement(text_fn):
    """A table or memory instruction run by a helper, as a statement."""
    def emit(gen, ins, args):
        gen.statement(text_fn(gen, ins, args), combine("", args, mutates=True, state=True))
        return None
    return emit


MEMORY.update({
    Op.TABLE_SET: _helper_statement(
        lambda gen, ins, args: f"_table_set(t{ins.imm[0]}, {texts(gen, args, (I32, None))})"),
    Op.TABLE_FILL: _helper_statement(
        lambda gen, ins, args: f"_table_fill(t{ins.imm[0]}, {texts(gen, args, (I32, None, I32))})"),
    Op.TABLE_COPY: _helper_statement(
        lambda gen, ins, args: f"_table_copy(t{ins.imm[0]}, t{ins.imm[1]}, "
                               f"{texts(gen, args, (I32, I32, I32))})"),
    Op.TABLE_INIT: _helper_statement(
        lambda gen, ins, args: f"_table_init(t{ins.imm[1]}, _elems, {ins.imm[0]}, "
                               f"{texts(gen, args, (I32, I32, I32))})"),
    Op.ELEM_DROP: _helper_statement(lambda gen, ins, args: f"_elems[{ins.imm[0]}] = ()"),
    Op.MEMORY_FILL: _helper_statement(
        lambda gen, ins, args: f"_memory_fill(m{ins.imm[0]}, {texts(gen, args, (I32, I32, I32))})"),
    Op.MEMORY_COPY: _helper_statement(
        lambda gen, ins, args: f"_memory_copy(m{ins.imm[0]}, m{ins.imm[1]}, "
                               f"{texts(gen, args, (I32, I32, I32))})"),
    Op.MEMORY_INIT: _helper_statement(
        lambda gen, ins, args: f"_memory_init(m{ins.imm[1]}, _datas, {ins.imm[0]}, "
                               f"{texts(gen, args, (I32, I32, I32))})"),
    Op.DATA_DROP: _helper_statement(lambda gen, ins, args: f"_datas[{ins.imm[0]}] = b''"),
})


@op("table.grow")
def _table_grow(gen, ins, args):
    return combine(f"_table_grow(tt{ins.imm[0]}, {texts(gen, args, (None, I32))})", args,
                   atom=True, mutates=True, state=True)


# -- memory -------------------------------------------------------------------------------------

# access size, struct format (None: a byte read by indexing), result masked
_LOADS = {
    "i32.load": (4, "<I", True), "i64.load": (8, "<Q", True),
    "f32.load": (4, None, True), "f64.load": (8, "<d", True),
    "i32.load8_s": (1, "<b", False), "i32.load8_u": (1, None, True),
    "i32.load16_s": (2, "<h", False), "i32.load16_u": (2, "<H", True),
    "i64.load8_s": (1, "<b", False), "i64.load8_u": (1, None, True),
    "i64.load16_s": (2, "<h", False), "i64.load16_u": (2, "<H", True),
    "i64.load32_s": (4, "<i", False), "i64.load32_u": (4, "<I", True),
}
STRUCT_NAMES = {"<I": "_u32", "<Q": "_u64", "<d": "_f64", "<b": "_s8", "<h": "_s16",
                "<H": "_u16", "<i": "_s32", "<B": "_u8"}
"""Struct format -> the prefix of its bound ``unpack_from``/``pack_into`` names."""


def _effective_address(gen, addr: Expr, offset: int, size: int, memory: str) -> str:
    """An expression for the effective address ``addr + offset`` of a
    ``size``-byte access, which traps unless it lies within ``memory``.

    An exact address is bounds-checked as is.  An unmasked one (congruent
    to the address) is used directly when it lies in range, which then
    proves it exact; otherwise ``_wrapped_address`` masks it and checks
    again.  ``addr`` is evaluated once."""
    reach = size + offset
    if addr.const is not None:
        ea = addr.const + offset
        return f"{ea} if len({memory}) >= {ea + size} else _memory_oob()"
    plus = f" + {offset}" if offset else ""
    if addr.masked and addr.kind == "int":
        if addr.atom and addr.reads == frozenset((addr.text,)):  # a variable: read it twice
            return f"{addr.text}{plus} if {addr.text} <= len({memory}) - {reach} else _memory_oob()"
        return f"_a{plus} if (_a := {gen.exact(addr, I32)}) <= len({memory}) - {reach} else _memory_oob()"
    if addr.kind == "bool":
        return f"_a{plus} if (_a := {gen.exact(addr, I32)}) <= len({memory}) - {reach} else _memory_oob()"
    return (f"_a{plus} if 0 <= (_a := {addr.text}) <= len({memory}) - {reach} "
            f"else _wrapped_address({memory}, _a, {offset}, {size})")


def _load(gen, ins, args):
    name = OPS[ins.op].name
    size, fmt, masked = _LOADS[name]
    _, align_offset, memory_index = ins.imm[0], ins.imm[1], ins.imm[2]
    memory = f"m{memory_index}"
    ea = _effective_address(gen, args[0], align_offset, size, memory)
    if name == "f32.load":
        access = f"_load_f32({memory}, {ea})"
    elif fmt is None:
        access = f"{memory}[{ea}]"
    else:
        access = f"{STRUCT_NAMES[fmt]}_get({memory}, {ea})[0]"
    (_, ), (vtype, ) = op_types(ins)
    return combine(access, args, kind=KIND[vtype], masked=masked, atom=True, effect=True,
                   state=True)


for _name in _LOADS:
    MEMORY[OP_BY_NAME[_name]] = _load

_STORES = {
    "i32.store": (4, "<I"), "i64.store": (8, "<Q"), "f32.store": (4, None), "f64.store": (8, "<d"),
    "i32.store8": (1, None), "i32.store16": (2, "<H"), "i64.store8": (1, None),
    "i64.store16": (2, "<H"), "i64.store32": (4, "<I"),
}


def _store(gen, ins, args):
    name = OPS[ins.op].name
    size, fmt = _STORES[name]
    offset, memory = ins.imm[1], f"m{ins.imm[2]}"
    addr, value = args
    (_, vtype), _ = op_types(ins)
    if not value.pure:  # the value is computed before the bounds check
        if not addr.pure or conflicts(addr, value):
            addr = gen.bind(addr, I32)
        value = gen.bind(value, vtype)
    if vtype in MASK:
        full = BITS[vtype] == size * 8
        value_text = gen.exact(value, vtype) if full else f"{value.paren()} & {hex((1 << size * 8) - 1)}"
    else:
        value_text = value.text
    checked = _effective_address(gen, addr, offset, size, memory)
    if name == "f32.store":
        text = f"_store_f32({memory}, {checked}, {value_text})"
    elif fmt is None:
        text = f"{memory}[{checked}] = {value_text}"
    else:
        text = f"{STRUCT_NAMES[fmt]}_put({memory}, {checked}, {value_text})"
    gen.statement(text, combine("", [addr, value], mutates=True, state=True))
    return None


for _name in _STORES:
    MEMORY[OP_BY_NAME[_name]] = _store


@op("memory.size")
def _memory_size(gen, ins, args):
    return Expr(f"len(m{ins.imm[0]}) >> 16", "int", True, False, state=True)


@op("memory.grow")
def _memory_grow(gen, ins, args):
    return combine(f"mg{ins.imm[0]}({gen.exact(args[0], I32)})", args, atom=True,
                   mutates=True, state=True)
