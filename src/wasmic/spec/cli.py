"""``python -m wasmic.spec PATH...``: run spec scripts and print a summary.

One line per script with its counts, then, as the very last line, the totals
``N passed, N failed, N skipped``; the exit status is 1 if anything failed
(or no script was found).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .engine import TIERS, Engine, UnavailableTier, engine_for
from .runner import FileReport, Status, run_file


def script_paths(paths: Sequence[str], substring: str | None) -> list[Path]:
    """The .wast files named or contained (directly) in ``paths``, filtered by name."""
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        found.extend(sorted(path.glob("*.wast")) if path.is_dir() else [path])
    return [p for p in found if substring is None or substring in p.name]


def summary(passed: int, failed: int, skipped: int) -> str:
    return f"{passed} passed, {failed} failed, {skipped} skipped"


def file_line(report: FileReport) -> str:
    counts = (report.count(status) for status in Status)
    return f"{Path(report.path).name}: {summary(*counts)}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wasmic.spec",
                                     description="Run WebAssembly spec test scripts (.wast).")
    parser.add_argument("paths", nargs="+", metavar="PATH", help=".wast files or folders of them")
    parser.add_argument("--tier", choices=TIERS, default="python",
                        help="execution tier for commands that run code (default: python)")
    parser.add_argument("-k", dest="substring", help="only scripts whose file name contains this")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every failure")
    args = parser.parse_args(argv)

    engine: Engine | None
    try:
        engine = engine_for(args.tier)
    except UnavailableTier as exc:
        engine = None
        print(f"note: {exc}; commands that run code are skipped")
    paths = script_paths(args.paths, args.substring)
    if not paths:
        print("note: no .wast scripts found", file=sys.stderr)
    totals = dict.fromkeys(Status, 0)
    for path in paths:
        report = run_file(path, engine)
        print(file_line(report), flush=True)
        if args.verbose and report.failures:
            print(_indent(report.describe_failures()))
        for status in Status:
            totals[status] += report.count(status)
    print(summary(*totals.values()))
    return 1 if totals[Status.FAILED] or not paths else 0


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())
