"""The official wg-2.0 spec suite, one test per script: the runner must report
no failure, and every well-formed module must survive encode/decode exactly."""

from __future__ import annotations

import pytest
from wg20 import parsed_script

from wasmic.binary import decode_module, encode_module
from wasmic.errors import WasmError
from wasmic.spec import Status, run_commands
from wasmic.spec.modules import to_module
from wasmic.syntax.script import AssertModule, AssertTrap, ModuleCommand, ScriptModule


def test_the_suite_is_present(testsuite):
    assert len(list(testsuite.glob("*.wast"))) >= 100


@pytest.fixture(scope="module")
def script(wast_path):
    """The parsed commands of one script, shared by the tests of that script."""
    return parsed_script(wast_path)


def test_spec_script(script, wast_path):
    failures = [o for o in run_commands(script) if o.status is Status.FAILED]
    assert not failures, "\n".join(f"{wast_path.name}:{o.line}: {o.kind}: {o.reason}" for o in failures)


def well_formed_modules(commands) -> list[ScriptModule]:
    """Every module of a script except those asserted to be malformed."""
    found = []
    for command in commands:
        if isinstance(command, ModuleCommand):
            found.append(command.module)
        elif isinstance(command, AssertModule) and command.kind != "malformed":
            found.append(command.module)
        elif isinstance(command, AssertTrap) and isinstance(command.target, ScriptModule):
            found.append(command.target)
    return found


def round_trip_problem(script_module: ScriptModule) -> str | None:
    """Why decode(encode(m)) != m or encoding is not idempotent, or None."""
    try:
        module = to_module(script_module)
    except WasmError as exc:
        return f"does not read: {type(exc).__name__}: {exc}"
    binary = bytes(encode_module(module))
    again = decode_module(binary)
    if again != module:
        return "decode(encode(m)) != m"
    if bytes(encode_module(again)) != binary:
        return "encode(decode(encode(m))) != encode(m)"
    return None


def test_round_trip(script, wast_path):
    problems = [(m.line, round_trip_problem(m)) for m in well_formed_modules(script)]
    report = [f"{wast_path.name}:{line}: {problem}" for line, problem in problems if problem]
    assert not report, "\n".join(report)
