"""What validation learns about a module, for the passes after it.

Validation has to compute the type of every operand and resolve every block
type anyway; recording the few facts that are not plain in the instruction
list saves later passes from re-deriving them.  Stack heights are not
recorded: the lowering keeps its own stack of temporaries, and recording a
height per instruction cost the validator about a tenth of its time.

Contract, for a function body ``body`` and position ``i`` (an index into
``body``, not a byte offset):

- ``operand_types[i]`` is, for ``drop`` and untyped ``select`` at ``i``, the
  type of the value dropped or selected; absent in unreachable code where
  that type is unknown.
- ``block_types[i]`` is, for each ``block``, ``loop`` and ``if`` at ``i``, its
  block type resolved to a ``FuncType``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..syntax.types import FuncType, GlobalType, MemoryType, TableType, ValueType


@dataclass(slots=True)
class FuncInfo:
    """Validation facts about one defined function (see the module docstring)."""

    type: FuncType
    locals: tuple[ValueType, ...]  # parameters, then declared locals
    operand_types: dict[int, ValueType]
    block_types: dict[int, FuncType]


@dataclass(slots=True)
class ModuleInfo:
    """Validation facts about a module: one ``FuncInfo`` per defined function,
    plus the types of each index space (imports first), so later passes need
    not walk the imports again."""

    funcs: list[FuncInfo]
    func_types: list[FuncType]
    table_types: list[TableType]
    memory_types: list[MemoryType]
    global_types: list[GlobalType]
