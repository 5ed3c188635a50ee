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


def lower_record(heap: Heap, layout: RecordLayout, field_lowerers: list[Callable | None],
                 nullable: bool, value: Any) -> int:
    """A new (unpinned) object of the record's class holding ``value``'s fields;
    references are lowered while the object is pinned, then stored."""
    if value is None:
        return null_pointer(nullable, layout.name)
    values = _field_values(layout, value)
    inline = [0 if lower is not None else field
              for lower, field in zip(field_lowerers, values)]
    try:
        packed = layout.struct.pack(*inline)
    except StructError as error:
        raise TypeError(f"{layout.name}: a field has the wrong type ({error})") from None
    ptr = heap.new(layout.size, layout.type_id)
    heap.view()[ptr:ptr + layout.size] = packed
    if any(lower is not None for lower in field_lowerers):
        heap.pin_fresh(ptr)
        try:
            for lower, field, offset in zip(field_lowerers, values, layout.offsets):
                if lower is not None:
                    U32.pack_into(heap.view(), ptr + offset, lower(field))
        finally:
            heap.unpin_fresh(ptr)
    return ptr


def record_dataclass(layout: RecordLayout) -> type:
    """A dataclass named after the record, with its fields."""
    return dataclasses.make_dataclass(layout.name, [name for name, _ in layout.fields])
