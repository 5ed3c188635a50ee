"""``StoreContext``: a handle standing for a store, accepted wherever a
store is (wasmtime-py hands these to callbacks); once invalidated, using
it raises ``WasmError``."""

from __future__ import annotations

from typing import Any

from ..errors import WasmError
from .store import store_of


class StoreContext:
    """``StoreContext(store)``: a handle on ``store`` (a Store or Caller)."""

    __slots__ = ("_store",)

    def __init__(self, store: Any):
        self._store = store_of(store)

    def _store_context(self) -> Any:
        if self._store is None:
            raise WasmError("store context used after it was invalidated")
        return self._store

    def _invalidate(self) -> None:
        self._store = None
