"""Loading compiled libraries as extension modules, and the shared runtime.

The runtime (``csrc/rt_*.c``) is one extension, ``_wasmic_native_rt``,
built and cached like any module and loaded once per process; every
compiled module finds it in ``sys.modules`` (its exec slot imports the
runtime's ``_C_API`` capsule), so all native instances share one trap
chain, one set of object types and one reference policy.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
import threading
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from ...errors import WasmError
from .cache import ArtifactCache, cache_key, python_abi
from .source_digest import backend_digest

if TYPE_CHECKING:  # imported when building: loading needs no toolchain
    from . import toolchain

RUNTIME_NAME = "_wasmic_native_rt"

_lock = threading.RLock()


def load_extension(name: str, path: Path) -> ModuleType:
    """Load the extension module ``name`` (its init function is
    ``PyInit_<name>``) from ``path``; WasmError if the file cannot be loaded."""
    loader = importlib.machinery.ExtensionFileLoader(name, str(path))
    spec = importlib.util.spec_from_file_location(name, str(path), loader=loader)
    try:
        module = importlib.util.module_from_spec(spec)
        loader.exec_module(module)
    except ImportError as exc:
        raise WasmError(f"cannot load the compiled library {path}: {exc}") from None
    return module


def runtime() -> ModuleType | None:
    """The runtime extension if this process loaded it already."""
    return sys.modules.get(RUNTIME_NAME)


def load_cached(cache: ArtifactCache, key: str, name: str, build) -> ModuleType:
    """Load the library cached under ``key``, first building it with
    ``build(path)`` if absent; an entry that will not load is rebuilt once."""
    for attempt in range(2):
        path = cache.lookup(key)
        if path is None:
            with cache.build_dir() as tmp:
                built = tmp / f"{name}.so"
                build(built)
                path = cache.store(key, built)
        try:
            return load_extension(name, path)
        except WasmError:
            path.unlink(missing_ok=True)
            if attempt:
                raise
    raise AssertionError("unreachable")


def load_runtime(compiler: toolchain.Compiler, cache: ArtifactCache, sanitize: bool) -> ModuleType:
    """The runtime extension, built (or found in the cache) and loaded once."""
    with _lock:
        loaded = runtime()
        if loaded is not None:
            return loaded
        from . import toolchain

        sources = sorted(toolchain.CSRC.glob("rt_*.c"))
        return _install(load_library(compiler, cache, RUNTIME_NAME, sources, backend_digest(), sanitize))


def load_library(compiler: toolchain.Compiler, cache: ArtifactCache, name: str, sources: list[Path],
                 digest: str, sanitize: bool) -> ModuleType:
    """The extension ``name`` (``PyInit_<name>``) built from the C files
    ``sources`` at -O2, or found in ``cache`` under a key of ``digest`` (of
    what the sources depend on), the compiler, its flags and Python's ABI."""
    from . import toolchain

    compile_flags = toolchain.flags(compiler, 2, sanitize)
    key = cache_key([name, digest, compiler.identity, " ".join(compile_flags), python_abi()])
    return load_cached(cache, key, name, lambda out: toolchain.build_library(
        compiler, sources, out, compile_flags, sanitize))


def adopt_runtime(path: Path) -> ModuleType:
    """The runtime extension, loaded from the library at ``path`` (an
    artifact's, no compiler needed) unless this process has one already."""
    with _lock:
        loaded = runtime()
        return loaded if loaded is not None else _install(load_extension(RUNTIME_NAME, path))


def _install(module: ModuleType) -> ModuleType:
    """Register the runtime for the compiled modules' exec slots and hand it
    the Python side of errors and traps."""
    from .traps import extend_trap, make_trap

    sys.modules[RUNTIME_NAME] = module
    module.configure(WasmError, make_trap, extend_trap)
    return module
