"""The ``wasmic`` command: one subcommand per module of this package.

Every failure is reported as a single line ``wasmic: error: ...`` on stderr
with exit status 1 -- bad input, unreadable files and usage errors alike --
never as a traceback.  A new subcommand is a new module with ``NAME``,
``HELP``, ``add_arguments(parser)`` and ``run(args) -> int``, listed in
``COMMANDS``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from .. import __version__
from ..errors import WasmError
from . import compile_artifact, inspect, run, validate, wat2wasm
from .common import CliError

COMMANDS = (validate, wat2wasm, inspect, compile_artifact, run)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are CliErrors instead of exit(2)."""

    def error(self, message: str):  # type: ignore[override]
        raise CliError(f"{message} (see '{self.prog} --help')")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="wasmic", description="A WebAssembly runtime for Python.")
    parser.add_argument("--version", action="version", version=f"wasmic {__version__}")
    subcommands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        sub = subcommands.add_parser(command.NAME, help=command.HELP, description=command.HELP)
        command.add_arguments(sub)
        sub.set_defaults(run=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (default: sys.argv[1:]); the exit status."""
    try:
        args = build_parser().parse_args(argv)
        return args.run(args)
    except (CliError, WasmError) as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return _fail("interrupted")
    except BrokenPipeError:  # the reader went away (``wasmic inspect x | head``)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no flush error at exit
        return 1
    except Exception as exc:  # noqa: BLE001 - a bug must still not print a traceback
        return _fail(f"internal error: {type(exc).__name__}: {exc}")


def _fail(message: str) -> int:
    print(f"wasmic: error: {message}", file=sys.stderr)
    return 1
