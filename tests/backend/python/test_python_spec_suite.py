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
