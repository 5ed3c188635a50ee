"""Runner for pywasm3, the Python binding of the wasm3 interpreter (C)."""

from __future__ import annotations

from typing import Any

from .base import Workload, chained_add_calls
from .kernels import CALLS_WASM, Kernel
from .wasm_api import host_inc

STACK_BYTES = 256 * 1024


class Wasm3Runner:
    """One wasm3 runtime per loaded module."""

    name = "pywasm3"
    slow = False

    def __init__(self, wasm3: Any) -> None:
        self._wasm3 = wasm3
        self._environment = wasm3.Environment()
        self.version = f"wasm3 {wasm3.M3_VERSION}"

    def _load(self, wasm: bytes, link_host: bool = False) -> Any:
        runtime = self._environment.new_runtime(STACK_BYTES)
        module = self._environment.parse_module(wasm)
        runtime.load(module)
        if link_host:
            module.link_function("env", "host_inc", "i(i)", host_inc)
        return runtime

    def load_kernel(self, kernel: Kernel) -> Workload:
        function = self._load(kernel.wasm_path.read_bytes()).find_function(kernel.name)
        extra = kernel.extra_args
        return lambda n: function(n, *extra)

    def load_export_calls(self) -> Workload:
        return chained_add_calls(self._load(CALLS_WASM.read_bytes(), link_host=True).find_function("add"))

    def load_host_calls(self) -> Workload:
        return self._load(CALLS_WASM.read_bytes(), link_host=True).find_function("call_host")
