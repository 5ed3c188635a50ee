"""What the subcommands share: reading and writing files, errors for the user."""

from __future__ import annotations

from pathlib import Path

from ..errors import ParseError, WasmError


class CliError(Exception):
    """A failure to report to the user as one line (the message), exit status 1."""


def read_input(path: str) -> bytes:
    """The bytes of ``path``; a CliError that names the file if it cannot be read."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror or exc}") from None


def write_output(path: str, data: bytes) -> None:
    """Write ``data`` to ``path``; a CliError that names the file if that fails."""
    try:
        Path(path).write_bytes(data)
    except OSError as exc:
        raise CliError(f"cannot write {path}: {exc.strerror or exc}") from None


def about(path: str, error: WasmError) -> CliError:
    """A WasmError reported against the file it came from (``FILE:LINE:COLUMN:`` for text)."""
    if isinstance(error, ParseError) and error.line is not None:
        return CliError(f"{path}:{error.line}:{error.column}: {error.reason}")
    return CliError(f"{path}: {error}")
