"""``python -m wasmic.loader MODULE|FILE [ARGS...]``: run a wasm module as
a program, with the import hook installed: ``MODULE`` is found on
``sys.path`` like any import, ``FILE`` is a path to a ``.wasm`` or ``.wat``
file.  Its imports are resolved as for any import; its ``_start`` runs."""

from __future__ import annotations

import os
import runpy
import sys
from importlib.util import spec_from_file_location

from . import SUFFIXES, WasmLoader, install
from .command import run_command


def _run_file(path: str) -> None:
    origin = os.path.abspath(path)
    stem = os.path.splitext(os.path.basename(origin))[0]
    spec = spec_from_file_location(stem, origin, loader=WasmLoader(stem, origin))
    run_command({"__name__": "__main__", "__spec__": spec, "__file__": origin,
                 "__loader__": spec.loader, "__package__": ""})


def main(argv: list[str]) -> None:
    """Run the module or file named by ``argv[0]``, the rest its arguments."""
    if not argv or argv[0].startswith("-"):
        sys.exit("usage: python -m wasmic.loader MODULE|FILE.wasm|FILE.wat [ARGS...]")
    install()
    sys.argv = argv
    if argv[0].endswith(SUFFIXES):
        if not os.path.isfile(argv[0]):
            sys.exit(f"wasmic.loader: no such file: {argv[0]}")
        _run_file(argv[0])
    else:
        runpy.run_module(argv[0], run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
