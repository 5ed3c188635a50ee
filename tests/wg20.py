"""Where the official wg-2.0 spec suite lives, for the tests (it is read in
place, never copied into the repository)."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def locate_testsuite() -> Path:
    """Where the wg-2.0 .wast scripts are (they are read there, never copied)."""
    override = os.environ.get("WASMIC_TESTSUITE")
    return Path(override) if override else REPO.parent / "shared" / "wasm-testsuite" / "wg-2.0"


def wg20_scripts() -> list[Path]:
    """The suite's scripts, sorted; empty if the suite is missing."""
    folder = locate_testsuite()
    return sorted(folder.glob("*.wast")) if folder.is_dir() else []
