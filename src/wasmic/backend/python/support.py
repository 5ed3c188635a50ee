"""The names generated code uses besides its own: trap raisers, bulk memory
and table operations, memory access helpers, and the numeric helpers.

``HELPERS`` is copied into the namespace of every generated module.  Helpers
check bounds explicitly and raise ``Trap`` with the spec's trap code; none
lets an ``IndexError`` or ``struct.error`` escape.
"""

from __future__ import annotations

import math
import struct

from ...runtime.trap import TrapCode
from . import numeric
from .ops_memory import STRUCT_NAMES
from .numeric import f32_bits, f32_from_bits, trap


def _memory_oob():
    raise trap(TrapCode.MEMORY_OUT_OF_BOUNDS)


def _table_oob():
    raise trap(TrapCode.TABLE_OUT_OF_BOUNDS)


def _undefined_element():
    raise numeric.Trap("undefined element", TrapCode.TABLE_OUT_OF_BOUNDS)


def _bad_indirect(func):
    if func is None:
        raise trap(TrapCode.INDIRECT_CALL_TO_NULL)
    raise trap(TrapCode.BAD_SIGNATURE)


def _unreachable():
    return trap(TrapCode.UNREACHABLE)


def _out_of_fuel():
    raise trap(TrapCode.OUT_OF_FUEL)


def _interrupt():
    raise trap(TrapCode.INTERRUPT)


# -- memory -------------------------------------------------------------------------

_F32 = struct.Struct("<f")
_U32 = struct.Struct("<I")


def _load_f32(memory: bytearray, address: int) -> float:
    value = _F32.unpack_from(memory, address)[0]
    if value != value:  # struct would have quieted a signalling NaN
        return f32_from_bits(_U32.unpack_from(memory, address)[0])
    return value


def _store_f32(memory: bytearray, address: int, value: float) -> None:
    if value != value:
        _U32.pack_into(memory, address, f32_bits(value))
    else:
        _F32.pack_into(memory, address, value)


def _memory_fill(memory: bytearray, dest: int, value: int, count: int) -> None:
    if dest + count > len(memory):
        _memory_oob()
    memory[dest:dest + count] = bytes((value & 0xFF,)) * count


def _memory_copy(dest_memory: bytearray, source_memory: bytearray, dest: int, source: int,
                 count: int) -> None:
    if source + count > len(source_memory) or dest + count > len(dest_memory):
        _memory_oob()
    dest_memory[dest:dest + count] = source_memory[source:source + count]


def _memory_init(memory: bytearray, datas: list, index: int, dest: int, source: int,
                 count: int) -> None:
    data = datas[index]
    if source + count > len(data) or dest + count > len(memory):
        _memory_oob()
    memory[dest:dest + count] = data[source:source + count]


# -- tables ----------------------------------------------------------------------------

def _table_set(table: list, index: int, value) -> None:
    if index >= len(table):
        _table_oob()
    table[index] = value


def _table_fill(table: list, start: int, value, count: int) -> None:
    if start + count > len(table):
        _table_oob()
    table[start:start + count] = [value] * count


def _table_copy(dest_table: list, source_table: list, dest: int, source: int, count: int) -> None:
    if source + count > len(source_table) or dest + count > len(dest_table):
        _table_oob()
    dest_table[dest:dest + count] = source_table[source:source + count]


def _table_init(table: list, elems: list, index: int, dest: int, source: int, count: int) -> None:
    elem = elems[index]
    if source + count > len(elem) or dest + count > len(table):
        _table_oob()
    table[dest:dest + count] = elem[source:source + count]


def _table_grow(table, init, delta: int) -> int:
    return table._grow(delta, init)


HELPERS: dict = {
    "_memory_oob": _memory_oob, "_table_oob": _table_oob,
    "_undefined_element": _undefined_element, "_bad_indirect": _bad_indirect,
    "_unreachable": _unreachable, "_out_of_fuel": _out_of_fuel, "_interrupt": _interrupt,
    "_load_f32": _load_f32, "_store_f32": _store_f32,
    "_memory_fill": _memory_fill, "_memory_copy": _memory_copy, "_memory_init": _memory_init,
    "_table_set": _table_set, "_table_fill": _table_fill, "_table_copy": _table_copy,
    "_table_init": _table_init, "_table_grow": _table_grow,
    "_r32": numeric.f32_round, "_fdiv": numeric.fdiv, "_fsqrt": numeric.fsqrt,
    "_fmin": numeric.fmin, "_fmax": numeric.fmax, "_copysign": math.copysign,
    "_fceil": numeric.fceil, "_ffloor": numeric.ffloor, "_ftrunc": numeric.ftrunc,
    "_fnearest": numeric.fnearest,
    "_div_u": numeric.div_u, "_rem_u": numeric.rem_u,
    "_i32_div_s": numeric.i32_div_s, "_i32_rem_s": numeric.i32_rem_s,
    "_i64_div_s": numeric.i64_div_s, "_i64_rem_s": numeric.i64_rem_s,
    "_ctz": numeric.ctz, "_rotl": numeric.rotl, "_rotr": numeric.rotr,
    "_f32_from_int": numeric.f32_from_int,
    "_f32_bits": numeric.f32_bits, "_f32_from_bits": numeric.f32_from_bits,
    "_f64_bits": numeric.f64_bits, "_f64_from_bits": numeric.f64_from_bits,
}
for _width in ("32", "64"):
    for _sign in "su":
        HELPERS[f"_i{_width}_trunc_{_sign}"] = getattr(numeric, f"i{_width}_trunc_{_sign}")
        HELPERS[f"_i{_width}_trunc_sat_{_sign}"] = getattr(numeric, f"i{_width}_trunc_sat_{_sign}")
for _fmt, _prefix in STRUCT_NAMES.items():
    _packer = struct.Struct(_fmt)
    HELPERS[_prefix + "_get"] = _packer.unpack_from
    HELPERS[_prefix + "_put"] = _packer.pack_into
