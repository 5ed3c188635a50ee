"""AssemblyScript type names, parsed into small trees.

The compiler's bindings spell types with their full paths
(``~lib/array/Array<~lib/string/String|null>``, ``values/Point | null``);
users spell them short (``Array<string | null>``, ``Point``).  Both parse to
the same ``AsType`` (paths dropped, ``string`` read as ``String``), whose
``key`` names the type in id tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from ..errors import WasmError

PRIMITIVES: dict[str, tuple[int, str]] = {
    # name: (size in memory, struct format code)
    "i8": (1, "b"), "u8": (1, "B"), "i16": (2, "h"), "u16": (2, "H"),
    "i32": (4, "i"), "u32": (4, "I"), "i64": (8, "q"), "u64": (8, "Q"),
    "isize": (4, "i"), "usize": (4, "I"), "f32": (4, "f"), "f64": (8, "d"),
    "bool": (1, "?"),
}
"""Value types stored inline (wasm32: isize and usize are 32 bits)."""

TYPED_ARRAYS: dict[str, str] = {
    "Int8Array": "i8", "Uint8Array": "u8", "Uint8ClampedArray": "u8",
    "Int16Array": "i16", "Uint16Array": "u16", "Int32Array": "i32", "Uint32Array": "u32",
    "Int64Array": "i64", "Uint64Array": "u64", "Float32Array": "f32", "Float64Array": "f64",
}
"""Each typed array class and the primitive type of its elements."""

POINTER = (4, "I")
"""How a reference is stored in memory: a u32 address, 0 for null."""

_ALIASES = {"string": "String", "boolean": "bool", "number": "f64"}
_TOKEN = re.compile(r"\s*([<>,|]|[^<>,|\s]+)")


@dataclass(frozen=True)
class AsType:
    """An AssemblyScript type: a class or primitive name, its type
    arguments, and whether null is allowed.  (Derived properties are
    computed once: conversions read them on every call.)"""

    name: str
    args: tuple[AsType, ...] = ()
    nullable: bool = False

    @cached_property
    def kind(self) -> str:
        """One of void, primitive, string, buffer, typedarray, array,
        staticarray, class (a record or an opaque instance)."""
        if self.name == "void":
            return "void"
        if self.name in PRIMITIVES:
            return "primitive"
        return _KINDS.get(self.name, "class")

    @cached_property
    def managed(self) -> bool:
        """Whether values of this type are pointers to managed objects."""
        return self.kind not in ("void", "primitive")

    @cached_property
    def element(self) -> AsType:
        """The element type of an array, static array or typed array."""
        if self.kind == "typedarray":
            return AsType(TYPED_ARRAYS[self.name])
        return self.args[0]

    @cached_property
    def storage(self) -> tuple[int, str]:
        """(size, struct format) of a value of this type stored in memory."""
        return PRIMITIVES[self.name] if self.kind == "primitive" else POINTER

    @cached_property
    def key(self) -> str:
        """The canonical spelling, e.g. ``Array<String|null>``."""
        text = self.name
        if self.args:
            text += "<" + ",".join(arg.key for arg in self.args) + ">"
        return text + "|null" if self.nullable else text

    def non_null(self) -> AsType:
        """This type without null."""
        return AsType(self.name, self.args) if self.nullable else self

    def __str__(self) -> str:
        return self.key


_KINDS = {"String": "string", "ArrayBuffer": "buffer", "Array": "array",
          "StaticArray": "staticarray", **{name: "typedarray" for name in TYPED_ARRAYS}}
_ARITY = {"Array": 1, "StaticArray": 1}


def parse_type(text: str) -> AsType:
    """The ``AsType`` spelled ``text``; WasmError if it is not a type."""
    if not isinstance(text, str):
        raise TypeError(f"expected an AssemblyScript type name (str), got {type(text).__name__}")
    tokens = [match.group(1) for match in _TOKEN.finditer(text)]
    if "".join(tokens) != re.sub(r"\s+", "", text) or not tokens:
        raise WasmError(f"cannot read the AssemblyScript type {text!r}")
    parsed, end = _parse(tokens, 0, text)
    if end != len(tokens):
        raise WasmError(f"unexpected {tokens[end]!r} in the AssemblyScript type {text!r}")
    return parsed


def _parse(tokens: list[str], at: int, text: str) -> tuple[AsType, int]:
    if at >= len(tokens) or tokens[at] in "<>,|":
        raise WasmError(f"a type name is missing in the AssemblyScript type {text!r}")
    name = tokens[at].rsplit("/", 1)[-1]
    name = _ALIASES.get(name, name)
    at += 1
    args: list[AsType] = []
    if at < len(tokens) and tokens[at] == "<":
        while True:
            arg, at = _parse(tokens, at + 1, text)
            args.append(arg)
            if at < len(tokens) and tokens[at] == ",":
                continue
            if at >= len(tokens) or tokens[at] != ">":
                raise WasmError(f"unclosed '<' in the AssemblyScript type {text!r}")
            at += 1
            break
    nullable = False
    while at + 1 < len(tokens) and tokens[at] == "|" and tokens[at + 1] == "null":
        nullable, at = True, at + 2
    result = AsType(name, tuple(args), nullable)
    if name in _ARITY and len(args) != _ARITY[name]:
        raise WasmError(f"{name} needs {_ARITY[name]} type argument in {text!r}")
    if args and result.kind not in ("array", "staticarray", "class"):
        raise WasmError(f"{name} takes no type arguments in {text!r}")
    if nullable and not result.managed:
        raise WasmError(f"{name} is a value type and cannot be null in {text!r}")
    return result, at
