"""Finding what an import names among the objects a user gives: a member of
a mapping (by key) or of any other object (by attribute); a dotted name
(AssemblyScript's ``host.total``) is also looked up member by member.
Shared by the import hook and the AssemblyScript loader."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MISSING = object()
"""What ``member`` and ``find`` return when nothing has the name."""


def member(container: Any, name: str) -> Any:
    """``container[name]`` for a mapping, else its attribute ``name``; MISSING if absent."""
    if isinstance(container, Mapping):
        return container.get(name, MISSING)
    return getattr(container, name, MISSING) if container is not None else MISSING


def find(container: Any, name: str) -> Any:
    """``member(container, name)``, else for a dotted name the members along its path."""
    found = member(container, name)
    if found is MISSING and "." in name:
        found = container
        for part in name.split("."):
            found = member(found, part)
            if found is MISSING:
                break
    return found
