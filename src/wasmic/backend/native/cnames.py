"""How wasm types and signatures are spelled in the generated C.

Every name the emitters share is made here, so the function files, the
layout header and the glue file agree on them: C types of values, one-letter
type codes (the ones ``wasmic.h`` uses), signature codes, and the C names of
result structs, function pointer types, entries and trampolines.
"""

from __future__ import annotations

from ...errors import WasmError
from ...syntax.types import EXTERNREF, F32, F64, FUNCREF, I32, I64, FuncType, ValueType

C_TYPES: dict[ValueType, str] = {
    I32: "uint32_t", I64: "uint64_t", F32: "float", F64: "double",
    FUNCREF: "const wasmic_funcref *", EXTERNREF: "wasmic_pyobj *",
}
"""The C type holding a value of each wasm value type."""

TYPE_CODES: dict[ValueType, str] = {I32: "i", I64: "I", F32: "f", F64: "F", FUNCREF: "r", EXTERNREF: "e"}
"""One-letter codes (see ``wasmic.h``), used in signatures and descriptors."""

VALUE_FIELD: dict[ValueType, str] = {I32: "i32", I64: "i64", F32: "f32", F64: "f64",
                                     FUNCREF: "func", EXTERNREF: "ext"}
"""The ``wasmic_value`` union member for each type."""

ZERO: dict[ValueType, str] = {I32: "0", I64: "0", F32: "0.0f", F64: "0.0", FUNCREF: "NULL", EXTERNREF: "NULL"}
"""The C spelling of each type's default value (a zero bit pattern)."""


def c_type(vtype: ValueType) -> str:
    """The C type of ``vtype``; WasmError for types the native tier lacks (v128)."""
    try:
        return C_TYPES[vtype]
    except KeyError:
        raise WasmError(f"the native tier does not support {vtype} values (SIMD) yet") from None


def codes(types: tuple[ValueType, ...]) -> str:
    """The type codes of ``types``, e.g. ``"iIf"``."""
    for vtype in types:
        c_type(vtype)
    return "".join(TYPE_CODES[t] for t in types)


def sig_code(ftype: FuncType) -> str:
    """A C-identifier-safe code naming a signature: params ``_`` results."""
    return f"{codes(ftype.params)}_{codes(ftype.results)}"


def result_type(ftype: FuncType) -> str:
    """The C return type of functions of ``ftype``."""
    if not ftype.results:
        return "void"
    if len(ftype.results) == 1:
        return c_type(ftype.results[0])
    return f"struct wasmic_res_{codes(ftype.results)}"


def result_struct(results: tuple[ValueType, ...]) -> str:
    """The definition of the struct returning several ``results`` (guarded,
    so every file and every module can repeat it: same tag, same members,
    so the types are compatible across translation units)."""
    code = codes(results)
    fields = " ".join(f"{c_type(t)} v{i};" for i, t in enumerate(results))
    guard = f"WASMIC_RES_{code}"
    return (f"#ifndef {guard}\n#define {guard}\n"
            f"struct wasmic_res_{code} {{ {fields} }};\n#endif")


def fn_pointer_type(ftype: FuncType) -> str:
    """The name of the typedef'd pointer type of functions of ``ftype``."""
    return f"wasmic_fnp_{sig_code(ftype)}"


def fn_pointer_typedef(ftype: FuncType) -> str:
    """The typedef behind ``fn_pointer_type``."""
    params = "".join(f", {c_type(t)}" for t in ftype.params)
    return f"typedef {result_type(ftype)} (*{fn_pointer_type(ftype)})(void *, uintptr_t{params});"


def prototype(ftype: FuncType, name: str) -> str:
    """The C declarator of a function ``name`` of type ``ftype`` (parameters ``l0``...)."""
    params = "".join(f", {c_type(t)} l{i}" for i, t in enumerate(ftype.params))
    return f"{result_type(ftype)} {name}(void *ctx, uintptr_t sl{params})"


def func_name(index: int) -> str:
    """The C name of defined function ``index`` (function index space)."""
    return f"wasm_f{index}"


def entry_name(ftype: FuncType) -> str:
    """The METH_FASTCALL entry calling functions of ``ftype`` from Python."""
    return f"wasmic_entry_{sig_code(ftype)}"


def trampoline_name(ftype: FuncType) -> str:
    """The trampoline calling a Python callable imported with type ``ftype``."""
    return f"wasmic_host_{sig_code(ftype)}"
