"""Does an actual result match what a script expects?

Numbers compare by exact bits (so ``-0.0`` differs from ``0.0`` and NaN
payloads count); ``nan:canonical`` and ``nan:arithmetic`` accept a class of
NaNs, for f32/f64 results and per lane of a v128; references compare by
nullness, and externrefs by their host reference number.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Sequence

from ..syntax.script import Const, Expected, NanPattern, RefFuncPattern, V128Pattern
from ..syntax.types import F32, F64, FUNCREF, V128, ValueType

# Per float type: (mask of the exponent and quiet bit, canonical NaN bits, sign mask).
_NAN_BITS = {
    F32: (0x7FC00000, 0x7FC00000, 0x80000000),
    F64: (0x7FF8000000000000, 0x7FF8000000000000, 0x8000000000000000),
}

LANE_WIDTHS = {"i8x16": 8, "i16x8": 16, "i32x4": 32, "i64x2": 64, "f32x4": 32, "f64x2": 64}
"""v128 shape -> lane width in bits."""


def is_canonical_nan(bits: int, float_type: ValueType) -> bool:
    """True for the canonical NaN of ``float_type`` (quiet bit only, either sign)."""
    _, canonical, sign = _NAN_BITS[float_type]
    return bits & ~sign == canonical


def is_arithmetic_nan(bits: int, float_type: ValueType) -> bool:
    """True for any quiet NaN of ``float_type`` (exponent all ones, quiet bit set)."""
    quiet_mask, _, _ = _NAN_BITS[float_type]
    return bits & quiet_mask == quiet_mask


def lanes(value: int, shape: str) -> list[int]:
    """The lanes of a v128 (lane 0 in the low bits), as unsigned bit patterns."""
    width = LANE_WIDTHS[shape]
    mask = (1 << width) - 1
    return [(value >> (i * width)) & mask for i in range(128 // width)]


def _nan_matches(pattern: NanPattern, bits: int) -> bool:
    if pattern.kind == "canonical":
        return is_canonical_nan(bits, pattern.type)
    return is_arithmetic_nan(bits, pattern.type)


def matches(expected: Expected, actual: Const) -> bool:
    """True when ``actual`` is a result ``expected`` allows."""
    if isinstance(expected, NanPattern):
        return actual.type == expected.type and actual.value is not None \
            and _nan_matches(expected, actual.value)
    if isinstance(expected, V128Pattern):
        if actual.type != V128 or actual.value is None:
            return False
        actual_lanes = lanes(actual.value, expected.shape)
        return all(_nan_matches(want, got) if isinstance(want, NanPattern) else want == got
                   for want, got in zip(expected.lanes, actual_lanes, strict=True))
    if isinstance(expected, RefFuncPattern):
        return actual.type == FUNCREF and actual.value is not None
    return actual.type == expected.type and actual.value == expected.value


def mismatch(expected: Sequence[Expected], actual: Sequence[Const]) -> str | None:
    """Why ``actual`` results do not match ``expected`` ones, or None if they do."""
    if len(expected) != len(actual):
        return f"expected {len(expected)} results, got {len(actual)}: {format_values(actual)}"
    for index, (want, got) in enumerate(zip(expected, actual, strict=True)):
        if not matches(want, got):
            return f"result {index}: expected {format_expected(want)}, got {format_value(got)}"
    return None


def format_value(value: Const) -> str:
    """A value as the text format writes it, with float bits spelled out."""
    if value.value is None:
        return f"(ref.null {'func' if value.type == FUNCREF else 'extern'})"
    if value.type.is_ref:
        return f"(ref.{'func' if value.type == FUNCREF else 'extern'} {value.value})"
    if value.type in _NAN_BITS:
        return f"({value.type}.const {_float_text(value.value, value.type)} (bits {value.value:#x}))"
    if value.type == V128:
        return f"(v128.const i32x4 {' '.join(f'{lane:#010x}' for lane in lanes(value.value, 'i32x4'))})"
    return f"({value.type}.const {value.value:#x})"


def format_values(values: Sequence[Const]) -> str:
    return "[" + ", ".join(format_value(v) for v in values) + "]"


def format_expected(expected: Expected) -> str:
    """An expected result as the script wrote it."""
    if isinstance(expected, NanPattern):
        return f"({expected.type}.const nan:{expected.kind})"
    if isinstance(expected, V128Pattern):
        shown = (f"nan:{lane.kind}" if isinstance(lane, NanPattern) else f"{lane:#x}"
                 for lane in expected.lanes)
        return f"(v128.const {expected.shape} {' '.join(shown)})"
    if isinstance(expected, RefFuncPattern):
        return "(ref.func)"
    return format_value(expected)


def _float_text(bits: int, float_type: ValueType) -> str:
    value = struct.unpack("<f" if float_type == F32 else "<d",
                          bits.to_bytes(4 if float_type == F32 else 8, "little"))[0]
    return "nan" if math.isnan(value) else repr(value)
