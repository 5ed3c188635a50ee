"""Encoding the ``name`` custom section (module, function and local names),
which text-format identifiers become, so that binaries made from text keep
the names backtraces show (as wasmtime's ``wat2wasm`` does)."""

from __future__ import annotations

from ..syntax.module import Names
from .encode import Writer
from .names import FUNCTION_NAMES, LOCAL_NAMES, MODULE_NAME

_CUSTOM_SECTION = 0


def _name_map(w: Writer, names: dict[int, str]) -> None:
    w.u32(len(names))
    for index in sorted(names):
        w.u32(index)
        w.name(names[index])


def _subsections(w: Writer, names: Names) -> None:
    if names.module is not None:
        w.byte(MODULE_NAME)
        w.sized(lambda s: s.name(names.module))
    if names.funcs:
        w.byte(FUNCTION_NAMES)
        w.sized(lambda s: _name_map(s, names.funcs))
    locals_ = {func: names for func, names in names.locals.items() if names}
    if locals_:
        def write_locals(s: Writer) -> None:
            s.u32(len(locals_))
            for func in sorted(locals_):
                s.u32(func)
                _name_map(s, locals_[func])
        w.byte(LOCAL_NAMES)
        w.sized(write_locals)


def name_section(names: Names) -> bytes:
    """The complete ``name`` custom section for ``names``; empty when there
    are no names to record."""
    if names.module is None and not names.funcs and not any(names.locals.values()):
        return b""
    w = Writer()
    w.byte(_CUSTOM_SECTION)
    w.sized(lambda s: (s.name("name"), _subsections(s, names)))
    return bytes(w.out)
