"""Compile a module to a loaded extension: emit C, build, cache, load.

The cache key covers everything the library depends on: the module (its
binary encoding, debug names and whether it came from text), the wasmic
version and a digest of this backend's sources, the compiler's identity,
the flags, and the Python ABI.  A cached library loads without emitting
any C.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from ... import __version__
from ...errors import WasmError
from ...syntax.module import Module
from .big_functions import BIG_FUNCTION, BigFunctions
from .cache import ArtifactCache, cache_key, cache_root, python_abi
from .loader import load_cached, load_runtime, runtime
from .source_digest import backend_digest
from .typeids import type_ids

# The toolchain and the emitters are imported when something is compiled:
# loading an artifact needs neither, and importing them takes longer than
# loading a small module.
if TYPE_CHECKING:
    from ...valid.info import ModuleInfo
    from . import toolchain
    from .emit_metering import Metering

DEFAULT_STACK_BUDGET = 512 * 1024
"""Bytes of C stack wasm code may use (wasmtime's default max_wasm_stack)."""

_loaded: dict[str, ModuleType] = {}


class UnsupportedByNative(WasmError):
    """The module uses what the native tier lacks (SIMD): the Python tier
    can run it instead."""

_lock = threading.RLock()


@dataclass(frozen=True)
class BuildOptions:
    """What a library was compiled with, beyond the module itself (carried by
    artifacts so a loader can check them against the engine's Config)."""

    opt_level: int = 2
    fuel: bool = False
    epochs: bool = False
    sanitize: bool = False


class CompiledModule:
    """A module compiled to native code, instantiable any number of times.

    ``extension`` is the loaded extension module; ``instantiate`` forwards
    to its ``instantiate(imports, type_ids, stack_budget)``.  ``wasm`` is
    the module's binary when known; ``serialize`` packs it with the library
    (see ``artifact``).
    """

    def __init__(self, module: Module, extension: ModuleType, key: str, *, wasm: bytes | None = None,
                 options: BuildOptions = BuildOptions()):
        self.module = module
        self.extension = extension
        self.key = key
        self.wasm = wasm
        self.options = options
        self.type_ids = type_ids(module.types)

    def serialize(self) -> bytes:
        """An artifact holding the module, this library and the runtime
        library: ``deserialize`` loads it without a C compiler."""
        from .artifact import pack

        return pack(self)

    def instantiate(self, imports=(), *, stack_budget: int = DEFAULT_STACK_BUDGET, epoch=None,
                    store_cells=None, run_start: bool = True):
        """A new native instance.  ``imports`` holds one object per import, in
        order: a native export (or ``Func``) or any Python callable for a
        function, a native ``Table``/``Memory``/``Global`` for the others.
        ``epoch`` is a buffer holding the engine's epoch (``array("Q", [0])``)
        and ``store_cells`` a writable one of 64-bit cells: fuel left, epoch
        deadline, then optionally the limits on a memory's bytes and a
        table's elements (see the package docstring); by default all are
        unlimited.  Raises WasmError for bad imports, Trap
        if a segment or the start function traps.  With ``run_start`` false
        the caller runs the start function later (``Instance.start()``)."""
        return self.extension.instantiate(tuple(imports), self.type_ids, stack_budget, epoch, store_cells,
                                          run_start)


def ensure_runtime(cache_dir: str | Path | None = None, sanitize: bool | None = None) -> ModuleType:
    """The runtime extension, built or loaded from the cache if needed (no
    compiler is needed once it is loaded, e.g. from an artifact)."""
    loaded = runtime()
    if loaded is not None:
        return loaded
    from . import toolchain

    if sanitize is None:
        sanitize = toolchain.sanitizing()
    cache = ArtifactCache(cache_root(cache_dir))
    return load_runtime(toolchain.find_compiler(cache.root), cache, sanitize)


def compile_module(module: Module, wasm: bytes | None = None, *, opt_level: int = 2,
                   cache_dir: str | Path | None = None, sanitize: bool | None = None,
                   fuel: bool = False, epochs: bool = False,
                   progress: toolchain.Progress | None = None,
                   info: ModuleInfo | None = None, big_function: int = BIG_FUNCTION) -> CompiledModule:
    """Compile ``module`` (validated) to native code, or load it from the cache.

    ``wasm`` is the module's binary when known (saves encoding it for the
    cache key).  ``sanitize`` defaults to ``$WASMIC_SANITIZE``.  ``fuel``
    and ``epochs`` compile in metering (Config.consume_fuel,
    Config.epoch_interruption; see ``emit_metering``).  Raises WasmError
    when no compiler works, ``UnsupportedByNative`` (a WasmError) when the
    module uses what the native tier lacks (SIMD).  ``progress(done, total)``
    hears of each C file compiled (not called when the library comes from
    the cache).  ``info`` is what validating ``module`` returned (saves
    validating it again when the library is built).  At ``opt_level`` 2,
    functions of more than ``big_function`` wasm instructions are compiled
    with less optimization, so that big modules compile in reasonable time
    (see ``big_functions``).
    """
    from . import toolchain
    from .emit_metering import Metering

    metering = Metering(fuel, epochs)
    if sanitize is None:
        sanitize = toolchain.sanitizing()
    cache = ArtifactCache(cache_root(cache_dir))
    compiler = toolchain.find_compiler(cache.root)
    load_runtime(compiler, cache, sanitize)
    compile_flags = toolchain.flags(compiler, opt_level, sanitize)
    big = BigFunctions.policy(compiler, opt_level, sanitize, big_function)
    key = cache_key(["module", __version__, backend_digest(), compiler.identity, " ".join(compile_flags),
                     big.key(), metering.key(), python_abi(), _module_identity(module, wasm)])
    name = extension_name(key)
    extension = load_once(key, lambda: load_cached(cache, key, name, lambda out: _build(
        module, info, metering, big, compiler, compile_flags, name, out, sanitize, progress, cache.root)))
    options = BuildOptions(opt_level, fuel, epochs, sanitize)
    return CompiledModule(module, extension, key, wasm=None if wasm is None else bytes(wasm), options=options)


def extension_name(key: str) -> str:
    """The extension module name of the library cached under ``key``."""
    return f"wasmic_{key[:32]}"


def load_once(key: str, load: Callable[[], ModuleType]) -> ModuleType:
    """The extension for ``key``, loaded by ``load()`` only the first time in
    this process (an extension module can be initialized once)."""
    with _lock:
        extension = _loaded.get(key)
        if extension is None:
            extension = _loaded[key] = load()
        return extension


def _module_identity(module: Module, wasm: bytes | None) -> bytes:
    if wasm is None:
        from ...binary import encode_module

        wasm = bytes(encode_module(module))
    from_text = any(f.offsets is None for f in module.funcs)
    return bytes(wasm) + repr((module.names, from_text)).encode()


def _build(module: Module, info: ModuleInfo | None, metering: Metering, big: BigFunctions,
           compiler: toolchain.Compiler, compile_flags: list[str], name: str, output: Path, sanitize: bool,
           progress: toolchain.Progress | None, cache_root: Path) -> None:
    from . import toolchain
    from .compile_pool import CompilePool
    from .emit_module import SINGLE_UNIT, emit_module

    build = output.parent
    defines = [f'-DWASMIC_MODULE_NAME="{name}"', f"-DWASMIC_MODULE_INIT=PyInit_{name}"]
    header_dir = toolchain.precompiled_header(compiler, compile_flags, cache_root)
    # The files of a split module are compiled as they are written.
    with CompilePool(compiler, [*compile_flags, *defines], build, build, header_dir, progress) as pool:
        try:
            source = emit_module(module, metering=metering, directory=build, info=info, big_function=big.limit,
                                 on_unit=lambda unit, is_big: pool.submit(build / unit, big.flags if is_big else ()))
        except WasmError as error:
            raise UnsupportedByNative(str(error)) from None
        if source.units != [SINGLE_UNIT]:
            pool.link(output, sanitize)
            return
    toolchain.build_library(compiler, [build / SINGLE_UNIT], output, [*compile_flags, *defines], sanitize,
                            progress, header_dir)
