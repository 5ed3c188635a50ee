"""The wg-2.0 spec suite through the validator: every ``assert_invalid`` module is
rejected with the expected message, every other well-formed module validates."""

from __future__ import annotations

from wasmic.binary import decode_module
from wasmic.errors import ValidationError
from wasmic.syntax.script import AssertModule, AssertTrap, ModuleCommand, ScriptModule
from wasmic.text import parse_module, parse_script
from wasmic.valid import validate_module


def _modules(commands):
    """(line, ScriptModule, expected validation error or None) for every module that
    is meant to be well formed."""
    for command in commands:
        if isinstance(command, ModuleCommand):
            yield command.line, command.module, None
        elif isinstance(command, AssertModule) and command.kind != "malformed":
            message = command.message if command.kind == "invalid" else None
            yield command.line, command.module, message
        elif isinstance(command, AssertTrap) and isinstance(command.target, ScriptModule):
            yield command.line, command.target, None


def _load(script_module: ScriptModule):
    if script_module.form == "text":
        return script_module.module
    if script_module.form == "binary":
        return decode_module(script_module.data)
    return parse_module(script_module.data)


def test_suite_script_validates_as_expected(wast_path, testsuite):
    commands = parse_script(wast_path.read_text(encoding="utf-8"))
    failures = []
    for line, script_module, expected in _modules(commands):
        module = _load(script_module)
        try:
            validate_module(module)
        except ValidationError as error:
            if expected is None:
                failures.append(f"line {line}: valid module rejected: {error}")
            elif expected not in str(error):
                failures.append(f"line {line}: expected {expected!r}, got {error}")
        else:
            if expected is not None:
                failures.append(f"line {line}: invalid module accepted ({expected!r} expected)")
    assert not failures, "\n".join(failures)
