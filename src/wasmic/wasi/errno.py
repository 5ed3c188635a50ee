"""WASI error numbers (``errno`` of wasi_snapshot_preview1) and the one
exception the host functions raise to return one to the guest.

Host functions never let a Python exception reach wasm for a failure the
guest caused: they raise ``WasiError(Errno.X)`` (or let an ``OSError``
from the host escape), and the call wrapper turns either into the errno
the guest sees.  ``from_os_error`` is that translation for host errors.
"""

from __future__ import annotations

import enum
import errno as host


class Errno(enum.IntEnum):
    """The preview1 ``errno`` enumeration (same numbers in wasi_unstable)."""

    SUCCESS = 0
    TOOBIG = 1
    ACCES = 2
    ADDRINUSE = 3
    ADDRNOTAVAIL = 4
    AFNOSUPPORT = 5
    AGAIN = 6
    ALREADY = 7
    BADF = 8
    BADMSG = 9
    BUSY = 10
    CANCELED = 11
    CHILD = 12
    CONNABORTED = 13
    CONNREFUSED = 14
    CONNRESET = 15
    DEADLK = 16
    DESTADDRREQ = 17
    DOM = 18
    DQUOT = 19
    EXIST = 20
    FAULT = 21
    FBIG = 22
    HOSTUNREACH = 23
    IDRM = 24
    ILSEQ = 25
    INPROGRESS = 26
    INTR = 27
    INVAL = 28
    IO = 29
    ISCONN = 30
    ISDIR = 31
    LOOP = 32
    MFILE = 33
    MLINK = 34
    MSGSIZE = 35
    MULTIHOP = 36
    NAMETOOLONG = 37
    NETDOWN = 38
    NETRESET = 39
    NETUNREACH = 40
    NFILE = 41
    NOBUFS = 42
    NODEV = 43
    NOENT = 44
    NOEXEC = 45
    NOLCK = 46
    NOLINK = 47
    NOMEM = 48
    NOMSG = 49
    NOPROTOOPT = 50
    NOSPC = 51
    NOSYS = 52
    NOTCONN = 53
    NOTDIR = 54
    NOTEMPTY = 55
    NOTRECOVERABLE = 56
    NOTSOCK = 57
    NOTSUP = 58
    NOTTY = 59
    NXIO = 60
    OVERFLOW = 61
    OWNERDEAD = 62
    PERM = 63
    PIPE = 64
    PROTO = 65
    PROTONOSUPPORT = 66
    PROTOTYPE = 67
    RANGE = 68
    ROFS = 69
    SPIPE = 70
    SRCH = 71
    STALE = 72
    TIMEDOUT = 73
    TXTBSY = 74
    XDEV = 75
    NOTCAPABLE = 76


class WasiError(Exception):
    """A WASI call failed with ``errno``; the guest receives that number."""

    def __init__(self, errno: Errno, detail: str = ""):
        super().__init__(f"{errno.name}{': ' + detail if detail else ''}")
        self.errno = errno


def _host_table() -> dict[int, Errno]:
    """Host errno -> WASI errno, by name (E2BIG is TOOBIG, EWOULDBLOCK is
    AGAIN, EOPNOTSUPP is NOTSUP; names the host lacks are skipped)."""
    table: dict[int, Errno] = {}
    aliases = {"E2BIG": Errno.TOOBIG, "EWOULDBLOCK": Errno.AGAIN, "EOPNOTSUPP": Errno.NOTSUP,
               "EDQUOT": Errno.DQUOT}
    for code in Errno:
        number = getattr(host, "E" + code.name, None)
        if number is not None and code is not Errno.SUCCESS:
            table.setdefault(number, code)
    for name, code in aliases.items():
        number = getattr(host, name, None)
        if number is not None:
            table.setdefault(number, code)
    return table


_FROM_HOST = _host_table()


def from_os_error(error: OSError) -> Errno:
    """The WASI errno for a host ``OSError`` (EIO when it has no number or
    no WASI equivalent)."""
    if error.errno is None:
        return Errno.IO
    return _FROM_HOST.get(error.errno, Errno.IO)
