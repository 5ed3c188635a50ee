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


def _bounds(gen, addr: Expr, offset: int, size: int, memory: str) -> tuple[str, str]:
    """How to reach the ``size`` bytes at ``addr + offset`` in ``memory``:
    (condition, effective address), the address valid when the condition
    holds, which evaluates ``addr`` once.  (Unmasked addresses are masked
    first: compilers count indices up from -n to 0, so the unmasked sum
    often lies past 2**32 while the address itself is small.)"""
    reach = size + offset
    limit = f"len({memory})" if reach == 1 else f"len({memory}) - {reach - 1}"
    plus = f" + {offset}" if offset else ""
    if addr.const is not None:
        ea = addr.const + offset
        return f"{ea + size} <= len({memory})", str(ea)
    if addr.kind != "bool" and addr.masked and addr.atom and addr.reads == frozenset((addr.text,)):
        return f"{addr.text} < {limit}", f"{addr.text}{plus}"  # a variable: read it twice
    return f"(_a := {gen.exact(addr, I32)}) < {limit}", f"_a{plus}"


def _load(gen, ins, args):
    name = OPS[ins.op].name
    size, fmt, masked = _LOADS[name]
    _, align_offset, memory_index = ins.imm[0], ins.imm[1], ins.imm[2]
    memory = f"m{memory_index}"
    condition, ea = _bounds(gen, args[0], align_offset, size, memory)
    if name == "f32.load":
        access = f"_load_f32({memory}, {ea})"
    elif fmt is None:
        access = f"{memory}[{ea}]"
    else:
        access = f"{STRUCT_NAMES[fmt]}_get({memory}, {ea})[0]"
    text = f"{access} if {condition} else _memory_oob()"
    (_, ), (vtype, ) = op_types(ins)
    return combine(text, args, kind=KIND[vtype], masked=masked, oob=True, state=True)


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
    if value.effect and not value.oob_only:
        # wasm computes the value before the bounds check; a trap of the
        # value's other than out of bounds (or a call) must come first.
        if not addr.pure or conflicts(addr, value):
            addr = gen.bind(addr, I32)
        value = gen.bind(value, vtype)
    elif fmt is None and name != "f32.store" and not value.pure and (
            not addr.pure or conflicts(addr, value)):
        addr = gen.bind(addr, I32)  # ``m[address] = value`` computes the value first
    if vtype in MASK:
        full = BITS[vtype] == size * 8
        value_text = gen.exact(value, vtype) if full else f"{value.paren()} & {hex((1 << size * 8) - 1)}"
    else:
        value_text = value.text
    condition, ea = _bounds(gen, addr, offset, size, memory)
    checked = f"{ea} if {condition} else _memory_oob()"
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
