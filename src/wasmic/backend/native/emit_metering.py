"""Fuel and epoch metering in generated code (compiled in only when asked).

Fuel follows wasmtime's cost model: a call costs 1 (charged at the
callee's entry), every instruction 1 except ``nop``, ``drop``, ``block``,
``loop``, ``unreachable``, ``return``, ``else`` and ``end``, which cost 0.  Costs accumulate at compile time and
are subtracted from the store's fuel cell (``*inst->h.fuel``, signed) once
per straight-line run, before anything that transfers control; function
entries and loop headers check the cell and trap with "all fuel consumed"
(leaving it at 0) once it went negative.

Epochs: function entries and loop headers compare the engine's epoch cell
with the store's deadline and trap with "interrupt" once it is reached.
Wasm holds the GIL while it runs, so every ``YIELD_EVERY`` checks it lets
other threads run for a moment (as the Python interpreter itself does):
the usual way to advance the epoch is a timer thread.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...syntax.opcodes import Op

FREE_OPS = frozenset({Op.NOP, Op.DROP, Op.BLOCK, Op.LOOP, Op.UNREACHABLE, Op.RETURN, Op.ELSE, Op.END})
"""Instructions that cost no fuel."""

FLUSH_OPS = frozenset({Op.LOOP, Op.IF, Op.ELSE, Op.END, Op.BR, Op.BR_IF, Op.BR_TABLE, Op.RETURN,
                       Op.CALL, Op.CALL_INDIRECT, Op.UNREACHABLE})
"""Instructions before which the fuel consumed so far is subtracted."""


@dataclass(frozen=True)
class Metering:
    """What resource accounting the generated code does."""

    fuel: bool = False
    epochs: bool = False

    def key(self) -> str:
        """How this choice enters cache keys."""
        return f"fuel={int(self.fuel)} epochs={int(self.epochs)}"


NO_METERING = Metering()

YIELD_EVERY = 1 << 14
"""Epoch checks between two moments when other Python threads may run."""

EPOCH_DECLARATIONS = ("extern uint32_t wasmic_epoch_polls WASMIC_HIDDEN;\n"
                      "void wasmic_let_threads_run(void) WASMIC_HIDDEN;\n")
"""What the files of function bodies need when epochs are checked."""

EPOCH_DEFINITIONS = ("uint32_t wasmic_epoch_polls;\n"
                     "void wasmic_let_threads_run(void) { Py_BEGIN_ALLOW_THREADS Py_END_ALLOW_THREADS }\n")
"""Their definitions, in the file that includes Python.h."""


class FuelCounter:
    """The fuel consumed since the last flush, for one function."""

    def __init__(self, metering: Metering):
        self.metering = metering
        self.pending = 1  # the call itself

    def before(self, op: int) -> str | None:
        """Account for ``op``; the C statement to emit before it, if any."""
        if not self.metering.fuel:
            return None
        if op not in FREE_OPS:
            self.pending += 1
        if op in FLUSH_OPS and self.pending:
            amount, self.pending = self.pending, 0
            return f"*inst->h.fuel -= {amount};"
        return None

    def checks(self, trap) -> list[str]:
        """C statements checking the meters (at function entries and loop
        headers); ``trap(code)`` makes a trap statement."""
        out = []
        if self.metering.fuel:
            out.append("if (WASMIC_UNLIKELY(*inst->h.fuel < 0)) "
                       f"{{ *inst->h.fuel = 0; {trap('OUT_OF_FUEL')} }}")
        if self.metering.epochs:
            out.append(f"if (WASMIC_UNLIKELY((++wasmic_epoch_polls & {YIELD_EVERY - 1}) == 0)) "
                       "wasmic_let_threads_run();")
            out.append("if (WASMIC_UNLIKELY(*inst->h.epoch >= *inst->h.epoch_deadline)) "
                       + trap("INTERRUPT"))
        return out
