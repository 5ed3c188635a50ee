"""Records: instances of plain AssemblyScript classes, copied by value.

A plain class (no constructor, no private members, no base class) travels
as its fields, like the compiler's own bindings do: lifted to a ``dict``
(or an instance of a class you choose, e.g. a dataclass) and lowered from a
mapping or any object with those attributes.  Fields sit in declaration
order at their natural alignment; one ``struct`` call reads or writes all
the inline fields, references are then lifted or lowered one by one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from struct import Struct
from struct import error as StructError
from typing import Any

from .heap import U32, Heap, null_pointer
from .types import AsType


@dataclasses.dataclass
class RecordLayout:
    """Where each field of a plain class lives."""

    name: str
    type_id: int | None
    fields: list[tuple[str, AsType]]
    offsets: list[int] = dataclasses.field(default_factory=list)
    size: int = 0
    struct: Struct = dataclasses.field(default=Struct("<"))

    def __post_init__(self) -> None:
        offset, layout = 0, "<"
        self.offsets = []
        for _, ftype in self.fields:
            size, code = ftype.storage
            aligned = (offset + size - 1) & -size
            layout += f"{aligned - offset}x{code}" if aligned > offset else code
            self.offsets.append(aligned)
            offset = aligned + size
        self.size = offset
        self.struct = Struct(layout)


def _field_values(layout: RecordLayout, value: Any) -> list:
    names = [name for name, _ in layout.fields]
    if type(value) is dict and len(value) == len(names):  # the common case, first
        try:
            return [value[name] for name in names]
        except KeyError:
            pass  # reported below
    if isinstance(value, Mapping):
        unknown = set(value) - set(names)
        if unknown:
            raise TypeError(f"{layout.name} has no field {sorted(unknown)[0]!r}")
        missing = [name for name in names if name not in value]
        if missing:
            raise TypeError(f"{layout.name} needs a value for field {missing[0]!r}")
        return [value[name] for name in names]
    try:
        return [getattr(value, name) for name in names]
    except AttributeError as error:
        raise TypeError(f"expected a {layout.name} record (a mapping or an object with its "
                        f"fields), got {type(value).__name__}: {error}") from None


def lift_record(layout: RecordLayout, field_lifters: list[Callable | None],
                factory: Callable[..., Any] | None) -> Callable:
    """The lifter of a record: a dict, or ``factory(**fields)``."""
    names = [name for name, _ in layout.fields]
    unpack = layout.struct.unpack_from
    managed = [(i, lift) for i, lift in enumerate(field_lifters) if lift is not None]

    def lift(view: memoryview, ptr: int) -> Any:
        if not ptr:
            return None
        values = list(unpack(view, ptr))
        for index, lift_field in managed:
            values[index] = lift_field(view, values[index])
        fields = dict(zip(names, values))
        return fields if factory is None else factory(**fields)
    return lift


def record_lowerer(heap: Heap, layout: RecordLayout, field_lowerers: list[Callable | None],
                   nullable: bool) -> Callable[[Any], int]:
    """The lowerer of a record: a new (unpinned) object of its class holding
    a value's fields; references are lowered while the object is pinned,
    then stored."""
    pack, size = layout.struct.pack, layout.size
    references = [(index, lower, offset) for index, (lower, offset)
                  in enumerate(zip(field_lowerers, layout.offsets)) if lower is not None]

    def lower(value: Any) -> int:
        if value is None:
            return null_pointer(nullable, layout.name)
        values = _field_values(layout, value)
        inline = values.copy()
        for index, _, _ in references:
            inline[index] = 0  # null until lowered: safe for the collector
        try:
            packed = pack(*inline)
        except StructError as error:
            raise TypeError(f"{layout.name}: a field has the wrong type ({error})") from None
        ptr = heap.new_filled(packed, layout.type_id)
        if references:
            heap.pin_fresh(ptr)
            try:
                for index, lower_field, offset in references:
                    pointer = lower_field(values[index])  # before taking a view: it allocates
                    U32.pack_into(heap.view_to(ptr + size), ptr + offset, pointer)
            finally:
                heap.unpin_fresh(ptr)
        return ptr
    return lower


def record_dataclass(layout: RecordLayout) -> type:
    """A dataclass named after the record, with its fields."""
    return dataclasses.make_dataclass(layout.name, [name for name, _ in layout.fields])
