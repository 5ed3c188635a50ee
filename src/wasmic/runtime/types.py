"""The types of the public API: value, function, global, memory and table
types, limits, and the types of a module's imports and exports.

Names, signatures and errors follow wasmtime-py so code written for it runs
unchanged.  Each class is a thin, immutable face over the plain data of
``wasmic.syntax.types`` (``_from_syntax`` / ``_to_syntax`` convert), with
two deliberate differences from wasmtime-py: types compare and hash by
structure (wasmtime-py compares function, global, memory and table types by
identity), and ``str(ValType.externref())`` is ``"externref"`` (wasmtime-py
prints the C API's old name, ``"anyref"``).

Bad arguments raise ``TypeError`` for a wrong Python type and ``WasmError``
for a value no WebAssembly type can have, as wasmtime-py does.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from typing import Any

from ..errors import WasmError
from ..syntax import types as syn
from ..syntax.module import Export, Import, Module

_U32_MAX = 2**32 - 1


def _describe(value: Any) -> str:
    """A short description of a rejected argument, safe for any value."""
    if isinstance(value, int) and value.bit_length() > 64:
        return f"an int of {value.bit_length()} bits"
    text = repr(value) if isinstance(value, (int, float, str, bytes, type(None))) else ""
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{type(value).__name__} {text}".rstrip()


class ValType:
    """The type of a WebAssembly value: i32, i64, f32, f64, v128, funcref or
    externref.  Made by the class methods (never directly); each kind is one
    shared instance, compared and hashed by kind."""

    __slots__ = ("_kind",)
    _kind: syn.ValueType

    def __init__(self) -> None:
        raise WasmError("cannot construct directly: use ValType.i32(), ValType.f64(), ...")

    @classmethod
    def i32(cls) -> ValType:
        """The 32-bit integer type."""
        return _VALTYPES[syn.I32]

    @classmethod
    def i64(cls) -> ValType:
        """The 64-bit integer type."""
        return _VALTYPES[syn.I64]

    @classmethod
    def f32(cls) -> ValType:
        """The 32-bit float type."""
        return _VALTYPES[syn.F32]

    @classmethod
    def f64(cls) -> ValType:
        """The 64-bit float type."""
        return _VALTYPES[syn.F64]

    @classmethod
    def v128(cls) -> ValType:
        """The 128-bit SIMD vector type (values are ints in 0..2**128-1)."""
        return _VALTYPES[syn.V128]

    @classmethod
    def externref(cls) -> ValType:
        """A reference to any host (Python) object, or null."""
        return _VALTYPES[syn.EXTERNREF]

    @classmethod
    def funcref(cls) -> ValType:
        """A reference to a function, or null."""
        return _VALTYPES[syn.FUNCREF]

    @classmethod
    def _from_syntax(cls, kind: syn.ValueType) -> ValType:
        """The public face of an internal value type."""
        try:
            return _VALTYPES[kind]
        except (KeyError, TypeError):
            raise TypeError(f"expected a wasmic.syntax ValueType, got {_describe(kind)}") from None

    def _to_syntax(self) -> syn.ValueType:
        return self._kind

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ValType) and other._kind is self._kind

    def __hash__(self) -> int:
        return hash(self._kind)

    def __str__(self) -> str:
        return self._kind.value

    __repr__ = __str__

    def __reduce__(self) -> tuple:
        return (ValType._from_syntax, (self._kind,))


def _make_valtype(kind: syn.ValueType) -> ValType:
    valtype = object.__new__(ValType)
    valtype._kind = kind
    return valtype


_VALTYPES: dict[syn.ValueType, ValType] = {kind: _make_valtype(kind) for kind in syn.ValueType}


def _check_valtype(value: Any, what: str = "valtype") -> ValType:
    if not isinstance(value, ValType):
        raise TypeError(f"expected {what}, got {_describe(value)}")
    return value


def _valtype_list(values: Any, role: str) -> tuple[syn.ValueType, ...]:
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise TypeError(f"FuncType {role} must be a list of ValType, got {_describe(values)}")
    return tuple(_check_valtype(v, "ValType")._kind for v in values)


class FuncType:
    """A function signature: the types of its parameters and results."""

    __slots__ = ("_ty",)
    _ty: syn.FuncType

    def __init__(self, params: Iterable[ValType], results: Iterable[ValType]):
        self._ty = syn.FuncType(_valtype_list(params, "params"), _valtype_list(results, "results"))

    @property
    def params(self) -> list[ValType]:
        """The parameter types, in order."""
        return [_VALTYPES[k] for k in self._ty.params]

    @property
    def results(self) -> list[ValType]:
        """The result types, in order."""
        return [_VALTYPES[k] for k in self._ty.results]

    @classmethod
    def _from_syntax(cls, ty: syn.FuncType) -> FuncType:
        functype = object.__new__(cls)
        functype._ty = ty
        return functype

    def _to_syntax(self) -> syn.FuncType:
        return self._ty

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FuncType) and other._ty == self._ty

    def __hash__(self) -> int:
        return hash(self._ty)

    def __repr__(self) -> str:
        return f"FuncType({self.params}, {self.results})"


class GlobalType:
    """The type of a global: its value type and whether it may be set."""

    __slots__ = ("_ty",)
    _ty: syn.GlobalType

    def __init__(self, valtype: ValType, mutable: bool):
        self._ty = syn.GlobalType(_check_valtype(valtype)._kind, bool(mutable))

    @property
    def content(self) -> ValType:
        """The type of the value the global holds."""
        return _VALTYPES[self._ty.value]

    @property
    def mutable(self) -> bool:
        """Whether the global may be set after creation."""
        return self._ty.mutable

    @classmethod
    def _from_syntax(cls, ty: syn.GlobalType) -> GlobalType:
        globaltype = object.__new__(cls)
        globaltype._ty = ty
        return globaltype

    def _to_syntax(self) -> syn.GlobalType:
        return self._ty

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GlobalType) and other._ty == self._ty

    def __hash__(self) -> int:
        return hash(self._ty)

    def __repr__(self) -> str:
        return f"GlobalType({self.content}, mutable={self.mutable})"


def _limit(value: Any, what: str) -> int:
    try:
        number = operator.index(value)
    except TypeError:
        raise TypeError(f"Limits {what} must be an int, got {_describe(value)}") from None
    if number < 0:
        raise WasmError(f"Limits {what} must not be negative, got {number}")
    return number


class Limits:
    """Size bounds of a memory (in pages) or a table (in elements); ``max``
    is None when unbounded."""

    __slots__ = ("_min", "_max")

    def __init__(self, min: int, max: int | None = None):
        self._min = _limit(min, "min")
        self._max = None if max is None else _limit(max, "max")

    @property
    def min(self) -> int:
        """The initial (minimum) size."""
        return self._min

    @property
    def max(self) -> int | None:
        """The maximum size, or None if there is none."""
        return self._max

    @classmethod
    def _from_syntax(cls, limits: syn.Limits) -> Limits:
        return cls(limits.min, limits.max)

    def _to_syntax(self) -> syn.Limits:
        return syn.Limits(self._min, self._max)

    def _check(self, largest: int, what: str) -> None:
        """Raise if these limits cannot bound a ``what`` of at most ``largest``."""
        if self._min > largest:
            raise WasmError(f"minimum size is too large for this {what} type's index type")
        if self._max is not None:
            if self._max > largest:
                raise WasmError(f"maximum size is too large for this {what} type's index type")
            if self._max < self._min:
                raise WasmError(f"maximum {what} size cannot be smaller than the minimum {what} size")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Limits) and (other._min, other._max) == (self._min, self._max)

    def __hash__(self) -> int:
        return hash((self._min, self._max))

    def __repr__(self) -> str:
        return f"Limits({self._min}, {self._max})"


def _check_limits(limits: Any) -> Limits:
    if not isinstance(limits, Limits):
        raise TypeError(f"expected Limits, got {_describe(limits)}")
    return limits


class MemoryType:
    """The type of a linear memory: size limits in pages, and whether it is
    64-bit, shared, or uses a custom page size (1 byte instead of 64 KiB).

    Only 32-bit memories with 64 KiB pages are part of WebAssembly 2.0;
    the other kinds can be described but not created (``_to_syntax``
    rejects them)."""

    __slots__ = ("_limits", "_is_64", "_shared", "_page_size_log2")

    def __init__(self, limits: Limits, is_64: bool = False, shared: bool = False,
                 page_size_log2: int = 16):
        _check_limits(limits)
        if type(page_size_log2) is not int:
            raise TypeError(f"page_size_log2 must be an int, got {_describe(page_size_log2)}")
        if page_size_log2 not in (0, 16):
            raise WasmError(f"page size must be 2**16 or 2**0, but was given 2**{page_size_log2}")
        address_bits = 64 if is_64 else 32
        limits._check(2 ** (address_bits - page_size_log2), "memory")
        if shared and limits.max is None:
            raise WasmError("shared memories must have a maximum size")
        self._limits = limits
        self._is_64 = bool(is_64)
        self._shared = bool(shared)
        self._page_size_log2 = page_size_log2

    @property
    def limits(self) -> Limits:
        """The size bounds, in pages."""
        return self._limits

    @property
    def minimum(self) -> int:
        """The initial size, in pages."""
        return self._limits.min

    @property
    def maximum(self) -> int | None:
        """The maximum size in pages, or None if unbounded."""
        return self._limits.max

    @property
    def is_64(self) -> bool:
        """Whether addresses are 64-bit (the memory64 proposal)."""
        return self._is_64

    @property
    def is_shared(self) -> bool:
        """Whether the memory may be shared between threads."""
        return self._shared

    @property
    def page_size(self) -> int:
        """Bytes per page: 65536, or 1 with the custom-page-sizes proposal."""
        return 1 << self._page_size_log2

    @property
    def page_size_log2(self) -> int:
        """The base-2 logarithm of ``page_size``."""
        return self._page_size_log2

    @classmethod
    def _from_syntax(cls, ty: syn.MemoryType) -> MemoryType:
        return cls(Limits._from_syntax(ty.limits), shared=ty.shared)

    def _to_syntax(self) -> syn.MemoryType:
        if self._is_64:
            raise WasmError("64-bit memories (the memory64 proposal) are not supported")
        if self._page_size_log2 != 16:
            raise WasmError("custom page sizes are not supported")
        return syn.MemoryType(self._limits._to_syntax(), self._shared)

    def _key(self) -> tuple:
        return (self._limits, self._is_64, self._shared, self._page_size_log2)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MemoryType) and other._key() == self._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        extras = "".join(f", {name}=True" for name, on in
                         (("is_64", self._is_64), ("shared", self._shared)) if on)
        if self._page_size_log2 != 16:
            extras += f", page_size_log2={self._page_size_log2}"
        return f"MemoryType({self._limits!r}{extras})"


class TableType:
    """The type of a table: its element (reference) type and size limits."""

    __slots__ = ("_ty",)
    _ty: syn.TableType

    def __init__(self, valtype: ValType, limits: Limits):
        kind = _check_valtype(valtype)._kind
        _check_limits(limits)._check(_U32_MAX, "table")
        if not kind.is_ref:
            raise WasmError(f"table elements must be a reference type (funcref or externref), "
                            f"not {kind}")
        self._ty = syn.TableType(limits._to_syntax(), kind)

    @property
    def element(self) -> ValType:
        """The type of the table's elements."""
        return _VALTYPES[self._ty.elem]

    @property
    def limits(self) -> Limits:
        """The size bounds, in elements."""
        return Limits._from_syntax(self._ty.limits)

    @classmethod
    def _from_syntax(cls, ty: syn.TableType) -> TableType:
        tabletype = object.__new__(cls)
        tabletype._ty = ty
        return tabletype

    def _to_syntax(self) -> syn.TableType:
        return self._ty

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TableType) and other._ty == self._ty

    def __hash__(self) -> int:
        return hash(self._ty)

    def __repr__(self) -> str:
        return f"TableType({self.element}, {self.limits!r})"


AsExternType = FuncType | TableType | MemoryType | GlobalType
"""The type of anything a module imports or exports."""

_EXTERN_TYPES = (FuncType, TableType, MemoryType, GlobalType)


def _check_extern_type(ty: Any) -> AsExternType:
    if not isinstance(ty, _EXTERN_TYPES):
        raise TypeError(f"expected a FuncType, TableType, MemoryType or GlobalType, "
                        f"got {_describe(ty)}")
    return ty


def _check_name(name: Any, what: str) -> str:
    if not isinstance(name, str):
        raise TypeError(f"{what} must be a str, got {_describe(name)}")
    return name


class ImportType:
    """One import of a module: the module and field it names, and its type."""

    __slots__ = ("_module", "_name", "_type")

    def __init__(self, module: str, name: str, type: AsExternType):
        self._module = _check_name(module, "import module name")
        self._name = _check_name(name, "import name")
        self._type = _check_extern_type(type)

    @property
    def module(self) -> str:
        """The name of the module the import is taken from."""
        return self._module

    @property
    def name(self) -> str:
        """The name of the imported item within that module."""
        return self._name

    @property
    def type(self) -> AsExternType:
        """What the import must be: a function, table, memory or global type."""
        return self._type

    @classmethod
    def _from_syntax(cls, imp: Import, module: Module) -> ImportType:
        """The public description of an import of a (validated) module."""
        desc = imp.desc
        if imp.kind is not syn.ExternKind.FUNC:
            return cls(imp.module, imp.name, _extern_from_syntax(desc))
        if not isinstance(desc, int) or not 0 <= desc < len(module.types):
            raise WasmError(f"import {imp.module!r} {imp.name!r} uses type {desc}, "
                            "which does not exist")
        return cls(imp.module, imp.name, FuncType._from_syntax(module.types[desc]))

    def _key(self) -> tuple:
        return (self._module, self._name, self._type)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ImportType) and other._key() == self._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"ImportType({self._module!r}, {self._name!r}, {self._type!r})"


class ExportType:
    """One export of a module: its name and type."""

    __slots__ = ("_name", "_type")

    def __init__(self, name: str, type: AsExternType):
        self._name = _check_name(name, "export name")
        self._type = _check_extern_type(type)

    @property
    def name(self) -> str:
        """The name the item is exported under."""
        return self._name

    @property
    def type(self) -> AsExternType:
        """The type of the exported function, table, memory or global."""
        return self._type

    @classmethod
    def _from_syntax(cls, export: Export, module: Module) -> ExportType:
        """The public description of an export of a (validated) module."""
        return module_export_types(module, [export])[0]

    def _key(self) -> tuple:
        return (self._name, self._type)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ExportType) and other._key() == self._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"ExportType({self._name!r}, {self._type!r})"


def _extern_from_syntax(ty: object) -> AsExternType:
    """The public face of an internal table, memory or global type."""
    if isinstance(ty, syn.TableType):
        return TableType._from_syntax(ty)
    if isinstance(ty, syn.MemoryType):
        return MemoryType._from_syntax(ty)
    if isinstance(ty, syn.GlobalType):
        return GlobalType._from_syntax(ty)
    raise WasmError(f"expected a table, memory or global type, got {_describe(ty)}")


def module_import_types(module: Module) -> list[ImportType]:
    """The public descriptions of a module's imports, in order."""
    return [ImportType._from_syntax(imp, module) for imp in module.imports]


def module_export_types(module: Module, exports: list[Export] | None = None) -> list[ExportType]:
    """The public descriptions of a module's exports (or of the given ones), in order."""
    spaces: dict[syn.ExternKind, list[Any]] = {
        syn.ExternKind.TABLE: [imp.desc for imp in module.imported(syn.ExternKind.TABLE)]
        + [table.type for table in module.tables],
        syn.ExternKind.MEMORY: [imp.desc for imp in module.imported(syn.ExternKind.MEMORY)]
        + [mem.type for mem in module.mems],
        syn.ExternKind.GLOBAL: [imp.desc for imp in module.imported(syn.ExternKind.GLOBAL)]
        + [glob.type for glob in module.globals],
    }
    func_count = len(module.imported(syn.ExternKind.FUNC)) + len(module.funcs)
    result = []
    for export in module.exports if exports is None else exports:
        kind, index = export.kind, export.index
        count = func_count if kind is syn.ExternKind.FUNC else len(spaces[kind])
        if not 0 <= index < count:
            raise WasmError(f"export {export.name!r} refers to {kind} {index}, which does not exist")
        if kind is syn.ExternKind.FUNC:
            try:
                ty: AsExternType = FuncType._from_syntax(module.func_type(index))
            except (IndexError, TypeError):
                raise WasmError(f"export {export.name!r}: function {index} has no valid type") from None
        else:
            ty = _extern_from_syntax(spaces[kind][index])
        result.append(ExportType(export.name, ty))
    return result
