"""The spec test runner: runs the official .wast scripts against wasmic.

``run_file`` runs one script and reports an outcome per command;
``python -m wasmic.spec`` is the command line over it; ``Engine`` is the
seam through which an execution tier runs the commands that execute code.
"""

from .engine import Engine, Exhausted, Trapped, UnavailableTier, Unlinkable, engine_for
from .runner import FileReport, Outcome, Status, run_commands, run_file

__all__ = ["Engine", "Exhausted", "Trapped", "UnavailableTier", "Unlinkable", "engine_for",
           "FileReport", "Outcome", "Status", "run_commands", "run_file"]
