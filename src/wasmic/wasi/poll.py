"""``poll_oneoff``: wait until a clock deadline passes or a descriptor is
ready, and report every subscription that is.

Regular files, and streams with nothing behind them, are always ready;
host streams and sockets are polled with ``select.poll``.  A clock
subscription fires when its timeout (relative, or absolute with
``SUBCLOCK_ABSTIME``) has passed; the call sleeps until the earliest one
unless some descriptor is ready first.  A subscription that cannot be
waited on (unknown clock, bad descriptor) is reported at once with its
errno in the event.
"""

from __future__ import annotations

import fcntl
import os
import select
import stat
import termios
import time

from .abi import EVENT, EVENT_FD_READWRITE_HANGUP, SUBCLOCK_ABSTIME, EventType, Rights
from .call import HostFunction, WasiCall
from .clocks_random import now
from .descriptors import Descriptor, StreamDescriptor
from .errno import Errno, WasiError

_POLL_IN = select.POLLIN | select.POLLPRI
_POLL_OUT = select.POLLOUT
_POLL_CLOSED = select.POLLHUP | select.POLLERR | select.POLLNVAL


class _Event:
    """One event to report: (userdata, errno, type, nbytes, flags)."""

    __slots__ = ("userdata", "error", "kind", "nbytes", "flags")

    def __init__(self, userdata: int, error: int, kind: int, nbytes: int = 0, flags: int = 0):
        self.userdata, self.error, self.kind = userdata, error, kind
        self.nbytes, self.flags = nbytes, flags


def _readable_bytes(fd: int) -> int:
    try:
        return int.from_bytes(fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0"), "little")
    except OSError:
        return 0


def _always_ready(descriptor: Descriptor, kind: int) -> tuple[int, int] | None:
    """(nbytes, flags) for a descriptor that never blocks; None otherwise."""
    if isinstance(descriptor, StreamDescriptor) and descriptor.host_fd is None:
        return (0, EVENT_FD_READWRITE_HANGUP) if kind == EventType.FD_READ else (0, 0)
    if descriptor.host_fd is None:
        return None
    info = os.fstat(descriptor.host_fd)
    if not stat.S_ISREG(info.st_mode):
        return None
    if kind == EventType.FD_WRITE:
        return 0, 0
    return max(0, info.st_size - os.lseek(descriptor.host_fd, 0, os.SEEK_CUR)), 0


def poll_oneoff(call: WasiCall, in_ptr: int, out_ptr: int, count: int,
                nevents_ptr: int) -> None:
    """Wait for the subscriptions at ``in_ptr``; events go to ``out_ptr``."""
    if count == 0:
        raise WasiError(Errno.INVAL, "no subscriptions")
    layout = call.layout
    call.memory.check(in_ptr, count * layout.subscription_size)
    call.memory.check(out_ptr, count * EVENT.size)
    call.memory.check(nevents_ptr, 4)
    size = layout.subscription_size
    subscriptions = [layout.unpack_subscription(call.memory.view, in_ptr + i * size)
                     for i in range(count)]
    ready: list[_Event] = []
    clocks: list[tuple[int, int]] = []  # (deadline on the monotonic clock, userdata)
    waiting: dict[int, list[tuple[int, int]]] = {}  # host fd -> [(kind, userdata)]
    start = time.monotonic_ns()
    for sub in subscriptions:
        try:
            if sub.kind == EventType.CLOCK:
                current = now(sub.clock_id)
                delay = sub.timeout - current if sub.flags & SUBCLOCK_ABSTIME else sub.timeout
                clocks.append((start + max(0, delay), sub.userdata))
            elif sub.kind in (EventType.FD_READ, EventType.FD_WRITE):
                descriptor = call.descriptors.get(sub.fd)
                descriptor.require(Rights.POLL_FD_READWRITE)
                known = _always_ready(descriptor, sub.kind)
                if known is not None:
                    ready.append(_Event(sub.userdata, 0, sub.kind, *known))
                else:
                    waiting.setdefault(descriptor.host_fd, []).append((sub.kind, sub.userdata))
            else:
                raise WasiError(Errno.INVAL, f"unknown event type {sub.kind}")
        except WasiError as error:
            ready.append(_Event(sub.userdata, error.errno, sub.kind))
    if ready:
        ready += _expired(clocks)
    else:
        ready = _wait(waiting, clocks)
    for index, event in enumerate(ready):
        call.memory.pack(EVENT, out_ptr + index * EVENT.size, event.userdata, event.error,
                         event.kind, event.nbytes, event.flags)
    call.memory.set_u32(nevents_ptr, len(ready))


def _wait(waiting: dict[int, list[tuple[int, int]]],
          clocks: list[tuple[int, int]]) -> list[_Event]:
    """Block until a host descriptor is ready or the first deadline passes."""
    first = min((deadline for deadline, _ in clocks), default=None)
    while True:
        remaining = None if first is None else max(0, first - time.monotonic_ns())
        if waiting:
            events = _poll_fds(waiting, remaining)
        else:
            events = []
            time.sleep((remaining or 0) / 1e9)
        events += _expired(clocks)
        if events:
            return events


def _expired(clocks: list[tuple[int, int]]) -> list[_Event]:
    """The events of the clock subscriptions whose deadline has passed."""
    current = time.monotonic_ns()
    return [_Event(userdata, 0, EventType.CLOCK) for deadline, userdata in clocks
            if deadline <= current]


def _poll_fds(waiting: dict[int, list[tuple[int, int]]], timeout_ns: int | None) -> list[_Event]:
    poller = select.poll()
    for fd, interests in waiting.items():
        mask = 0
        for kind, _ in interests:
            mask |= _POLL_IN if kind == EventType.FD_READ else _POLL_OUT
        poller.register(fd, mask)
    timeout_ms = None if timeout_ns is None else -(-timeout_ns // 1_000_000)
    events = []
    for fd, mask in poller.poll(timeout_ms):
        hangup = EVENT_FD_READWRITE_HANGUP if mask & _POLL_CLOSED else 0
        for kind, userdata in waiting[fd]:
            wanted = _POLL_IN if kind == EventType.FD_READ else _POLL_OUT
            if mask & (wanted | _POLL_CLOSED):
                nbytes = _readable_bytes(fd) if kind == EventType.FD_READ else 0
                events.append(_Event(userdata, 0, kind, nbytes, hangup))
    return events


FUNCTIONS = {"poll_oneoff": HostFunction("iiii", poll_oneoff)}
