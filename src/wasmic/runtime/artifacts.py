"""Native artifacts in the public API: which tier runs a deserialized one.

``Module.deserialize`` of an artifact (``wasmic compile``, or
``Module.serialize`` on the native tier) loads its libraries when the
engine runs the native tier -- with no C compiler: the artifact carries the
native runtime too, so even a machine without one runs the native tier
from artifacts.  Under ``Config.strategy = "auto"`` an artifact this process
cannot load (another OS, CPU, Python or wasmic) is compiled again from the
wasm it carries, as ``Module(engine, wasm)`` would (said once); under
"native" that is an error.  A Python-tier engine always compiles the wasm.
The engine's fuel and epoch settings must be the ones the artifact was
compiled with, as wasmtime requires.
"""

from __future__ import annotations

from typing import Any

from ..backend.native.artifact import Artifact
from ..backend.native.compiler import CompiledModule
from ..errors import WasmError
from ..syntax.module import Module as SyntaxModule
from ..valid.context import Context
from ..valid.info import ModuleInfo
from .config import Engine
from .tier import NATIVE, PYTHON, cache_dir, engine_tier, warn_once


def load_native(engine: Engine, artifact: Artifact) -> CompiledModule | None:
    """The artifact's compiled module, loaded, if ``engine`` runs the native
    tier; None when its wasm should be compiled instead."""
    config = engine.config
    if config.strategy == PYTHON or engine._tier == PYTHON:
        return None
    try:
        compiled = artifact.load(cache_dir(config))
    except WasmError as error:
        if config.strategy == NATIVE:
            raise
        warn_once("artifact-recompiled", f"wasmic compiles a deserialized module again: {error}")
        return None
    if engine_tier(engine) != NATIVE:  # decided now: the artifact's runtime is loaded
        return None
    _check_settings(compiled, config)
    return compiled


def _check_settings(compiled: CompiledModule, config: Any) -> None:
    built = {"consume_fuel": compiled.options.fuel, "epoch_interruption": compiled.options.epochs}
    wanted = {"consume_fuel": bool(config.consume_fuel), "epoch_interruption": bool(config.epoch_interruption)}
    if built != wanted:
        have = ", ".join(f"{name}={value}" for name, value in built.items())
        need = ", ".join(f"{name}={value}" for name, value in wanted.items())
        raise WasmError(f"the artifact was compiled for an engine with {have}, this engine has {need}: "
                        "recompile it (wasmic compile --consume-fuel / --epoch-interruption) or change "
                        "the Config")


def interface_info(module: SyntaxModule) -> ModuleInfo:
    """What instantiating a module whose code is compiled already needs to
    know: the types of its index spaces (its function bodies were
    validated when it was compiled)."""
    ctx = Context(module)
    return ModuleInfo([], ctx.funcs, ctx.tables, ctx.mems, ctx.globals)
