"""What validation learns about a module, handed to the lowering pass.

Validation has to compute the type of every operand anyway; recording the few
facts the lowering needs (stack heights, the operand type of type-generic
instructions, resolved block types) saves it from re-deriving them.

Contract, for a function body ``body`` and position ``i`` (an index into
``body``, not a byte offset):

- ``heights[i]`` is the operand-stack height just before ``body[i]``, counted
  from the function's frame (0 at entry; locals are not on the stack).  In
  unreachable code it is the validator's current height, which may be lower
  than what a reachable path would have; nothing there ever executes.
  ``len(heights) == len(body)``.
- ``max_height`` is the largest height the stack reaches anywhere in the body
  (at least every ``heights[i]`` and the result count).
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
    heights: list[int]
    max_height: int
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
