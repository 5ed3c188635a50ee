"""``WasiCall``: what one WASI host function call works with -- the
store's context, the caller's memory and the ABI layout of the module
name it was imported under -- and ``Signature``, how each function's
parameters are typed."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from .abi import Layout
from .context import WasiContext
from .descriptors import DescriptorTable
from .guest_memory import GuestMemory


class WasiCall:
    """The receiver of every host function implementation."""

    __slots__ = ("context", "memory", "layout")

    def __init__(self, context: WasiContext, memory: GuestMemory, layout: Layout):
        self.context, self.memory, self.layout = context, memory, layout

    @property
    def descriptors(self) -> DescriptorTable:
        """The descriptor table of the store's WASI context."""
        return self.context.descriptors


class HostFunction(NamedTuple):
    """A WASI function: parameter kinds and its implementation.

    ``params`` has one letter per wasm parameter: ``i`` an unsigned i32,
    ``I`` an unsigned i64, ``s`` a signed i64.  ``returns_errno`` is False
    only for ``proc_exit``.  The implementation takes a ``WasiCall`` and
    the parameters, and returns nothing or raises ``WasiError``."""

    params: str
    impl: Callable[..., None]
    returns_errno: bool = True
