"""The exceptions of every phase.

One exception class per phase, as in the spec's reference interpreter, so the
class tells which phase rejected the input: ``DecodeError`` for malformed
binaries, ``ParseError`` for malformed text, ``ValidationError`` for invalid
modules.  All derive from ``WasmError`` (also exported as ``WasmtimeError``
so code written for wasmtime-py keeps working).
"""

from __future__ import annotations


class WasmError(Exception):
    """Bad input: malformed bytes or text, an invalid module, wrong arguments."""

    def __init__(self, message: str):
        super().__init__(message)


WasmtimeError = WasmError


class DecodeError(WasmError):
    """A binary module is malformed; names the byte offset and the section."""

    def __init__(self, message: str, offset: int | None = None, section: str | None = None):
        self.reason = message
        self.offset = offset
        self.section = section
        where = []
        if section is not None:
            where.append(f"in {section} section")
        if offset is not None:
            where.append(f"at byte offset {offset:#x}")
        super().__init__(f"{message} ({', '.join(where)})" if where else message)


class ParseError(WasmError):
    """Text (WAT or WAST) is malformed; names the line and column."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None,
                 source: str | None = None):
        self.reason = message
        self.line = line
        self.column = column
        self.source = source
        prefix = ""
        if line is not None:
            prefix = f"{source + ':' if source else ''}{line}:{column}: "
        super().__init__(prefix + message)


class ValidationError(WasmError):
    """A well-formed module breaks a validation rule; names the function and offset."""

    def __init__(self, message: str, func: int | None = None, offset: int | None = None,
                 func_name: str | None = None):
        self.reason = message
        self.func = func
        self.offset = offset
        where = []
        if func is not None:
            where.append(f"in function {func}" + (f" ({func_name})" if func_name else ""))
        if offset is not None:
            where.append(f"at offset {offset:#x}")
        super().__init__(f"{message} ({', '.join(where)})" if where else message)
