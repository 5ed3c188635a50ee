"""The text format: WAT modules and WAST spec scripts."""

from .script import parse_script
from .wat import parse_module, wat2wasm

__all__ = ["parse_module", "parse_script", "wat2wasm"]
