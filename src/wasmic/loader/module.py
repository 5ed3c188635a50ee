"""``WasmModule``: the type of the module objects the import hook makes
from ``.wasm`` and ``.wat`` files (their exports are filled in by
``exports.populate``)."""

from __future__ import annotations

import types


class WasmModule(types.ModuleType):
    """A module made by the import hook from a ``.wasm`` or ``.wat`` file."""

    def __repr__(self) -> str:
        return f"<wasm module {self.__name__!r} from {getattr(self, '__file__', '?')!r}>"
