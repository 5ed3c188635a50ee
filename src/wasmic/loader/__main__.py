"""``python -m wasmic.loader MODULE [ARGS...]``: run the wasm module
``MODULE`` (found on ``sys.path`` like any import) as a program, with the
import hook installed."""

from __future__ import annotations

import runpy
import sys

from . import install


def main(argv: list[str]) -> None:
    """Run the module named by ``argv[0]`` with the rest as its arguments."""
    if not argv or argv[0].startswith("-"):
        sys.exit("usage: python -m wasmic.loader MODULE [ARGS...]")
    install()
    sys.argv = argv
    runpy.run_module(argv[0], run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
