"""``AsInstance``: an instantiated AssemblyScript module, its exports as
Python values, and the explicit helpers of the legacy JS loader.

Exported functions become attributes taking and returning Python values;
constant globals become their (lifted) values, mutable ones ``AsGlobal``
objects with a ``value`` property; enums become ``IntEnum`` classes.  An
export whose name clashes with a helper method hides it on the instance
(the method stays reachable as ``AsInstance.method(instance, ...)``).
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable
from struct import calcsize
from typing import Any

from ..errors import WasmError
from ..runtime import Func, Global
from . import arrays, layout
from .codecs import Codecs
from .functions import export_wrapper
from .heap import BUFFER_ID, LIFT_ERRORS, MASK32, Heap, bad_object
from .signatures import Signature
from .strings import lift_buffer, lift_string, lower_buffer, lower_string
from .types import AsType, parse_type

RUNTIME_EXPORTS = frozenset({"__new", "__pin", "__unpin", "__collect", "__rtti_base",
                             "__setArgumentsLength", "__argumentsLength", "__setargc",
                             "memory", "table"})
_ELEMENT_NAMES = {"b": "i8", "B": "u8", "h": "i16", "H": "u16", "i": "i32", "I": "u32",
                  "q": "i64", "Q": "u64", "f": "f32", "d": "f64"}


def _reading(method: Callable) -> Callable:
    """Report a pointer to nothing readable as a WasmError naming the helper."""
    @functools.wraps(method)
    def read(self: Any, ptr: Any, *args: Any) -> Any:
        try:
            return method(self, ptr, *args)
        except LIFT_ERRORS as error:
            raise bad_object(method.__name__, ptr, error) from None
    return read


class AsGlobal:
    """A mutable exported global: ``value`` reads and writes it lifted."""

    __slots__ = ("_global", "_type", "_codecs")

    def __init__(self, glob: Global, ty: AsType | None, codecs: Codecs):
        self._global, self._type, self._codecs = glob, ty, codecs

    @property
    def value(self) -> Any:
        """The current value."""
        return _lift_value(self._codecs, self._type, self._global.value(self._codecs.heap.store))

    @value.setter
    def value(self, new: Any) -> None:
        ty, codecs = self._type, self._codecs
        raw = new
        if ty is not None and ty.managed:
            raw = codecs.lowerer(ty)(new)  # kept alive by the global once stored
        elif ty is not None and ty.name == "bool":
            raw = 1 if new else 0
        self._global.set_value(codecs.heap.store, raw)

    def __repr__(self) -> str:
        return f"<AsGlobal {self._type or 'raw'} = {self.value!r}>"


def _lift_value(codecs: Codecs, ty: AsType | None, raw: Any) -> Any:
    if ty is None:
        return raw
    if ty.managed:
        return codecs.lifter(ty)(codecs.heap.refresh(), raw & MASK32)
    if ty.name in ("u32", "usize"):
        return raw & MASK32
    if ty.name == "u64":
        return raw & 0xFFFFFFFFFFFFFFFF
    if ty.name == "bool":
        return raw != 0
    return raw


def _raw_wrapper(name: str, func: Func, store: Any, set_arguments_length: Any,
                 arity: int) -> Any:
    """An export without a known signature: raw numbers in and out; missing
    trailing arguments are passed as 0 after telling the runtime how many
    were given (as the legacy loader did)."""
    def call(*args: Any) -> Any:
        if set_arguments_length is not None:
            set_arguments_length(store, len(args))
            if len(args) < arity:
                args = args + (0,) * (arity - len(args))
        return func(store, *args)
    call.__name__ = call.__qualname__ = name
    call.__doc__ = f"AssemblyScript export {name} (no signature: raw wasm values)."
    call.func = func
    return call


class AsInstance:
    """An AssemblyScript module instance (see ``wasmic.assemblyscript.load``)."""

    def __init__(self, store: Any, instance: Any, heap: Heap, codecs: Codecs,
                 signatures: dict[str, Signature], global_types: dict[str, AsType]):
        self.store = store
        """The ``Store`` the instance lives in."""
        self.instance = instance
        """The underlying ``wasmic.Instance``."""
        self.exports = instance.exports(store)
        """The raw exports (``Func``, ``Global``, ``Memory``...)."""
        self.memory = heap.memory
        """The instance's linear memory."""
        self.signatures = signatures
        """The signature of each wrapped export function."""
        self._heap = heap
        self._codecs = codecs
        set_length = self.exports.get("__setArgumentsLength")
        enums: dict[str, dict[str, int]] = {}
        for name, item in self.exports.items():
            if name in RUNTIME_EXPORTS:
                continue
            if isinstance(item, Func):
                signature = signatures.get(name)
                if signature is None:
                    wrapper = _raw_wrapper(name, item, store, set_length,
                                           len(item.type(store).params))
                else:
                    _check_arity(name, signature, item, store)
                    wrapper = export_wrapper(name, item, signature, codecs, set_length)
                setattr(self, name, wrapper)
            elif isinstance(item, Global):
                if "." in name:
                    enum_name, member = name.split(".", 1)
                    enums.setdefault(enum_name, {})[member] = item.value(store)
                    continue
                ty = global_types.get(name)
                if item.type(store).mutable:
                    setattr(self, name, AsGlobal(item, ty, codecs))
                else:
                    setattr(self, name, _lift_value(codecs, ty, item.value(store)))
            elif name.isidentifier() and not hasattr(self, name):
                setattr(self, name, item)
        for enum_name, members in enums.items():
            setattr(self, enum_name, enum.IntEnum(enum_name, members))

    # -- strings and buffers --------------------------------------------------------------

    def new_string(self, text: str) -> int:
        """A new string object (unpinned: pin it to keep it across allocations)."""
        self._heap.flush()
        return lower_string(self._heap, False, text)

    @_reading
    def get_string(self, ptr: int) -> str | None:
        """The string at ``ptr`` (None for 0); WasmError if it is not a string."""
        self._check_class(ptr, 2, "a string")
        return lift_string(self._heap.refresh(), ptr)

    def new_array_buffer(self, data: bytes) -> int:
        """A new ArrayBuffer holding a copy of ``data`` (unpinned)."""
        self._heap.flush()
        return lower_buffer(self._heap, False, data)

    @_reading
    def get_array_buffer(self, ptr: int) -> bytes | None:
        """A copy of the ArrayBuffer at ``ptr``."""
        self._check_class(ptr, BUFFER_ID, "an ArrayBuffer")
        return lift_buffer(self._heap.refresh(), ptr)

    # -- arrays ---------------------------------------------------------------------------

    def new_array(self, type_or_id: str | int, values: Any) -> int:
        """A new array (unpinned) holding ``values``: ``type_or_id`` is a type
        name (``"Int32Array"``, ``"Array<String>"``: elements are lowered) or
        a class id (from an exported ``idof<T>()``: managed elements are then
        pointers you provide)."""
        self._heap.flush()
        if isinstance(type_or_id, str):
            ty = parse_type(type_or_id)
            if ty.kind not in ("typedarray", "array", "staticarray"):
                raise WasmError(f"{ty} is not an array type")
            return self._codecs.lowerer(ty)(values)
        if not isinstance(type_or_id, int):
            raise TypeError(f"expected a type name or class id, got {type(type_or_id).__name__}")
        flags = self._heap.rtti_flags(type_or_id)
        kind = flags & (layout.ARRAYBUFFERVIEW | layout.ARRAY | layout.STATICARRAY)
        if not kind:
            raise WasmError(f"class id {type_or_id} is not an array class")
        element = AsType(_ELEMENT_NAMES[layout.element_format(flags)[0]])
        if kind & layout.ARRAYBUFFERVIEW:
            return arrays.lower_typed(self._heap, type_or_id, element,
                                      f"array class {type_or_id}", False, values)
        return arrays.lower_array(self._heap, type_or_id, element, None,
                                  bool(kind & layout.STATICARRAY), f"array class {type_or_id}",
                                  False, values)

    @_reading
    def get_array(self, ptr: int, type_name: str | None = None) -> list | None:
        """A copy of the array at ``ptr`` as a list.  With ``type_name`` its
        elements are lifted (strings, records...); without, the runtime type
        information gives numbers, and pointers for managed elements."""
        if not ptr:
            return None
        if type_name is not None:
            ty = parse_type(type_name)
            return _as_list(self._codecs.lifter(ty)(self._heap.refresh(), ptr))
        start, count, code = layout.array_span(self._heap, ptr)
        return self._heap.refresh()[start:start + count * calcsize(code)].cast(code).tolist()

    @_reading
    def get_array_view(self, ptr: int) -> memoryview:
        """A zero-copy view of the elements of the array at ``ptr`` (its
        format is the element type: writes go straight to wasm memory).
        Valid until the array is reallocated or freed; on the Python tier
        the memory cannot grow while the view lives: release it
        (``view.release()`` or ``with``) before calling into wasm again."""
        start, count, code = layout.array_span(self._heap, ptr)
        return self._heap.refresh()[start:start + count * calcsize(code)].cast(code)

    # -- any value ------------------------------------------------------------------------

    def lift(self, type_name: str, raw: int) -> Any:
        """The Python value of the wasm value ``raw`` of AssemblyScript type ``type_name``."""
        ty = parse_type(type_name)
        try:
            return _lift_value(self._codecs, ty, raw)
        except LIFT_ERRORS as error:
            raise bad_object(f"lift({type_name!r})", raw, error) from None

    def lower(self, type_name: str, value: Any) -> Any:
        """The wasm value for ``value`` as AssemblyScript type ``type_name``
        (a new unpinned object for reference types)."""
        ty = parse_type(type_name)
        if not ty.managed:
            return (1 if value else 0) if ty.name == "bool" else value
        self._heap.flush()
        return self._codecs.lowerer(ty)(value)

    # -- garbage collector ----------------------------------------------------------------

    def pin(self, ptr: int) -> int:
        """Keep the object at ``ptr`` alive (counted: pair each with ``unpin``)."""
        self._heap.flush()
        return self._heap.pin(ptr)

    def unpin(self, ptr: int) -> None:
        """Release one ``pin`` of ``ptr``."""
        self._heap.unpin(ptr)

    def collect(self) -> None:
        """Run a full collection of the AssemblyScript heap."""
        self._heap.collect()

    def _check_class(self, ptr: int, type_id: int, what: str) -> None:
        if not isinstance(ptr, int):
            raise TypeError(f"expected a pointer (int), got {type(ptr).__name__}")
        if ptr and self._heap.header(ptr)[0] != type_id:
            raise WasmError(f"the object at {ptr:#x} is not {what}")

    def __repr__(self) -> str:
        return f"<AsInstance with {len(self.signatures)} typed exports>"


def _as_list(value: Any) -> list | None:
    return None if value is None else list(value)


def _check_arity(name: str, signature: Signature, func: Func, store: Any) -> None:
    params = len(func.type(store).params)
    if len(signature.params) != params:
        raise WasmError(f"the signature {signature} of {name} has {len(signature.params)} "
                        f"parameters, the wasm function {params}")

