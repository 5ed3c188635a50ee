"""Describing a rejected argument in an error message, safely for any value
(a huge int or a long string is summarized, other objects named by type)."""

from __future__ import annotations

from typing import Any


def describe(value: Any) -> str:
    """A short description of a rejected argument, safe for any value."""
    if isinstance(value, int) and value.bit_length() > 64:
        return f"an int of {value.bit_length()} bits"
    text = repr(value) if isinstance(value, (int, float, str, bytes, type(None))) else ""
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{type(value).__name__} {text}".rstrip()
