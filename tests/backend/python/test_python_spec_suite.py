"""The wg-2.0 spec suite run on the python tier, one test per script.

Scripts without "simd" in their name must pass every command (none
skipped); the SIMD scripts must fail none, their execution commands being
skipped since this tier does not run SIMD yet.
"""

from __future__ import annotations

import pytest

from wasmic.spec import Status, run_commands
from wasmic.spec.engine import engine_for
from wasmic.text import parse_script


@pytest.fixture(scope="module")
def engine():
    return engine_for("python")


def test_spec_script_on_python_tier(wast_path, engine):
    commands = parse_script(wast_path.read_text(encoding="utf-8"), source=str(wast_path))
    outcomes = run_commands(commands, engine)
    failed = [o for o in outcomes if o.status is Status.FAILED]
    assert not failed, "\n".join(f"{wast_path.name}:{o.line}: {o.kind}: {o.reason}" for o in failed)
    if "simd" not in wast_path.name:
        skipped = [o for o in outcomes if o.status is Status.SKIPPED]
        assert not skipped, "\n".join(f"{wast_path.name}:{o.line}: {o.kind}: {o.reason}"
                                      for o in skipped)


CONTROL_SCRIPTS = ["block", "br", "br_if", "br_table", "call_indirect", "fac", "if", "labels",
                   "loop", "nop", "return", "select", "stack", "switch", "unreachable", "unwind"]


@pytest.mark.parametrize("name", CONTROL_SCRIPTS)
def test_control_scripts_with_flat_control_flow(name, testsuite, engine, monkeypatch):
    """The fallback for deeply nested functions (``dispatch``), forced everywhere."""
    from wasmic.backend.python import module as python_module

    monkeypatch.setattr(python_module.compile_module, "__kwdefaults__",
                        {**python_module.compile_module.__kwdefaults__, "control": "dispatch"})
    path = testsuite / f"{name}.wast"
    outcomes = run_commands(parse_script(path.read_text(encoding="utf-8"), source=str(path)),
                            engine)
    bad = [o for o in outcomes if o.status is not Status.PASSED]
    assert not bad, "\n".join(f"{name}.wast:{o.line}: {o.kind}: {o.reason}" for o in bad)
