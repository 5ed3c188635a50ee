"""``Module``: a validated, compiled module, ready to be instantiated.

``Module(engine, wasm)`` accepts the binary or WAT text.  Text is first
encoded to the binary (as wasmtime does), so backtrace offsets are byte
offsets into the binary in both cases.  A module keeps its syntax tree,
what validation learned and the compiled code: compilation
happens here, once per module, with the backend the engine's
``Config.strategy`` selects (``runtime.tier``); ``_tier`` says which.
"""

from __future__ import annotations

import os
from typing import Any

from .. import __version__
from ..binary import decode_module, encode_module
from ..errors import WasmError
from ..frontend import MAGIC, WasmInput, load, parse_or_decode
from ..lower import lower_module
from ..syntax.module import Module as SyntaxModule
from ..syntax.module import Names
from ..valid.features import check_features
from .config import Engine
from .describe import describe
from .files import read_path
from .tier import NATIVE, PYTHON, cache_dir, engine_tier, opt_level, warn_once
from .types import ExportType, ImportType, module_export_types, module_import_types


class Module:
    """A compiled WebAssembly module."""

    def __init__(self, engine: Engine, wasm: WasmInput):
        if not isinstance(engine, Engine):
            raise TypeError(f"expected Engine, got {describe(engine)}")
        self._load(engine, *_binary(wasm))

    def _load(self, engine: Engine, binary: bytes, names: Names | None) -> None:
        """Decode, validate and compile ``binary``; ``names`` stand in for a
        name section it lacks."""
        module, info = load(binary)
        check_features(module, engine.config._disabled_features())
        if names is not None and not module.names.funcs and module.names.module is None:
            module.names = names  # the binary encoding kept no name section
        self._init(engine, module, info, binary)

    def _init(self, engine: Engine, module: SyntaxModule, info: Any, binary: bytes | None,
              native_code: Any = None) -> None:
        """Set up the module, compiling it unless ``native_code`` (a loaded
        native artifact) is given."""
        self._engine = engine
        self._module = module
        self._info = info
        self._binary = binary
        if native_code is not None:
            self._tier, self._code = NATIVE, native_code
        else:
            self._tier, self._code = _compile(engine, module, info, binary)

    @classmethod
    def _from_syntax(cls, engine: Engine, module: SyntaxModule, info: Any) -> Module:
        """A module already decoded (or parsed) and validated, e.g. by the spec runner."""
        compiled = object.__new__(cls)
        compiled._init(engine, module, info, None)
        return compiled

    @classmethod
    def from_file(cls, engine: Engine, path: str | bytes | os.PathLike) -> Module:
        """The module in the file at ``path`` (binary, or text)."""
        return cls(engine, read_path(path))

    @staticmethod
    def validate(engine: Engine, wasm: WasmInput) -> None:
        """Raise WasmError unless ``wasm`` (binary or text) is a valid module."""
        if not isinstance(engine, Engine):
            raise TypeError(f"expected Engine, got {describe(engine)}")
        check_features(load(wasm)[0], engine.config._disabled_features())

    def serialize(self) -> bytearray:
        """This module as bytes for ``Module.deserialize`` (by this wasmic
        version): on the native tier an artifact holding the compiled code
        (as ``wasmic compile`` writes), which loads without compiling; on
        the Python tier the wasm, compiled again when loaded."""
        if self._tier == NATIVE:
            return bytearray(self._code.serialize())
        binary = self._binary if self._binary is not None else encode_module(self._module)
        return bytearray(_SERIAL_HEADER + bytes(binary))

    @classmethod
    def deserialize(cls, engine: Engine, encoded: bytes | bytearray) -> Module:
        """The module ``serialize`` (or ``wasmic compile``) made.  A native
        artifact loads without a C compiler on a native engine, and carries
        the module's wasm too, so a Python-tier engine compiles that (see
        ``runtime.artifacts``).  Load only artifacts you trust: native code
        in one runs when it is loaded."""
        if not isinstance(engine, Engine):
            raise TypeError(f"expected Engine, got {describe(engine)}")
        if not isinstance(encoded, (bytes, bytearray, memoryview)):
            raise TypeError(f"expected serialized module bytes, got {describe(encoded)}")
        data = bytes(encoded)
        from ..backend.native.artifact import is_artifact, unpack
        from .artifacts import interface_info, load_native

        module = object.__new__(cls)
        if is_artifact(data):
            artifact = unpack(data)
            compiled = load_native(engine, artifact)
            if compiled is None:
                module._load(engine, artifact.wasm, artifact.names)
            else:
                disabled = engine.config._disabled_features()
                if disabled:  # checked on the function bodies: decode them
                    check_features(decode_module(artifact.wasm), disabled)
                module._init(engine, compiled.module, interface_info(compiled.module), artifact.wasm, compiled)
        elif data.startswith(_SERIAL_HEADER):
            module._load(engine, *_binary(data[len(_SERIAL_HEADER):]))
        else:
            raise WasmError("not a module serialized by this version of wasmic")
        return module

    @classmethod
    def deserialize_file(cls, engine: Engine, path: str | os.PathLike) -> Module:
        """``deserialize`` of the bytes in the file at ``path``."""
        return cls.deserialize(engine, read_path(path, "serialized module"))

    @property
    def imports(self) -> list[ImportType]:
        """The module's imports, in order."""
        return module_import_types(self._module)

    @property
    def exports(self) -> list[ExportType]:
        """The module's exports, in order."""
        return module_export_types(self._module)

    @property
    def name(self) -> str | None:
        """The module name from the name section, if any."""
        return self._module.names.module

    def __repr__(self) -> str:
        return f"<Module {self.name or ''} {len(self._module.funcs)} functions>"


_SERIAL_HEADER = b"wasmic-module\0" + __version__.encode() + b"\0"


def _binary(wasm: WasmInput) -> tuple[bytes, Names | None]:
    """The binary of a module given as bytes or text (text is encoded), and
    for text the names its identifiers give (for backtraces)."""
    if not isinstance(wasm, (str, bytes, bytearray, memoryview)):
        raise TypeError(f"expected wasm bytes or WAT text, got {describe(wasm)}")
    if not isinstance(wasm, str):
        data = bytes(wasm)
        if data.startswith(MAGIC):
            return data, None
    module = parse_or_decode(wasm)
    return bytes(encode_module(module)), module.names


def _compile(engine: Engine, module: SyntaxModule, info: Any,
             binary: bytes | None) -> tuple[str, Any]:
    """Compile with the tier the engine's strategy selects: (tier, code)."""
    config = engine.config
    if engine_tier(engine) == NATIVE:
        from ..backend.native import UnsupportedByNative, compile_module

        try:
            return NATIVE, compile_module(
                module, binary, opt_level=opt_level(config), cache_dir=cache_dir(config),
                fuel=config.consume_fuel, epochs=bool(config.epoch_interruption), info=info)
        except UnsupportedByNative as error:
            if config.strategy == NATIVE:
                raise UnsupportedByNative(f"the native tier cannot compile this module: {error}") \
                    from None
            warn_once("python-fallback", f"wasmic runs a module on its Python tier: {error}")
    from ..backend.python import Metering, compile_module

    metering = Metering(fuel=config.consume_fuel, epoch=bool(config.epoch_interruption))
    return PYTHON, compile_module(module, info, module.names.module or "wasm",
                                  lower_module(module, info), metering=metering)
