"""Engine-canonical function type ids.

``call_indirect`` and import linking compare signatures by one integer:
equal types get equal ids in every module of the process, so a funcref
made by one module passes the check in another.  Ids are assigned on first
sight and never reused.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from ...syntax.types import FuncType

_ids: dict[FuncType, int] = {}
_lock = threading.Lock()


def type_id(ftype: FuncType) -> int:
    """The canonical id of ``ftype``."""
    found = _ids.get(ftype)
    if found is not None:
        return found
    with _lock:
        return _ids.setdefault(ftype, len(_ids) + 1)


def type_ids(types: Iterable[FuncType]) -> tuple[int, ...]:
    """The canonical ids of a module's types, in order."""
    return tuple(type_id(t) for t in types)


def type_of(type_id: int) -> FuncType:
    """The function type whose canonical id is ``type_id``."""
    with _lock:
        for ftype, found in _ids.items():
            if found == type_id:
                return ftype
    raise KeyError(type_id)
