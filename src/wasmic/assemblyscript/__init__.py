"""AssemblyScript values as Python values.

``load(path, imports=...)`` instantiates a module compiled by AssemblyScript
0.28 (``asc --exportRuntime``, optionally ``--bindings esm|raw``) and gives
its exports as Python functions taking and returning ``str``, ``bytes``,
``array.array`` (typed arrays), lists (``Array<T>``, ``StaticArray<T>``),
dicts or dataclasses (plain classes), ``Handle`` objects (other classes),
``bool``, ``int`` and ``float``.  Signatures come from the compiler's
bindings next to the .wasm, or from you.  The runtime layouts are
described in ``docs`` of the design notes; the modules here follow them:
``types`` (type names), ``heap`` (memory, allocation, pins), ``strings``,
``arrays``, ``records``, ``handles``, ``codecs`` (conversion by type),
``signatures``, ``bindings`` (reading .d.ts/.js), ``functions`` (generated
call wrappers), ``host`` (default imports), ``linking`` (import
resolution), ``instance`` and ``loader``.
"""

from .handles import Handle
from .host import AbortError
from .instance import AsGlobal, AsInstance
from .loader import load
from .signatures import Signature, parse_signature
from .types import AsType, parse_type

__all__ = ["AbortError", "AsGlobal", "AsInstance", "AsType", "Handle", "Signature", "load",
           "parse_signature", "parse_type"]
