"""``wasmic compile FILE [-o OUT]``: compile a module to a native artifact.

The artifact (``.cwasm``) holds the module, its compiled library and the
native runtime library, so ``Module.deserialize_file`` loads it on a machine
of the same platform and Python without any C compiler.  The build options
are part of it: load it into an engine whose Config has the same
``consume_fuel`` and ``epoch_interruption``.  On a terminal, a long compile
shows how many of its C files are compiled.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from ..binary import encode_module
from ..errors import WasmError
from ..frontend import MAGIC, load
from .common import about, read_input, write_output

NAME = "compile"
HELP = "compile a WebAssembly module (.wasm or .wat) to a native artifact (.cwasm)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="the .wasm or .wat file")
    parser.add_argument("-o", "--output", metavar="OUT", help="where to write (default: FILE.cwasm)")
    parser.add_argument("-O", "--opt-level", type=int, choices=range(4), default=2, metavar="N",
                        help="C compiler optimization level, 0..3 (default: 2)")
    parser.add_argument("--consume-fuel", action="store_true",
                        help="meter fuel (for engines with Config.consume_fuel)")
    parser.add_argument("--epoch-interruption", action="store_true",
                        help="check epochs (for engines with Config.epoch_interruption)")


def run(args: argparse.Namespace) -> int:
    from ..backend.native import compile_module

    data = read_input(args.file)
    progress = TerminalProgress(args.file, sys.stderr) if sys.stderr.isatty() else None
    try:
        module, _ = load(data)
        wasm = data if data.startswith(MAGIC) else bytes(encode_module(module))
        compiled = compile_module(module, wasm, opt_level=args.opt_level, fuel=args.consume_fuel,
                                  epochs=args.epoch_interruption, progress=progress)
        artifact = compiled.serialize()
    except WasmError as exc:
        raise about(args.file, exc) from None
    finally:
        if progress is not None:
            progress.clear()
    write_output(args.output or str(Path(args.file).with_suffix(".cwasm")), artifact)
    return 0


class TerminalProgress:
    """One status line, rewritten in place, while the C compiler runs."""

    def __init__(self, path: str, stream: TextIO):
        self.path = path
        self.stream = stream
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        self.stream.write(f"\r\x1b[Kwasmic: compiling {self.path}: {done}/{total} C files")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        """Erase the status line (the command's own output follows cleanly)."""
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
