"""``sock_accept``, ``sock_recv``, ``sock_send``, ``sock_shutdown``:
sockets the host handed to the guest (``WasiConfig.preopen_socket``) and
the connections accepted on them.  Preview1 cannot create or connect
sockets; any other descriptor is NOTSOCK."""

from __future__ import annotations

import socket

from .abi import (RIFLAGS_RECV_PEEK, RIFLAGS_RECV_WAITALL, ROFLAGS_RECV_DATA_TRUNCATED,
                  SDFLAGS_RD, SDFLAGS_WR, SOCKET_RIGHTS, FdFlags, Rights)
from .call import HostFunction, WasiCall
from .descriptors import SocketDescriptor
from .errno import Errno, WasiError

_SHUTDOWN = {SDFLAGS_RD: socket.SHUT_RD, SDFLAGS_WR: socket.SHUT_WR,
             SDFLAGS_RD | SDFLAGS_WR: socket.SHUT_RDWR}


def _socket(call: WasiCall, fd: int, right: Rights) -> SocketDescriptor:
    descriptor = call.descriptors.get(fd)
    if not isinstance(descriptor, SocketDescriptor):
        raise WasiError(Errno.NOTSOCK, f"descriptor {fd} is not a socket")
    descriptor.require(right)
    return descriptor


def sock_accept(call: WasiCall, fd: int, flags: int, result_ptr: int) -> None:
    """Accept a connection on a listening socket; the new descriptor."""
    listener = _socket(call, fd, Rights.SOCK_ACCEPT)
    if flags & ~FdFlags.NONBLOCK:
        raise WasiError(Errno.INVAL, f"unsupported flags {flags:#x}")
    call.memory.check(result_ptr, 4)
    connection, _address = listener.socket.accept()
    connection.setblocking(not flags & FdFlags.NONBLOCK)
    accepted = SocketDescriptor(connection, SOCKET_RIGHTS & ~Rights.SOCK_ACCEPT, flags)
    call.memory.set_u32(result_ptr, call.descriptors.add(accepted))


def sock_recv(call: WasiCall, fd: int, ri_data: int, ri_data_len: int, ri_flags: int,
              ro_datalen_ptr: int, ro_flags_ptr: int) -> None:
    """Receive into the iovecs; the byte count and whether a datagram was cut."""
    descriptor = _socket(call, fd, Rights.FD_READ)
    if ri_flags & ~(RIFLAGS_RECV_PEEK | RIFLAGS_RECV_WAITALL):
        raise WasiError(Errno.INVAL, f"unknown riflags {ri_flags:#x}")
    flags = ((socket.MSG_PEEK if ri_flags & RIFLAGS_RECV_PEEK else 0)
             | (socket.MSG_WAITALL if ri_flags & RIFLAGS_RECV_WAITALL else 0))
    call.memory.check(ro_datalen_ptr, 4)
    call.memory.check(ro_flags_ptr, 2)
    buffers = call.memory.buffers(ri_data, ri_data_len)
    count, _ancillary, msg_flags, _address = descriptor.socket.recvmsg_into(buffers, 0, flags)
    call.memory.set_u32(ro_datalen_ptr, count)
    truncated = ROFLAGS_RECV_DATA_TRUNCATED if msg_flags & socket.MSG_TRUNC else 0
    call.memory.write(ro_flags_ptr, truncated.to_bytes(2, "little"))


def sock_send(call: WasiCall, fd: int, si_data: int, si_data_len: int, si_flags: int,
              so_datalen_ptr: int) -> None:
    """Send the ciovecs; the byte count sent."""
    descriptor = _socket(call, fd, Rights.FD_WRITE)
    if si_flags:
        raise WasiError(Errno.INVAL, f"unknown siflags {si_flags:#x}")
    call.memory.check(so_datalen_ptr, 4)
    sent = descriptor.socket.sendmsg(call.memory.buffers(si_data, si_data_len))
    call.memory.set_u32(so_datalen_ptr, sent)


def sock_shutdown(call: WasiCall, fd: int, how: int) -> None:
    """Shut down reading, writing or both."""
    descriptor = _socket(call, fd, Rights.SOCK_SHUTDOWN)
    if how not in _SHUTDOWN:
        raise WasiError(Errno.INVAL, f"unknown sdflags {how:#x}")
    descriptor.socket.shutdown(_SHUTDOWN[how])


FUNCTIONS = {
    "sock_accept": HostFunction("iii", sock_accept),
    "sock_recv": HostFunction("iiiiii", sock_recv),
    "sock_send": HostFunction("iiiii", sock_send),
    "sock_shutdown": HostFunction("ii", sock_shutdown),
}
