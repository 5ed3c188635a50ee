"""``proc_exit`` and ``proc_raise``: ending the program.

``proc_exit`` unwinds the wasm stack with ``ExitTrap`` carrying the exit
status.  ``proc_raise`` delivers a signal with its default action, as far
as a sandbox can: signals whose default is to be ignored (or to stop or
continue a process) do nothing, every other one ends the program with a
``Trap`` naming the signal."""

from __future__ import annotations

from ..runtime.trap import ExitTrap, Trap
from .call import HostFunction, WasiCall
from .errno import Errno, WasiError

SIGNALS = ("NONE", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1",
           "SEGV", "USR2", "PIPE", "ALRM", "TERM", "CHLD", "CONT", "STOP", "TSTP", "TTIN",
           "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "POLL", "PWR", "SYS")
"""The WASI ``signal`` enumeration, by number."""

NOT_FATAL = {"NONE", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "WINCH"}


def proc_exit(call: WasiCall, code: int) -> None:
    """End the program with exit status ``code`` (a signed i32, as wasmtime)."""
    raise ExitTrap(code=code - (1 << 32) if code >= 1 << 31 else code)


def proc_raise(call: WasiCall, signal: int) -> None:
    """Deliver ``signal`` to the program (see the module's docstring)."""
    if signal >= len(SIGNALS):
        raise WasiError(Errno.INVAL, f"unknown signal {signal}")
    name = SIGNALS[signal]
    if name not in NOT_FATAL:
        raise Trap(f"wasm program terminated by signal SIG{name}")


FUNCTIONS = {
    "proc_exit": HostFunction("i", proc_exit, returns_errno=False),
    "proc_raise": HostFunction("i", proc_raise),
}
