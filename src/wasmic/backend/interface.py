"""What the runtime hands a backend when it instantiates compiled code.

A backend compiles a validated module once (``compile``) into an object
with ``instantiate(bindings) -> list of callables``, one per function the
module defines, in index order.  A callable takes internal values (see
``runtime.values``) positionally and returns None, one value, or a tuple.

The runtime objects in ``Bindings`` are read through these attributes:
``Func._call`` (the callable; None for the instance's own functions until
``instantiate`` returns; imports are called through ``imported_calls``), ``Func._type`` (canonical ``FuncType``),
``Memory._data`` (bytearray, grown in place) and ``Memory._grow_pages(delta)
-> old pages or 0xFFFFFFFF``, ``Table._elements`` (list, grown in place) and
``Table._grow(delta, init)``, ``Global._value``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..syntax.types import FuncType

_CANONICAL: dict[FuncType, FuncType] = {}


def canonical_type(ftype: FuncType) -> FuncType:
    """One shared object per distinct function type, so that signature
    checks (``call_indirect``) across modules are identity tests."""
    return _CANONICAL.setdefault(ftype, ftype)


@dataclass
class Bindings:
    """The runtime objects one instance's code uses, by index space."""

    funcs: list  # Func objects of every function index, imports first
    imported_calls: list  # what calling each imported function runs (its ``_call``, or
    # a variant that knows the importing instance)
    memories: list
    tables: list
    globals: list
    elems: list  # element segments: lists of references (``()`` once dropped)
    datas: list  # data segments: bytes (``b""`` once dropped)
    meters: dict = field(default_factory=dict)  # fuel and epoch cells by name (see
    # ``backend.python.metering``)
