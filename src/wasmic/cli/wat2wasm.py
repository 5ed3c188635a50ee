"""``wasmic wat2wasm FILE [-o OUT]``: translate a WAT module to a validated binary."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..binary import encode_module
from ..errors import WasmError
from ..frontend import MAGIC, load
from .common import CliError, about, read_input, write_output

NAME = "wat2wasm"
HELP = "translate a WebAssembly text module (.wat) to binary (.wasm)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="the .wat file")
    parser.add_argument("-o", "--output", metavar="OUT", help="where to write (default: FILE.wasm)")


def run(args: argparse.Namespace) -> int:
    text = read_input(args.file)
    if text.startswith(MAGIC):
        raise CliError(f"{args.file}: already a binary module")
    try:
        module, _ = load(text)
    except WasmError as exc:
        raise about(args.file, exc) from None
    output = args.output or str(Path(args.file).with_suffix(".wasm"))
    write_output(output, encode_module(module))
    return 0
