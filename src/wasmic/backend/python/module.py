"""A whole module -> one Python source, compiled once; instances exec it.

The source defines ``f<index>`` for every function the module defines.
Everything else it refers to is a name of the namespace each instance gets:

==============  ===============================================================
``f<i>``        the callable of function ``i`` (imports: the imported one)
``F<i>``        the ``Func`` object of function ``i`` (``ref.func``)
``m<i>``        memory ``i``'s bytearray; ``mg<i>`` its grow function
``t<i>``        table ``i``'s element list; ``tt<i>`` the table object
``g<i>``        an immutable global's value, or a mutable one that is
                neither imported nor exported (a namespace global)
``G<i>``        a mutable imported or exported global: the ``Global``, whose
                ``_value`` holds the value
``ty<i>``       the canonical ``FuncType`` of type ``i`` (``call_indirect``)
``k<i>``        float constants with no literal (NaNs, infinities)
``_elems``      the element segments; ``_datas`` the data segments
``_*``          helpers (``support.HELPERS``)
==============  ===============================================================
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from ...lower import lower_module
from ...syntax.module import Module
from ...syntax.types import ExternKind, FuncType
from ..interface import Bindings, canonical_type
from .debug import FuncDebug, register, source_name
from .dispatch import DispatchCompiler
from .function import FunctionSource, TooComplex
from .metering import Metering
from .structured import StructuredCompiler
from .support import HELPERS


class ModuleEnv:
    """What the function compilers need to know about the module."""

    def __init__(self, module: Module, info, metering: Metering = Metering()):
        self.metering = metering
        self.types: list[FuncType] = module.types
        self.func_types: list[FuncType] = info.func_types
        self.global_types = info.global_types
        self.imported_globals = len(module.imported(ExternKind.GLOBAL))
        self.exported_globals = {e.index for e in module.exports if e.kind == ExternKind.GLOBAL}
        self.constants: dict[str, float] = {}
        self._constant_names: dict[int, str] = {}

    def func_type(self, index: int) -> FuncType:
        return self.func_types[index]

    def type_name(self, index: int) -> str:
        return f"ty{index}"

    def global_type(self, index: int):
        return self.global_types[index]

    def global_is_cell(self, index: int) -> bool:
        """A mutable global shared with the outside: read through its ``Global``."""
        return self.global_types[index].mutable and (
            index < self.imported_globals or index in self.exported_globals)

    def global_read(self, index: int) -> tuple[str, bool]:
        """(text reading global ``index``, whether it can change)."""
        if self.global_is_cell(index):
            return f"G{index}._value", True
        return f"g{index}", self.global_types[index].mutable

    def global_write(self, index: int) -> tuple[str, bool]:
        """(assignment target of global ``index``, whether it is a namespace global)."""
        if self.global_is_cell(index):
            return f"G{index}._value", False
        return f"g{index}", True

    def func_ref(self, index: int) -> str:
        return f"F{index}"

    def constant(self, value: float) -> str:
        """The namespace name of a float constant (NaN bits kept exactly)."""
        bits = struct.unpack("<Q", struct.pack("<d", value))[0]
        name = self._constant_names.get(bits)
        if name is None:
            name = self._constant_names[bits] = f"k{len(self._constant_names)}"
            self.constants[name] = value
        return name


@dataclass
class PythonCode:
    """A module compiled by the Python backend: its source and code object."""

    source: str
    code: object
    static: dict  # helpers, constants and types shared by every instance
    defined: list[int]  # function indices the source defines, in order
    global_cells: list[bool]  # per global: read through its Global (else a name)

    def instantiate(self, bindings: Bindings) -> list:
        """Run the code in a namespace for one instance; the callables of
        the functions the module defines, in order."""
        namespace = dict(self.static)
        for index, func in enumerate(bindings.funcs):
            namespace[f"F{index}"] = func
        for index, call in enumerate(bindings.imported_calls):
            namespace[f"f{index}"] = call
        for index, memory in enumerate(bindings.memories):
            namespace[f"m{index}"] = memory._data
            namespace[f"mg{index}"] = memory._grow_pages
        for index, table in enumerate(bindings.tables):
            namespace[f"t{index}"] = table._elements
            namespace[f"tt{index}"] = table
        for index, glob in enumerate(bindings.globals):
            namespace[f"G{index}" if self.global_cells[index] else f"g{index}"] = \
                glob if self.global_cells[index] else glob._value
        namespace["_elems"] = bindings.elems
        namespace["_datas"] = bindings.datas
        namespace.update(bindings.meters)
        exec(self.code, namespace)
        return [namespace[f"f{index}"] for index in self.defined]


def compile_function(function, env: ModuleEnv, control: str = "auto") -> FunctionSource:
    """The source of one lowered function: with structured control flow,
    or flat (``dispatch``) when it nests too deeply for that or when
    ``control`` asks for it."""
    if control != "dispatch":
        try:
            return StructuredCompiler(function, env).compile()
        except TooComplex:
            if control == "structured":
                raise
    return DispatchCompiler(function, env).compile()


def compile_module(module: Module, info, name: str = "wasm", ir=None, *,
                   control: str = "auto", metering: Metering = Metering()) -> PythonCode:
    """Generate and compile the Python code of a validated module (``ir``:
    its lowered functions, if already at hand; ``control``: see
    ``compile_function``; ``metering``: the fuel and epoch checks to write).

    Raises WasmError when a function uses an instruction this tier cannot run
    (SIMD)."""
    env = ModuleEnv(module, info, metering)
    functions = [compile_function(function, env, control)
                 for function in (ir or lower_module(module, info))]
    lines: list[str] = []
    debug: dict[str, tuple[int, FunctionSource]] = {}
    for function in functions:
        debug[function.name] = (len(lines) + 1, function)
        lines.extend(function.lines)
        lines.append("")
    source = "\n".join(lines)
    filename = source_name(name)
    code = compile(source, filename, "exec")
    first_defined = len(info.func_types) - len(module.funcs)
    table = {}
    for position, func in enumerate(module.funcs):
        index = first_defined + position
        first_line, function = debug[f"f{index}"]
        table[f"f{index}"] = FuncDebug(index, module.names.funcs.get(index), module.names.module,
                                       first_line, function.offsets, function.spans,
                                       func.code_start or 0)
    static = dict(HELPERS)
    static.update(env.constants)
    for index, ftype in enumerate(module.types):
        static[f"ty{index}"] = canonical_type(ftype)
    cells = [env.global_is_cell(i) for i in range(len(info.global_types))]
    compiled = PythonCode(source, code, static, list(range(first_defined, len(info.func_types))),
                          cells)
    register(compiled, filename, table)
    return compiled
