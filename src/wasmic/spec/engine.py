"""The seam between the spec runner and an execution tier.

The runner decides what each script command means; an ``Engine`` only runs
modules.  A tier plugs in by implementing this protocol and being returned by
``engine_for``.  Values cross the seam as ``Const``: numbers as unsigned bit
patterns (floats as raw IEEE bits, so NaN payloads and the sign of zero are
compared exactly), references as ``None`` for null and otherwise, for
externref, the host reference number given to ``ref.extern N`` (any non-None
value stands for a non-null funcref).  Failures the scripts assert on are
reported with the three exceptions below, which adapters translate into.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from ..syntax.module import Module
from ..syntax.script import Const

TIERS = ("python", "native")


class Trapped(Exception):
    """Execution (or instantiation: a start function, a segment) trapped."""


class Exhausted(Exception):
    """A resource ran out: call stack depth, fuel."""


class Unlinkable(Exception):
    """Imports could not be resolved or did not match their types."""


class Unsupported(Exception):
    """The tier cannot run this module (e.g. SIMD on the python tier): the
    commands that need it are skipped, not failed."""


class Engine(Protocol):
    """What the runner needs from an execution tier.

    Instances are opaque to the runner.  ``registry`` maps a registered
    module name (including ``spectest``, made by ``spectest()``) to its
    instance, from which ``instantiate`` resolves imports.
    """

    def spectest(self) -> Any:
        """An instance of the ``spectest`` host module described in ``spectest.py``."""

    def instantiate(self, module: Module, info: Any, registry: Mapping[str, Any]) -> Any:
        """Link ``module`` (validated; ``info`` is its ModuleInfo) and run its start function."""

    def invoke(self, instance: Any, field: str, args: Sequence[Const]) -> list[Const]:
        """Call the exported function ``field``; its results."""

    def get(self, instance: Any, field: str) -> Const:
        """The value of the exported global ``field``."""


class UnavailableTier(Exception):
    """The requested tier cannot run code (yet, or on this machine)."""


def engine_for(tier: str) -> Engine:
    """The engine of an execution tier; raises UnavailableTier saying why not."""
    if tier not in TIERS:
        raise ValueError(f"unknown tier {tier!r}; expected one of {', '.join(TIERS)}")
    from ..errors import WasmError
    from .runtime_engine import RuntimeEngine

    try:
        return RuntimeEngine(tier)
    except WasmError as error:
        raise UnavailableTier(str(error)) from None
