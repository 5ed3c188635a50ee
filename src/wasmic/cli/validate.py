"""``wasmic validate FILE...``: check that modules (binary or WAT) are valid."""

from __future__ import annotations

import argparse

from ..errors import WasmError
from ..frontend import load
from .common import about, read_input

NAME = "validate"
HELP = "check that WebAssembly modules (.wasm or .wat) are valid"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="a .wasm or .wat file")


def run(args: argparse.Namespace) -> int:
    for path in args.files:
        try:
            load(read_input(path))
        except WasmError as exc:
            raise about(path, exc) from None
        print(f"{path}: valid")
    return 0
