"""Runner for runtimes with the wasmtime-py API: wasmtime itself and the
tiers of wasmic, which mirrors that API (Engine, Store, Module, Instance,
Func, FuncType, ValType; exports called as `f(store, *args)`)."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

from .base import Unavailable, Workload, chained_add_calls
from .kernels import CALLS_WASM, Kernel


def host_inc(value: int) -> int:
    """The imported host function of the call benchmark."""
    return value + 1


class WasmtimeApiRunner:
    """Loads modules through a wasmtime-py-compatible `api` module."""

    def __init__(self, name: str, version: str, api: ModuleType, engine: Any, slow: bool) -> None:
        self.name = name
        self.version = version
        self.slow = slow
        self._api = api
        self._engine = engine

    def _instantiate(
        self, wasm: bytes, imports: Callable[[Any], list[Any]] | None = None
    ) -> tuple[Any, Any]:
        """A new store and instance; `imports(store)` makes the imports."""
        store = self._api.Store(self._engine)
        module = self._api.Module(self._engine, wasm)
        instance = self._api.Instance(store, module, imports(store) if imports else [])
        return store, instance.exports(store)

    def load_kernel(self, kernel: Kernel) -> Workload:
        store, exports = self._instantiate(kernel.wasm_path.read_bytes())
        function = exports[kernel.name]
        extra = kernel.extra_args
        return lambda n: function(store, n, *extra)

    def _calls_exports(self) -> tuple[Any, Any]:
        api = self._api

        def imports(store: Any) -> list[Any]:
            i32 = api.ValType.i32()
            return [api.Func(store, api.FuncType([i32], [i32]), host_inc)]

        return self._instantiate(CALLS_WASM.read_bytes(), imports)

    def load_export_calls(self) -> Workload:
        store, exports = self._calls_exports()
        add = exports["add"]

        def loop(n: int) -> int:
            acc = 0
            for _ in range(n):
                acc = add(store, acc, 1)
            return acc

        return loop

    def load_plain_export_calls(self) -> Workload:
        """The export-call loop through wasmic's store-free exports
        (``wasmic.instantiate``): ``add(acc, 1)``."""
        instantiate = getattr(self._api, "instantiate", None)
        if instantiate is None:
            raise Unavailable(f"{self.name} has no store-free call path")
        exports = instantiate(CALLS_WASM.read_bytes(), {"env": {"host_inc": host_inc}},
                              engine=self._engine)
        return chained_add_calls(exports["add"])

    def load_host_calls(self) -> Workload:
        store, exports = self._calls_exports()
        call_host = exports["call_host"]
        return lambda n: call_host(store, n)
