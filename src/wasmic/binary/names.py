"""The ``name`` custom section: module, function and local names.

It is a custom section, so a malformed one never makes the module malformed:
``decode_names`` then returns empty ``Names``.  Subsections other than the
module (0), function (1) and local (2) names are skipped.
"""

from __future__ import annotations

from ..errors import DecodeError
from ..syntax.module import Names
from .reader import Reader

MODULE_NAME, FUNCTION_NAMES, LOCAL_NAMES = 0, 1, 2


def decode_names(data: bytes) -> Names:
    """Parse a name section's contents; empty ``Names`` if they are malformed."""
    try:
        return read_names(Reader(data))
    except DecodeError:
        return Names()


def read_names(r: Reader) -> Names:
    names = Names()
    last_id = -1
    while r.pos < r.end:
        sub_id = r.byte()
        if sub_id <= last_id:
            raise r.fail("name subsections out of order", r.pos - 1)
        last_id = sub_id
        size = r.length()
        end = r.pos + size
        if sub_id == MODULE_NAME:
            names.module = r.name()
        elif sub_id == FUNCTION_NAMES:
            names.funcs = name_map(r)
        elif sub_id == LOCAL_NAMES:
            names.locals = {index: name_map(r) for index in indices(r)}
        else:
            r.pos = end
        if r.pos != end:
            raise r.fail("name subsection size mismatch", end)
    return names


def indices(r: Reader):
    """Yield the indices of an index-keyed vector, which must increase; the
    caller reads each entry's value right after its index."""
    last = -1
    for _ in range(r.length()):
        index = r.u32()
        if index <= last:
            raise r.fail("name map indices out of order")
        last = index
        yield index


def name_map(r: Reader) -> dict[int, str]:
    return {index: r.name() for index in indices(r)}
