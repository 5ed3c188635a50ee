"""The WebAssembly 2.0 binary format: ``decode_module`` and ``encode_module``."""

from .decode import decode_module
from .encode import encode_module

__all__ = ["decode_module", "encode_module"]
