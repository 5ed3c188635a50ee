"""Running an imported wasm module as a program (``python -m pkg.tool``):
its exports fill ``__main__``, then its ``_start`` (a WASI command's entry
point) runs, and the exit status it gives becomes the process's."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from ..runtime import ExitTrap
from .link import load_into


def run_command(namespace: MutableMapping[str, Any]) -> None:
    """Load the module of ``namespace["__spec__"]`` into ``namespace`` (WASI
    gets the process's arguments by default) and call its ``_start``, if any."""
    load_into(namespace, namespace["__spec__"], command=True)
    start = namespace["__wasm_exports__"].get("_start")
    if start is None:
        return
    try:
        start(namespace["__wasm_store__"])
    except ExitTrap as exit_:
        raise SystemExit(exit_.code) from None
