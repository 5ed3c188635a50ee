"""``wasmic run PROG.wasm [options] [--] [ARGS...]``: run a WASI program.

The program gets this process's stdin, stdout and stderr, the arguments
after its name (``argv[0]`` is the path given), the variables given with
``--env``, the directories given with ``--dir`` and the listening sockets
of ``--tcplisten`` -- nothing else of the host. The command exits with the
program's exit status. With ``--invoke NAME`` the export ``NAME`` is
called instead of ``_start``, with the arguments converted to its
parameter types, and its results are printed one per line. A trap is
reported as one error line, with status 134 (as wasmtime, like a process
ended by abort()).
"""

from __future__ import annotations

import argparse
import os
import socket
import sys

from ..errors import WasmError
from .common import CliError, about, read_input

NAME = "run"
HELP = "run a WASI program (.wasm or .wat), sandboxed to the directories given"

TRAP_STATUS = 134


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("program", metavar="PROG", help="the .wasm or .wat file to run")
    parser.add_argument("args", nargs="*", metavar="ARGS",
                        help="arguments of the program (after --), or of the --invoke'd export")
    parser.add_argument("--dir", action="append", default=[], metavar="HOST[::GUEST]",
                        help="let the program use host directory HOST as GUEST (default: the "
                             "same name); repeatable")
    parser.add_argument("--env", action="append", default=[], metavar="NAME[=VALUE]",
                        help="set an environment variable (NAME alone: its value here); "
                             "repeatable")
    parser.add_argument("--tcplisten", action="append", default=[], metavar="HOST:PORT",
                        help="give the program a socket listening on HOST:PORT (descriptors "
                             "after the directories); repeatable")
    parser.add_argument("--invoke", metavar="NAME", help="call export NAME instead of _start")
    parser.add_argument("--fuel", type=int, metavar="N",
                        help="stop the program with a trap after N units of fuel")
    parser.add_argument("--tier", choices=("python", "native", "auto"), default="auto",
                        help="the execution tier (default: auto)")


def run(args: argparse.Namespace) -> int:
    from .. import runtime
    from ..wasi import WasiConfig

    if args.fuel is not None and args.fuel < 0:
        raise CliError("--fuel must not be negative")
    config = runtime.Config()
    config.strategy = args.tier
    config.consume_fuel = args.fuel is not None
    engine = runtime.Engine(config)
    try:
        module = runtime.Module(engine, read_input(args.program))
    except WasmError as exc:
        raise about(args.program, exc) from None
    wasi = WasiConfig()
    wasi.argv = [args.program, *([] if args.invoke else args.args)]
    wasi.env = [_variable(text) for text in args.env]
    for text in args.dir:
        host, _, guest = text.partition("::")
        wasi.preopen_dir(host, guest or host)
    for address in args.tcplisten:
        wasi.preopen_socket(_listen(address))
    wasi.inherit_stdin()
    wasi.inherit_stdout()
    wasi.inherit_stderr()
    store = runtime.Store(engine)
    store.set_wasi(wasi)
    if args.fuel is not None:
        store.set_fuel(args.fuel)
    linker = runtime.Linker(engine)
    linker.define_wasi()
    try:
        return _execute(store, linker.instantiate(store, module), args)
    except runtime.ExitTrap as exit_trap:
        return exit_trap.code
    except runtime.Trap as trap:
        print(f"wasmic: error: {args.program}: {trap.reason}", file=sys.stderr)
        return TRAP_STATUS


def _listen(address: str) -> socket.socket:
    """A TCP socket listening on ``HOST:PORT``."""
    host, colon, port = address.rpartition(":")
    if not colon or not port.isdigit() or not host:
        raise CliError(f"--tcplisten {address!r}: expected HOST:PORT")
    try:
        listener = socket.create_server((host.strip("[]"), int(port)))
    except (OSError, OverflowError) as error:
        raise CliError(f"--tcplisten {address}: {getattr(error, 'strerror', None) or error}") \
            from None
    return listener


def _variable(text: str) -> tuple[str, str]:
    name, equals, value = text.partition("=")
    if not name:
        raise CliError(f"--env {text!r}: no variable name")
    if not equals:
        if name not in os.environ:
            raise CliError(f"--env {name}: not set in this environment")
        value = os.environ[name]
    return name, value


def _execute(store, instance, args: argparse.Namespace) -> int:
    from .. import runtime

    exports = instance.exports(store)
    name = args.invoke or "_start"
    if args.invoke is None and "_start" not in exports:
        raise CliError(f"{args.program} has no _start export (a reactor?); use --invoke NAME")
    initialize = exports.get("_initialize")
    if args.invoke is not None and isinstance(initialize, runtime.Func):
        initialize(store)
    func = exports.get(name)
    if not isinstance(func, runtime.Func):
        raise CliError(f"{args.program} exports no function named {name!r}")
    params = [str(param) for param in func.type(store).params]
    values = args.args if args.invoke else []
    if len(values) != len(params):
        raise CliError(f"{name} takes {len(params)} arguments ({', '.join(params) or 'none'}), "
                       f"{len(values)} given")
    results = func(store, *[_value(text, kind) for text, kind in zip(values, params)])
    if args.invoke is not None:
        for result in results if isinstance(results, list) else [results]:
            if result is not None:
                print(result)
    return 0


def _value(text: str, kind: str) -> int | float:
    try:
        if kind in ("i32", "i64"):
            return int(text, 0)
        if kind in ("f32", "f64"):
            return float(text)
    except ValueError:
        raise CliError(f"{text!r} is not a valid {kind}") from None
    raise CliError(f"cannot pass a {kind} from the command line")
