"""Runs the commands of a spec script (.wast) and records one outcome per command.

Each command is one check that passes, fails or is skipped.  Decoding,
parsing and validation are always checked; commands that need execution are
skipped when no execution tier (``Engine``) is given, though a module that an
assertion expects to fail only at link or run time must still validate.  A
crash in one command fails that command and the script goes on.
"""

from __future__ import annotations

import enum
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import WasmError
from ..syntax.script import (Action, ActionCommand, AssertExhaustion, AssertModule, AssertReturn,
                             AssertTrap, Command, Const, Get, Invoke, ModuleCommand, Register,
                             ScriptModule)
from ..text import parse_script
from . import compare, modules
from .engine import Engine, Exhausted, Trapped, Unlinkable, Unsupported
from .spectest import MODULE_NAME as SPECTEST


class Status(enum.Enum):
    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass
class Outcome:
    """The result of one command; ``reason`` says why it failed or was skipped."""

    status: Status
    line: int
    kind: str
    reason: str = ""


@dataclass
class FileReport:
    """The outcomes of every command of one script."""

    path: str
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status is status)

    @property
    def failures(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.status is Status.FAILED]

    def describe_failures(self) -> str:
        """One paragraph per failure: file:line, command kind, reason."""
        return "\n".join(f"{self.path}:{o.line}: {o.kind}: {o.reason}" for o in self.failures)


class CommandFailed(Exception):
    """A command did not do what the script asserts; the message says what happened."""


class _Skip(Exception):
    """The command needs an execution tier and none is available (or the
    tier cannot run the module it acts on)."""


UNSUPPORTED = object()
"""Stands for an instance the tier could not make (``Unsupported``)."""


def command_kind(command: Command) -> str:
    """The script keyword of a command, e.g. ``assert_invalid`` or ``invoke``."""
    if isinstance(command, AssertModule):
        return f"assert_{command.kind}"
    if isinstance(command, ActionCommand):
        return "get" if isinstance(command.action, Get) else "invoke"
    return _KINDS[type(command)]


_KINDS = {ModuleCommand: "module", Register: "register", AssertReturn: "assert_return",
          AssertTrap: "assert_trap", AssertExhaustion: "assert_exhaustion"}


def run_file(path: str | Path, engine: Engine | None = None) -> FileReport:
    """Parse and run one script; a script that does not parse is one failed check."""
    report = FileReport(str(path))
    try:
        commands = parse_script(Path(path).read_text(encoding="utf-8"), source=str(path))
    except Exception as exc:  # noqa: BLE001 - any failure to read the script is reported
        reason = f"cannot read: {exc}" if isinstance(exc, (OSError, UnicodeDecodeError)) else _explain(exc)
        line = getattr(exc, "line", None) or 0
        report.outcomes.append(Outcome(Status.FAILED, line, "script", reason))
        return report
    report.outcomes.extend(run_commands(commands, engine))
    return report


def run_commands(commands: list[Command], engine: Engine | None = None) -> list[Outcome]:
    """Run parsed commands in order with a fresh set of module instances."""
    script = ScriptRun(engine)
    return [script.run(command) for command in commands]


class ScriptRun:
    """The state of one script being run: its instances, by name and the latest."""

    def __init__(self, engine: Engine | None):
        self.engine = engine
        self.registry: dict[str, Any] = {SPECTEST: engine.spectest()} if engine else {}
        self.named: dict[str, Any] = {}
        self.latest: Any = None
        self._handlers: dict[type, Callable[[Any], None]] = {
            ModuleCommand: self._module, Register: self._register, ActionCommand: self._action,
            AssertReturn: self._assert_return, AssertTrap: self._assert_trap,
            AssertExhaustion: self._assert_exhaustion, AssertModule: self._assert_module,
        }

    def run(self, command: Command) -> Outcome:
        """Run one command; never raises."""
        kind = command_kind(command)
        try:
            self._handlers[type(command)](command)
        except (_Skip, Unsupported) as skip:
            return Outcome(Status.SKIPPED, command.line, kind, str(skip))
        except Exception as exc:  # noqa: BLE001 - one command's crash must not end the script
            return Outcome(Status.FAILED, command.line, kind, _explain(exc))
        return Outcome(Status.PASSED, command.line, kind)

    # -- commands -----------------------------------------------------------

    def _module(self, command: ModuleCommand) -> None:
        self.latest = None  # actions after a module that failed must not reach an older one
        module, info = modules.load(command.module)
        if self.engine is not None:
            self._instantiate(command.module, module, info)

    def _register(self, command: Register) -> None:
        try:
            self.registry[command.as_name] = self._instance(command.module)
        except _Skip:
            self.registry[command.as_name] = UNSUPPORTED  # modules importing it are skipped too
            raise

    def _action(self, command: ActionCommand) -> None:
        self._perform(command.action)

    def _assert_return(self, command: AssertReturn) -> None:
        reason = compare.mismatch(command.expected, self._perform(command.action))
        if reason:
            raise CommandFailed(f"{command.action.field}: {reason}")

    def _assert_trap(self, command: AssertTrap) -> None:
        if isinstance(command.target, ScriptModule):
            self._expect(Trapped, command.message, lambda: self._load_and_instantiate(command.target))
        else:
            self._expect(Trapped, command.message, lambda: self._perform(command.target))

    def _assert_exhaustion(self, command: AssertExhaustion) -> None:
        self._expect(Exhausted, command.message, lambda: self._perform(command.action))

    def _assert_module(self, command: AssertModule) -> None:
        if command.kind in ("malformed", "invalid"):
            check = modules.malformed_mismatch if command.kind == "malformed" else modules.invalid_mismatch
            reason = check(command.module)
            if reason:
                raise CommandFailed(f"{reason} (the script expects {command.message!r})")
            return
        outcome = Unlinkable if command.kind == "unlinkable" else Trapped
        self._expect(outcome, command.message, lambda: self._load_and_instantiate(command.module))

    # -- helpers ------------------------------------------------------------

    def _expect(self, outcome: type[Exception], message: str, step: Callable[[], object]) -> None:
        """Run ``step`` and require it to end with ``outcome`` (the message is not compared)."""
        try:
            step()
        except outcome:
            return
        raise CommandFailed(f"expected {outcome.__name__} ({message!r}), but it did not happen")

    def _load_and_instantiate(self, script_module: ScriptModule) -> None:
        module, info = modules.load(script_module)
        self._instantiate(script_module, module, info)

    def _instantiate(self, script_module: ScriptModule, module: Any, info: Any) -> None:
        instance = self._new_instance(module, info)
        if script_module.name is not None:
            self.named[script_module.name] = instance
        self.latest = instance
        if instance is UNSUPPORTED:
            raise _Skip("the tier cannot run this module")

    def _new_instance(self, module: Any, info: Any) -> Any:
        """An instance of ``module``, or UNSUPPORTED if the tier cannot run it
        or it imports from a module the tier could not run."""
        engine = self._require_engine()
        if any(self.registry.get(imp.module) is UNSUPPORTED for imp in module.imports):
            return UNSUPPORTED
        try:
            return engine.instantiate(module, info, self.registry)
        except Unsupported:
            return UNSUPPORTED

    def _perform(self, action: Action) -> list[Const]:
        engine = self._require_engine()
        instance = self._instance(action.module)
        if isinstance(action, Invoke):
            return engine.invoke(instance, action.field, action.args)
        return [engine.get(instance, action.field)]

    def _instance(self, name: str | None) -> Any:
        self._require_engine()
        if name is None:
            if self.latest is None:
                raise CommandFailed("no module instance to act on")
            instance = self.latest
        elif name not in self.named:
            raise CommandFailed(f"unknown module {name}")
        else:
            instance = self.named[name]
        if instance is UNSUPPORTED:
            raise _Skip("the tier cannot run the module acted on")
        return instance

    def _require_engine(self) -> Engine:
        if self.engine is None:
            raise _Skip("needs an execution tier")
        return self.engine


def _explain(exc: BaseException) -> str:
    """Why a command failed: the message of an expected kind of error, else the traceback."""
    if isinstance(exc, CommandFailed):
        return str(exc)
    if isinstance(exc, (WasmError, Trapped, Exhausted, Unlinkable)):
        return f"{type(exc).__name__}: {exc}"
    return "crash: " + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)).rstrip()
