"""Byte offsets of a function's instructions, added up when first asked for.

Recording an offset per instruction while decoding cost about a tenth of the
decoder's time, and only errors, backtraces and the lowering read offsets.
Most instructions take the length their opcode implies (``expr.LENGTH``:
immediates in their one-byte form); the decoder records the few others
(multi-byte LEB128 immediates, vectors, prefixed opcodes), and this sequence
sums the lengths on first use.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from itertools import accumulate

from .expr import LENGTH


class BodyOffsets(Sequence):
    """The byte offset of each instruction of one decoded body, an ``array('I')``
    made on first access.  Iterate it (or slice it) for speed: indexing one
    entry goes through a Python method."""

    __slots__ = ("_start", "_body", "_odd", "_offsets")

    def __init__(self, start: int, body: list[tuple], odd: dict[int, int]):
        self._start = start
        self._body = body
        self._odd = odd
        self._offsets: array | None = None

    def _resolved(self) -> array:
        offsets = self._offsets
        if offsets is None:
            lengths = [LENGTH[instr[0]] for instr in self._body]
            for index, length in self._odd.items():
                lengths[index] = length
            lengths.pop()  # the final ``end``: nothing starts after it
            offsets = self._offsets = array("I", accumulate(lengths, initial=self._start))
            self._body = self._odd = None  # done with them
        return offsets

    def __getitem__(self, index):
        return self._resolved()[index]

    def __len__(self) -> int:
        return len(self._resolved())

    def __iter__(self):
        return iter(self._resolved())

    def __repr__(self) -> str:
        return f"BodyOffsets({list(self._resolved())})"
