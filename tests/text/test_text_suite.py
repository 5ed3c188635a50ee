"""The wg-2.0 spec suite through the text parser.

Every script parses; every quoted module of an ``assert_malformed`` is
rejected with a ParseError while every other quoted module parses; and every
text module equals what wabt's ``wast2json`` makes of it (both decoded with
the project's decoder).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from wg20 import locate_testsuite, parsed_script, wg20_scripts

from wasmic.errors import ParseError
from wasmic.syntax import ExternKind, Op
from wasmic.syntax import script as s
from wasmic.text import parse_module

SUITE = locate_testsuite()
SCRIPTS = wg20_scripts()


def script_modules(path: Path):
    """(command, ScriptModule) for every command holding a module."""
    for cmd in parsed_script(path):
        module = getattr(cmd, "module", None) or getattr(cmd, "target", None)
        if isinstance(module, s.ScriptModule):
            yield cmd, module


def test_suite_is_there():
    assert len(SCRIPTS) == 148, f"the wg-2.0 suite was not found at {SUITE} (set WASMIC_TESTSUITE)"


@pytest.mark.parametrize("path", SCRIPTS, ids=[p.name for p in SCRIPTS])
def test_script_parses(path):
    cmds = parsed_script(path)
    assert cmds
    for cmd, module in script_modules(path):
        if module.form == "text":
            assert module.module is not None
        elif isinstance(cmd, s.AssertModule) and cmd.kind == "malformed":
            assert module.form in ("quote", "binary")


@pytest.mark.parametrize("path", SCRIPTS, ids=[p.name for p in SCRIPTS])
def test_quoted_modules(path):
    for cmd, module in script_modules(path):
        if module.form != "quote":
            continue
        if isinstance(cmd, s.AssertModule) and cmd.kind == "malformed":
            with pytest.raises(ParseError):
                parse_module(module.data)
        else:
            parse_module(module.data)


@pytest.fixture(scope="module")
def decode_module():
    from wasmic.binary import decode_module

    return decode_module


@pytest.mark.parametrize("path", SCRIPTS, ids=[p.name for p in SCRIPTS])
def test_text_modules_match_wabt(path, wast2json_output, decode_module):
    folder = wast2json_output / path.stem
    theirs = json.loads((folder / "commands.json").read_text())["commands"]
    mine = parsed_script(path)
    assert len(mine) == len(theirs)
    compared = 0
    for cmd, wabt_cmd in zip(mine, theirs):
        module = getattr(cmd, "module", None) or getattr(cmd, "target", None)
        if not isinstance(module, s.ScriptModule) or module.form != "text":
            continue
        filename = wabt_cmd.get("filename", "")
        if not filename.endswith(".wasm") or wabt_cmd["type"] == "assert_invalid" \
                and _wabt_omits_data_count(module.module):
            continue
        expected = decode_module((folder / filename).read_bytes())
        assert module.module == expected, f"{path.name}:{module.line}"
        compared += 1
    assert compared or not any(m.form == "text" for _, m in script_modules(path))


def _wabt_omits_data_count(module) -> bool:
    """wabt writes no data count section when a module has no data segments,
    even if data.drop refers to one (its binary is then undecodable)."""
    return module.data_count == 0


_PASS_BITS = {Op.I32_REINTERPRET_F32, Op.I64_REINTERPRET_F64, Op.F32_REINTERPRET_I32,
              Op.F64_REINTERPRET_I64, Op.RETURN}
_CONSTS = {Op.I32_CONST, Op.I64_CONST, Op.F32_CONST, Op.F64_CONST}


def constant_results(module) -> dict[str, int]:
    """Bits returned by exported functions that just return a constant
    (possibly reinterpreted)."""
    imported = len(module.imported(ExternKind.FUNC))
    results = {}
    for export in module.exports:
        if export.kind != ExternKind.FUNC or export.index < imported:
            continue
        body = module.funcs[export.index - imported].body
        ops = [instr[0] for instr in body]
        if ops[0] in _CONSTS and all(op in _PASS_BITS for op in ops[1:-1]):
            results[export.name] = body[0][1]
    return results


@pytest.mark.parametrize("name", ["const.wast", "float_literals.wast", "int_literals.wast"])
def test_literals_evaluate_as_the_suite_expects(name):
    checked = 0
    results: dict[str, int] = {}
    for cmd in parsed_script(SUITE / name):
        if isinstance(cmd, s.ModuleCommand) and cmd.module.form == "text":
            results = constant_results(cmd.module.module)
        elif isinstance(cmd, s.AssertReturn) and cmd.action.field in results:
            (expected,) = cmd.expected
            assert results[cmd.action.field] == expected.value, f"{name}:{cmd.line}"
            checked += 1
    assert checked > 25
