"""``args_*`` and ``environ_*``: the program's arguments and environment,
each a list of NUL-terminated strings copied into guest buffers."""

from __future__ import annotations

from .call import HostFunction, WasiCall


def _sizes(call: WasiCall, items: list[bytes], count_ptr: int, size_ptr: int) -> None:
    call.memory.set_u32(count_ptr, len(items))
    call.memory.set_u32(size_ptr, sum(len(item) + 1 for item in items))


def _copy(call: WasiCall, items: list[bytes], pointers: int, buffer: int) -> None:
    memory = call.memory
    memory.check(pointers, 4 * len(items))
    memory.check(buffer, sum(len(item) + 1 for item in items))
    for index, item in enumerate(items):
        memory.set_u32(pointers + 4 * index, buffer)
        memory.write(buffer, item + b"\0")
        buffer += len(item) + 1


def args_sizes_get(call: WasiCall, count_ptr: int, size_ptr: int) -> None:
    """The number of arguments and the bytes they need."""
    _sizes(call, call.context.args, count_ptr, size_ptr)


def args_get(call: WasiCall, argv: int, argv_buf: int) -> None:
    """The arguments: pointers at ``argv``, strings at ``argv_buf``."""
    _copy(call, call.context.args, argv, argv_buf)


def environ_sizes_get(call: WasiCall, count_ptr: int, size_ptr: int) -> None:
    """The number of environment variables and the bytes they need."""
    _sizes(call, call.context.env, count_ptr, size_ptr)


def environ_get(call: WasiCall, environ: int, environ_buf: int) -> None:
    """The ``NAME=value`` strings: pointers at ``environ``, text at ``environ_buf``."""
    _copy(call, call.context.env, environ, environ_buf)


FUNCTIONS = {
    "args_get": HostFunction("ii", args_get),
    "args_sizes_get": HostFunction("ii", args_sizes_get),
    "environ_get": HostFunction("ii", environ_get),
    "environ_sizes_get": HostFunction("ii", environ_sizes_get),
}
