"""Reading a module file named by the user, safely: only a path (str,
bytes or ``os.PathLike``) is accepted - an int would make ``open`` wrap,
and then close, a file descriptor of the process (stdout, say)."""

from __future__ import annotations

import os
from typing import Any

from ..errors import WasmError
from .describe import describe


def read_path(path: Any, what: str = "module file") -> bytes:
    """The bytes of the file at ``path``.  TypeError for a non-path,
    WasmError for a path no file can have, OSError when it cannot be read."""
    if not isinstance(path, (str, bytes, os.PathLike)):
        raise TypeError(f"expected a path for the {what}, got {describe(path)}")
    try:
        with open(path, "rb") as file:
            return file.read()
    except ValueError as error:  # an embedded NUL byte
        raise WasmError(f"invalid path for the {what} {path!r}: {error}") from None
