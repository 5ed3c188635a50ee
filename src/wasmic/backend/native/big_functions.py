"""Big functions are compiled with less optimization, so that big modules
compile in reasonable time.

GCC's time on one function grows faster than the function: register
allocation and the dataflow passes work over every block, and every wasm
memory access not proven in bounds is a branch.  A module's few huge
functions then dominate its cold compile: in resvg (2.5 MB of wasm, 1,433
functions), the six functions of more than 16,000 instructions took 156 of
the 294 s of CPU that -O2 spent on the module, the biggest (64,000
instructions, 3 MB of C) 66 s alone.  The same six took 45 s at -O1
with GCC's single-region register allocation (``-fira-region=one``: by
default GCC allocates loop by loop, which took 10 of the 15 s -O1 spent on
one 23,000-instruction function).  The bet is that hot loops mostly live
in smaller functions, which keep -O2; a program whose time goes into a
huge function can have -O3 everywhere ("speed_and_size").  The threshold
keeps the demotion to the few functions that cost: resvg's cold compile
took 57 s wall with 2,000 instructions as the threshold (94 functions
demoted, half of the module's C), 60 s with 10,000 (10 functions), 139 s
with none (``bench/big_functions.py --thresholds``, 2 cores).

So, at the default "speed" level (-O2), a defined function of more than
``BIG_FUNCTION`` wasm instructions goes into files of big functions only
(``emit_module``), compiled with ``BigFunctions.flags`` added.
"speed_and_size" (-O3) and "none" (-O0) apply to every function alike, as
does the sanitizer build (-O1).  The threshold and the flags are part of
the cache key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the toolchain is imported only when something is compiled
    from .toolchain import Compiler

BIG_FUNCTION = 10_000
"""Wasm instructions (in the body) above which a function is big."""

DEMOTED_LEVEL = 2
"""The optimization level at which big functions get less."""


@dataclass(frozen=True)
class BigFunctions:
    """How a build treats big functions: those of more than ``threshold``
    instructions are compiled with ``flags`` added; no flags: like others."""

    threshold: int
    flags: tuple[str, ...]

    @classmethod
    def policy(cls, compiler: Compiler, opt_level: int, sanitize: bool,
               threshold: int = BIG_FUNCTION) -> BigFunctions:
        """The treatment for a build at ``opt_level`` (see the module docstring)."""
        if sanitize or opt_level != DEMOTED_LEVEL:
            return cls(threshold, ())
        return cls(threshold, ("-O1", "-fira-region=one") if compiler.family == "gcc" else ("-O1",))

    @property
    def limit(self) -> int | None:
        """The size above which a function goes into a file of big functions
        (None: none does)."""
        return self.threshold if self.flags else None

    def key(self) -> str:
        """The part of the cache key saying which functions were compiled how."""
        return f"big functions: >{self.threshold}: {' '.join(self.flags)}" if self.flags else "big functions: none"
