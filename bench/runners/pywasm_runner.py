"""Runner for pywasm, a WebAssembly interpreter in pure Python.

pywasm 2.x's API: `Runtime()`, `runtime.instance(ModuleDesc.from_reader(f))`,
`runtime.invocate(instance, export_name, args) -> list of results`; host
imports are registered in `runtime.imports[module][name]` as
`runtime.allocate_func_host(FuncType, hostcode)`, where hostcode is called
as `hostcode(machine, args) -> list of results`.
"""

from __future__ import annotations

import io
from typing import Any

from .base import Workload
from .kernels import CALLS_WASM, Kernel
from .wasm_api import host_inc


class PywasmRunner:
    """One pywasm Runtime per loaded module."""

    name = "pywasm"
    slow = True

    def __init__(self, pywasm: Any, version: str) -> None:
        self._pywasm = pywasm
        self.version = f"pywasm {version}"

    def _instantiate(self, wasm: bytes, link_host: bool = False) -> tuple[Any, Any]:
        pywasm = self._pywasm
        runtime = pywasm.core.Runtime()
        if link_host:
            i32 = pywasm.core.ValType.i32()
            host = runtime.allocate_func_host(
                pywasm.core.FuncType([i32], [i32]), lambda machine, args: [host_inc(args[0])]
            )
            runtime.imports["env"] = {"host_inc": host}
        module = pywasm.core.ModuleDesc.from_reader(io.BytesIO(wasm))
        return runtime, runtime.instance(module)

    def load_kernel(self, kernel: Kernel) -> Workload:
        runtime, instance = self._instantiate(kernel.wasm_path.read_bytes())
        name, extra = kernel.name, list(kernel.extra_args)
        return lambda n: runtime.invocate(instance, name, [n, *extra])[0]

    def load_export_calls(self) -> Workload:
        runtime, instance = self._instantiate(CALLS_WASM.read_bytes(), link_host=True)
        invocate = runtime.invocate

        def loop(n: int) -> int:
            acc = 0
            for _ in range(n):
                acc = invocate(instance, "add", [acc, 1])[0]
            return acc

        return loop

    def load_host_calls(self) -> Workload:
        runtime, instance = self._instantiate(CALLS_WASM.read_bytes(), link_host=True)
        return lambda n: runtime.invocate(instance, "call_host", [n])[0]
