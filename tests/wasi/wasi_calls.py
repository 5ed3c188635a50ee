"""A wasm module that forwards to WASI imports, so tests can call any WASI
function with chosen arguments (hostile ones included) and inspect the
guest memory around the call."""

from __future__ import annotations

import struct

import wasmic
from wasmic.wasi.linking import FUNCTIONS, MODULES

_WAT_TYPES = {"i": "i32", "I": "i64", "s": "i64"}


def forwarding_module(names: list[str], module: str = "wasi_snapshot_preview1",
                      memory: bool = True) -> str:
    """WAT importing ``names`` from ``module`` with a ``call_<name>`` export
    forwarding to each, and (if ``memory``) one exported page of memory."""
    imports, forwarders = [], []
    for name in names:
        spec = FUNCTIONS[name]
        params = " ".join(_WAT_TYPES[kind] for kind in spec.params)
        result = "(result i32)" if spec.returns_errno else ""
        imports.append(f'  (import "{module}" "{name}" (func ${name} (param {params}) {result}))')
        gets = " ".join(f"(local.get {i})" for i in range(len(spec.params)))
        forwarders.append(f'  (func (export "call_{name}") (param {params}) {result} '
                          f'(call ${name} {gets}))')
    parts = ["(module", *imports, *forwarders]
    if memory:
        parts.append('  (memory (export "memory") 1)')
        parts.append('  (func (export "grow") (param i32) (result i32) '
                     '(memory.grow (local.get 0)))')
    parts.append(")")
    return "\n".join(parts)


class Guest:
    """An instance of a forwarding module (or of ``compiled``, one made
    earlier) in a new store with WASI ``config``."""

    def __init__(self, engine: wasmic.Engine, config, names: list[str] | None = None,
                 module: str = "wasi_snapshot_preview1", memory: bool = True,
                 compiled: wasmic.Module | None = None):
        assert module in MODULES
        self.store = wasmic.Store(engine)
        self.store.set_wasi(config)
        linker = wasmic.Linker(engine)
        linker.define_wasi()
        if compiled is None:
            compiled = wasmic.Module(engine, forwarding_module(names or sorted(FUNCTIONS),
                                                               module, memory))
        instance = linker.instantiate(self.store, compiled)
        self.exports = instance.exports(self.store)
        self.memory = self.exports.get("memory")

    def call(self, name: str, *args: int) -> int:
        """The errno of WASI function ``name`` called with ``args``."""
        return self.exports[f"call_{name}"](self.store, *args)

    def put(self, address: int, data: bytes) -> int:
        """Store ``data`` at ``address``; its length."""
        self.memory.write(self.store, data, address)
        return len(data)

    def get(self, address: int, length: int) -> bytes:
        return bytes(self.memory.read(self.store, address, address + length))

    def u32(self, address: int) -> int:
        return struct.unpack("<I", self.get(address, 4))[0]

    def u64(self, address: int) -> int:
        return struct.unpack("<Q", self.get(address, 8))[0]

    def iovec(self, address: int, buffer: int, length: int) -> int:
        """Store one (buffer, length) iovec at ``address``; its address."""
        self.put(address, struct.pack("<II", buffer, length))
        return address
