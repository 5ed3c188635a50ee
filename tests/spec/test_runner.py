"""The spec runner: one outcome per command, classification by phase, and the
execution seam exercised through a fake engine."""

from __future__ import annotations

import pytest

from wasmic.spec import Exhausted, Status, Trapped, UnavailableTier, Unlinkable, run_commands, run_file
from wasmic.spec import cli as spec_cli
from wasmic.spec import modules
from wasmic.spec.cli import main
from wasmic.syntax.script import Const
from wasmic.syntax.types import I32
from wasmic.text import parse_script

VALID = "(module (func (export \"f\") (result i32) (i32.const 1)))"


def run(script: str, engine=None):
    return run_commands(parse_script(script), engine)


def statuses(outcomes):
    return [(o.kind, o.status.value) for o in outcomes]


def test_checks_front_end_commands_and_skips_execution_without_an_engine():
    outcomes = run(f"""
        {VALID}
        (assert_malformed (module quote "(func") "unexpected end")
        (assert_malformed (module binary "\\00asm\\02\\00\\00\\00") "unknown binary version")
        (assert_invalid (module (func (result i32))) "type mismatch")
        (assert_return (invoke "f") (i32.const 1))
        (register "m")
        (assert_trap (module (func $s unreachable) (start $s)) "unreachable")
        (assert_unlinkable (module (import "m" "g" (func))) "unknown import")
    """)
    assert statuses(outcomes) == [
        ("module", "passed"), ("assert_malformed", "passed"), ("assert_malformed", "passed"),
        ("assert_invalid", "passed"), ("assert_return", "skipped"), ("register", "skipped"),
        ("assert_trap", "skipped"), ("assert_unlinkable", "skipped"),
    ]
    assert outcomes[4].line == 6


def test_a_wrong_classification_fails():
    outcomes = run("""
        (assert_malformed (module quote "(module)") "accepted")
        (assert_invalid (module (func)) "accepted")
        (assert_malformed (module binary "\\00asm\\01\\00\\00\\00\\01\\05\\01\\60\\00\\01\\7f"
                                  "\\03\\02\\01\\00\\0a\\04\\01\\02\\00\\0b") "invalid, not malformed")
        (assert_invalid (module quote "(func") "parse error, not invalid")
        (assert_uninstantiable (module (func (result i32))) "invalid, not uninstantiable")
    """)
    assert [o.status for o in outcomes] == [Status.FAILED] * 5
    assert "accepted" in outcomes[0].reason and "accepted" in outcomes[1].reason
    assert outcomes[2].reason.startswith("expected DecodeError, got ValidationError")
    assert outcomes[3].reason.startswith("ParseError")
    assert outcomes[4].reason.startswith("ValidationError")


def test_a_crash_fails_one_command_and_the_script_goes_on(monkeypatch):
    real_load = modules.load
    calls = []

    def crash_once(script_module):
        calls.append(script_module)
        if len(calls) == 1:
            raise RuntimeError("boom")
        return real_load(script_module)

    monkeypatch.setattr(modules, "load", crash_once)
    outcomes = run(f"{VALID} {VALID}")
    assert [o.status for o in outcomes] == [Status.FAILED, Status.PASSED]
    assert outcomes[0].reason.startswith("crash: Traceback") and "RuntimeError: boom" in outcomes[0].reason


class FakeEngine:
    """Instances are dicts of export name -> behaviour: a result list or an exception."""

    def __init__(self):
        self.instantiated = []

    def spectest(self):
        return {"kind": "spectest"}

    def instantiate(self, module, info, registry):
        if any(imp.module not in registry for imp in module.imports):
            raise Unlinkable("unknown import")
        if module.start is not None:
            raise Trapped("unreachable")
        instance = {"f": [Const(I32, 1)], "trap": Trapped("boom"), "deep": Exhausted("stack")}
        self.instantiated.append(instance)
        return instance

    def invoke(self, instance, field, args):
        behaviour = instance[field]
        if isinstance(behaviour, Exception):
            raise behaviour
        return behaviour

    def get(self, instance, field):
        return instance[field][0]


def test_execution_commands_go_through_the_engine():
    engine = FakeEngine()
    outcomes = run("""
        (module $a (func (export "f") (result i32) (i32.const 1)))
        (assert_return (invoke "f") (i32.const 1))
        (assert_return (invoke $a "f") (i32.const 2))
        (assert_trap (invoke "trap") "boom")
        (assert_trap (invoke "f") "no trap")
        (assert_exhaustion (invoke "deep") "call stack exhausted")
        (register "m" $a)
        (module (import "m" "f" (func)))
        (assert_unlinkable (module (import "nowhere" "f" (func))) "unknown import")
        (assert_uninstantiable (module (func $s) (start $s)) "unreachable")
        (assert_return (invoke $nope "f"))
        (invoke "trap")
    """, engine)
    assert [o.status.value for o in outcomes] == [
        "passed", "passed", "failed", "passed", "failed", "passed", "passed", "passed",
        "passed", "passed", "failed", "failed"]
    assert outcomes[2].reason.startswith("f: result 0: expected (i32.const 0x2)")
    assert "expected Trapped" in outcomes[4].reason
    assert outcomes[10].reason == "unknown module $nope"
    assert outcomes[11].reason == "Trapped: boom"
    assert len(engine.instantiated) == 2


def test_an_unparsable_script_is_one_failure(tmp_path):
    script = tmp_path / "broken.wast"
    script.write_text("(module\n  (func (oops")
    report = run_file(script)
    assert [o.status for o in report.outcomes] == [Status.FAILED]
    assert report.outcomes[0].kind == "script"


def write_scripts(tmp_path):
    (tmp_path / "good.wast").write_text(f"{VALID}\n(assert_return (invoke \"f\") (i32.const 1))\n")
    (tmp_path / "bad.wast").write_text(f"{VALID}\n\n(assert_invalid {VALID} \"type mismatch\")\n")
    return tmp_path


@pytest.fixture
def no_tier(monkeypatch):
    """Every tier unavailable, so these tests do not depend on which tiers exist."""

    def unavailable(tier):
        raise UnavailableTier(f"the {tier} execution tier is not available")

    monkeypatch.setattr(spec_cli, "engine_for", unavailable)


def test_cli_prints_a_line_per_file_and_the_totals_last(tmp_path, capsys, no_tier):
    status = main([str(write_scripts(tmp_path))])
    lines = capsys.readouterr().out.splitlines()
    assert status == 1
    assert "bad.wast: 1 passed, 1 failed, 0 skipped" in lines
    assert "good.wast: 1 passed, 0 failed, 1 skipped" in lines
    assert lines[-1] == "2 passed, 1 failed, 1 skipped"


def test_cli_filters_by_substring_and_shows_failures_when_verbose(tmp_path, capsys, no_tier):
    folder = write_scripts(tmp_path)
    assert main([str(folder), "-k", "good", "--tier", "native"]) == 0
    out = capsys.readouterr().out
    assert "bad.wast" not in out and out.splitlines()[-1] == "1 passed, 0 failed, 1 skipped"
    main([str(folder / "bad.wast"), "-v"])
    out = capsys.readouterr().out
    assert f"{folder / 'bad.wast'}:3: assert_invalid: expected ValidationError" in out


def test_cli_fails_when_no_script_matches(tmp_path, capsys, no_tier):
    assert main([str(write_scripts(tmp_path)), "-k", "nothing"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines()[-1] == "0 passed, 0 failed, 0 skipped" and "no .wast scripts" in err


def test_cli_rejects_an_unknown_tier(capsys):
    with pytest.raises(SystemExit):
        main(["x.wast", "--tier", "jit"])


@pytest.mark.parametrize("tier", ["python", "native"])
def test_cli_runs_code_on_each_tier_through_the_runtime(tmp_path, capsys, tier):
    script = tmp_path / "calls.wast"
    script.write_text(f"""{VALID}
(assert_return (invoke "f") (i32.const 1))
(module (memory 1) (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func $r (export "rec") call $r))
(assert_trap (invoke "load" (i32.const 65536)) "out of bounds memory access")
(assert_trap (invoke "div" (i32.const 1) (i32.const 0)) "integer divide by zero")
(assert_return (invoke "div" (i32.const -7) (i32.const 2)) (i32.const -3))
(assert_exhaustion (invoke "rec") "call stack exhausted")
""")
    assert main([str(script), "--tier", tier]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "7 passed, 0 failed, 0 skipped"
