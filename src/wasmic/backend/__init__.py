"""Backends: validated module -> code the runtime can instantiate.

``python`` generates Python source (the tier that runs everywhere);
``native`` (in progress elsewhere) generates C.  Both consume the IR of
``wasmic.lower`` and meet the runtime through ``interface``.
"""

from .interface import Bindings, canonical_type

__all__ = ["Bindings", "canonical_type"]
