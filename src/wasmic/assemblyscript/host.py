"""The standard library's host functions, with Python defaults.

AssemblyScript imports ``env.abort`` whenever code can fail (the runtime
included), ``env.trace`` for ``trace()``, ``env.seed`` for ``Math.random``,
and ``env."console.log"``, ``env."Date.now"``... for the DOM-style
bindings.  Each default here has the signature the compiler gives it, so
its arguments arrive lifted (strings as ``str``).  Any of them can be
replaced through ``load(imports=...)``.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from typing import Any

from .signatures import Signature, parse_signature

logger = logging.getLogger("wasmic.assemblyscript")


class AbortError(Exception):
    """AssemblyScript code aborted (``abort()``, a failed ``assert``, a
    ``throw``, a runtime error such as an index out of range)."""

    def __init__(self, message: str | None, file: str | None, line: int, column: int):
        self.message, self.file, self.line, self.column = message, file, line, column
        super().__init__(f"{message or 'abort'} in {file or '<unknown>'}:{line}:{column}")


def abort(message: str | None = None, file: str | None = None, line: int = 0,
          column: int = 0) -> None:
    """``env.abort``: raise ``AbortError`` (it reaches whoever called into wasm)."""
    raise AbortError(message, file, line, column)


def trace(message: str, count: int = 0, *values: float) -> None:
    """``env.trace``: log the message and its first ``count`` numbers (INFO)."""
    numbers = ", ".join(repr(value) for value in values[:max(0, min(count, 5))])
    logger.info("trace: %s%s", message, f" {numbers}" if numbers else "")


def seed() -> float:
    """``env.seed``: a fresh random seed for ``Math.random``."""
    return float(int.from_bytes(os.urandom(6), "little"))


def _printer(stream_name: str) -> Callable[[str], None]:
    def console(text: str) -> None:
        print(text, file=getattr(sys, stream_name), flush=True)
    return console


def console_assert(condition: bool, message: str) -> None:
    """``console.assert``: report the message on stderr when the condition is false."""
    if not condition:
        print(f"Assertion failed: {message}", file=sys.stderr, flush=True)


class Timers:
    """``console.time`` / ``timeLog`` / ``timeEnd`` labels of one instance."""

    def __init__(self) -> None:
        self._started: dict[str, float] = {}

    def time(self, label: str) -> None:
        self._started[label] = time.perf_counter()

    def _elapsed(self, label: str) -> str:
        started = self._started.get(label)
        if started is None:
            return f"Timer '{label}' does not exist"
        return f"{label}: {(time.perf_counter() - started) * 1000:.3f}ms"

    def time_log(self, label: str) -> None:
        print(self._elapsed(label), flush=True)

    def time_end(self, label: str) -> None:
        print(self._elapsed(label), flush=True)
        self._started.pop(label, None)


_SIGNATURES = {
    "abort": "(String|null?, String|null?, u32?, u32?) => void",
    "trace": "(String, i32?, f64?, f64?, f64?, f64?, f64?) => void",
    "seed": "() => f64",
    "console.assert": "(bool, String) => void",
    "console.time": "(String) => void", "console.timeLog": "(String) => void",
    "console.timeEnd": "(String) => void",
    "Date.now": "() => f64", "performance.now": "() => f64",
    **{f"console.{level}": "(String) => void" for level in ("log", "debug", "info", "warn",
                                                             "error")},
}


def default_imports() -> dict[str, tuple[Callable[..., Any], Signature]]:
    """Fresh defaults for one instance: ``env`` field name -> (function, signature)."""
    timers = Timers()
    functions: dict[str, Callable[..., Any]] = {
        "abort": abort, "trace": trace, "seed": seed, "console.assert": console_assert,
        "console.log": _printer("stdout"), "console.debug": _printer("stdout"),
        "console.info": _printer("stdout"), "console.warn": _printer("stderr"),
        "console.error": _printer("stderr"), "console.time": timers.time,
        "console.timeLog": timers.time_log, "console.timeEnd": timers.time_end,
        "Date.now": lambda: time.time() * 1000.0,
        "performance.now": lambda: time.perf_counter() * 1000.0,
    }
    return {name: (function, standard_signature(name)) for name, function in functions.items()}


def standard_signature(field: str) -> Signature | None:
    """The signature of the standard ``env`` import ``field`` (None if not one)."""
    spelled = _SIGNATURES.get(field)
    return parse_signature(spelled) if spelled is not None else None
