"""Putting the WASI functions into a ``Linker`` (``Linker.define_wasi``).

Every function is defined under ``wasi_snapshot_preview1`` and, with the
older structure layouts, under ``wasi_unstable``. Each becomes a host
function with ``access_caller``: at each call it finds the store's WASI
context (``Store.set_wasi``) and the caller's exported ``memory``, runs
the implementation, and returns the errno -- a ``WasiError`` or a host
``OSError`` becomes its number, a number too large for the host's C types
OVERFLOW; nothing the guest does makes a Python exception escape, except
``ExitTrap`` (``proc_exit``) and the ``Trap`` of a fatal ``proc_raise``.
The memory view is released before returning, so the guest can grow its
memory afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import WasmError
from ..runtime.instance_pre import HostFuncDefinition
from ..runtime.linker import Linker
from ..runtime.store import Store, store_of
from ..runtime.trap import Trap
from ..runtime.types import FuncType, ValType
from . import args_env, clocks_random, fd_attrs, fd_io, path, poll, proc, readdir, sock
from .abi import PREVIEW1, SNAPSHOT0, Layout
from .call import HostFunction, WasiCall
from .errno import Errno, WasiError, from_os_error
from .guest_memory import GuestMemory

FUNCTIONS: dict[str, HostFunction] = {
    **args_env.FUNCTIONS, **clocks_random.FUNCTIONS, **fd_attrs.FUNCTIONS, **fd_io.FUNCTIONS,
    **readdir.FUNCTIONS, **path.FUNCTIONS, **poll.FUNCTIONS, **proc.FUNCTIONS, **sock.FUNCTIONS,
}
"""Every preview1 function, by name."""

MODULES = {"wasi_snapshot_preview1": PREVIEW1, "wasi_unstable": SNAPSHOT0}
"""The import module names WASI is defined under, with their layouts."""

_MASKS = {"i": 0xFFFFFFFF, "I": 0xFFFFFFFFFFFFFFFF, "s": -1}
_TYPES = {"i": ValType.i32, "I": ValType.i64, "s": ValType.i64}
_NO_MEMORY = memoryview(bytearray())


class _WasiDefinition(HostFuncDefinition):
    """A WASI function of a linker: instantiating a module that imports one
    in a store without ``set_wasi`` is an error, named as such."""

    def in_store(self, store: Store):
        if getattr(store, "_wasi", None) is None:
            raise WasmError("the module imports WASI but the store has no WASI "
                            "configuration: call Store.set_wasi(WasiConfig()) first")
        return super().in_store(store)


def define_wasi(linker: Linker) -> None:
    """Define every WASI function in ``linker`` under both module names."""
    for module, layout in MODULES.items():
        for name, spec in FUNCTIONS.items():
            params = [_TYPES[kind]() for kind in spec.params]
            results = [ValType.i32()] if spec.returns_errno else []
            linker._insert(module, name, _WasiDefinition(FuncType(params, results),
                                                         host_function(spec, layout), True))


def host_function(spec: HostFunction, layout: Layout) -> Callable[..., Any]:
    """The ``access_caller`` host callable running ``spec`` for a guest."""
    masks = tuple(_MASKS[kind] for kind in spec.params)
    impl = spec.impl

    def wasi_call(caller: Any, *args: int) -> int | None:
        context = store_of(caller)._wasi
        if context is None:
            raise Trap("WASI is not configured in this store (Store.set_wasi)")
        memory = caller.get("memory")
        view = memory.get_buffer_ptr(caller) if hasattr(memory, "get_buffer_ptr") else _NO_MEMORY
        try:
            impl(WasiCall(context, GuestMemory(view), layout),
                 *[value & mask for value, mask in zip(args, masks)])
            return 0 if spec.returns_errno else None
        except WasiError as error:
            return int(error.errno)
        except OSError as error:
            return int(from_os_error(error))
        except OverflowError:  # a number the host's C types cannot hold
            return int(Errno.OVERFLOW)
        finally:
            if view is not _NO_MEMORY:
                view.release()

    wasi_call.__name__ = wasi_call.__qualname__ = spec.impl.__name__
    return wasi_call
