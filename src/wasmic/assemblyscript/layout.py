"""Runtime type information: the flags word the compiler emits per class id
(``__rtti_base`` + 4 + 4 * id), and what it says about an array's elements.
Used where no signature is known: ``get_array`` and ``get_array_view`` on a
bare pointer, as the legacy JS loader did."""

from __future__ import annotations

from ..errors import WasmError
from .heap import U32, Heap

ARRAYBUFFERVIEW, ARRAY, STATICARRAY = 1 << 0, 1 << 1, 1 << 2
VALUE_ALIGN_SHIFT = 6
VALUE_SIGNED, VALUE_FLOAT, VALUE_MANAGED = 1 << 11, 1 << 12, 1 << 14


def element_format(flags: int) -> tuple[str, int]:
    """(struct format, size) of the elements of an array class with ``flags``.
    Floats also carry the signed bit, so the float bit is tested first."""
    align_bits = (flags >> VALUE_ALIGN_SHIFT) & 31
    size = 1 << (align_bits.bit_length() - 1) if align_bits else 1
    if flags & VALUE_FLOAT:
        code = {4: "f", 8: "d"}.get(size)
    elif flags & VALUE_MANAGED:
        code = "I" if size == 4 else None
    else:
        code = {1: "b", 2: "h", 4: "i", 8: "q"}[size]
        code = code if flags & VALUE_SIGNED else code.upper()
    if code is None:
        raise WasmError(f"unsupported array element layout (runtime type flags {flags:#x})")
    return code, size


def array_span(heap: Heap, ptr: int) -> tuple[int, int, str]:
    """(address of the first element, element count, struct format) of the
    array, typed array or static array at ``ptr``, from its runtime type."""
    if not isinstance(ptr, int) or not ptr:
        raise WasmError(f"{ptr!r} is not a pointer to an array")
    type_id, payload = heap.header(ptr)
    flags = heap.rtti_flags(type_id)
    kind = flags & (ARRAYBUFFERVIEW | ARRAY | STATICARRAY)
    if not kind:
        raise WasmError(f"the object at {ptr:#x} (class id {type_id}) is not an array")
    code, size = element_format(flags)
    view = heap.refresh()
    if kind & ARRAY:
        start, count = U32.unpack_from(view, ptr + 4)[0], U32.unpack_from(view, ptr + 12)[0]
    elif kind & ARRAYBUFFERVIEW:
        start = U32.unpack_from(view, ptr + 4)[0]
        count = U32.unpack_from(view, ptr + 8)[0] // size
    else:
        start, count = ptr, payload // size
    return start, count, code
