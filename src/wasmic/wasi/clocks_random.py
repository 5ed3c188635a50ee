"""``clock_*``, ``random_get`` and ``sched_yield``: time, entropy and
yielding the processor.  Clocks count nanoseconds: realtime since the
Unix epoch, monotonic from an arbitrary start, and the CPU time of the
process and of the calling thread."""

from __future__ import annotations

import os
import time

from .abi import ClockId
from .call import HostFunction, WasiCall
from .errno import Errno, WasiError

CLOCKS = {
    ClockId.REALTIME: (time.time_ns, "time"),
    ClockId.MONOTONIC: (time.monotonic_ns, "monotonic"),
    ClockId.PROCESS_CPUTIME_ID: (time.process_time_ns, "process_time"),
    ClockId.THREAD_CPUTIME_ID: (time.thread_time_ns, "thread_time"),
}

RANDOM_CHUNK = 1 << 16
"""``random_get`` fills large buffers in pieces of this many bytes."""


def now(clock_id: int) -> int:
    """The current time of clock ``clock_id`` in ns; INVAL for an unknown clock."""
    entry = CLOCKS.get(clock_id)
    if entry is None:
        raise WasiError(Errno.INVAL, f"unknown clock {clock_id}")
    return entry[0]()


def clock_res_get(call: WasiCall, clock_id: int, result_ptr: int) -> None:
    """The resolution of a clock in ns (at least 1)."""
    entry = CLOCKS.get(clock_id)
    if entry is None:
        raise WasiError(Errno.INVAL, f"unknown clock {clock_id}")
    resolution = time.get_clock_info(entry[1]).resolution
    call.memory.set_u64(result_ptr, max(1, round(resolution * 1e9)))


def clock_time_get(call: WasiCall, clock_id: int, _precision: int, result_ptr: int) -> None:
    """The current time of a clock in ns."""
    call.memory.set_u64(result_ptr, now(clock_id))


def random_get(call: WasiCall, buffer: int, length: int) -> None:
    """Fill a buffer with bytes from the host's secure random source."""
    call.memory.check(buffer, length)
    for start in range(0, length, RANDOM_CHUNK):
        size = min(RANDOM_CHUNK, length - start)
        call.memory.write(buffer + start, os.urandom(size))


def sched_yield(call: WasiCall) -> None:
    """Let other threads and processes run."""
    if hasattr(os, "sched_yield"):
        os.sched_yield()
    else:
        time.sleep(0)


FUNCTIONS = {
    "clock_res_get": HostFunction("ii", clock_res_get),
    "clock_time_get": HostFunction("iIi", clock_time_get),
    "random_get": HostFunction("ii", random_get),
    "sched_yield": HostFunction("", sched_yield),
}
