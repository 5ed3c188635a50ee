"""Running an imported wasm module as a program: ``python -m pkg.tool``
(the package installs the hook) and ``python -m wasmic.loader tool``; the
module's ``_start`` runs and the exit status it gives is the process's."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from loader_subprocess import CONFIGURE_TIER, run

HOST = """
import sys
import wasmic

def emit(value):
    print("emitted", value, sys.argv[1:])

def leave(code):
    raise wasmic.ExitTrap(code=code)
"""

TOOL = """
(module
  (import "host" "emit" (func $emit (param i32)))
  (import "host" "leave" (func $leave (param i32)))
  (func (export "_start") i32.const 42 call $emit i32.const 3 call $leave))
"""

@pytest.fixture
def program(tmp_path) -> Path:
    (tmp_path / "host.py").write_text(HOST)
    (tmp_path / "apps").mkdir()
    (tmp_path / "apps" / "__init__.py").write_text(CONFIGURE_TIER)
    (tmp_path / "apps" / "tool.wat").write_text(TOOL)
    return tmp_path


def test_python_m_of_a_wasm_module_in_a_package(program, tier):
    result = run(["-m", "apps.tool", "a", "b"], program, tier)
    assert result.stdout == "emitted 42 ['a', 'b']\n", result.stderr
    assert result.returncode == 3


def test_python_m_of_a_package_whose_main_is_wasm(program, tier):
    os.rename(program / "apps" / "tool.wat", program / "apps" / "__main__.wat")
    result = run(["-m", "apps", "c"], program, tier)
    assert result.stdout == "emitted 42 ['c']\n", result.stderr
    assert result.returncode == 3


def test_wasmic_loader_runs_a_module(program, tier):
    script = CONFIGURE_TIER + "from wasmic.loader.__main__ import main\nmain(['apps.tool', 'x'])\n"
    result = run(["-c", script], program, tier)
    assert result.stdout == "emitted 42 ['x']\n", result.stderr
    assert result.returncode == 3


def test_wasmic_loader_command_line(program):
    (program / "plain.wat").write_text(TOOL)
    result = run(["-m", "wasmic.loader", "plain", "y"], program, "python")
    assert result.stdout == "emitted 42 ['y']\n", result.stderr
    assert result.returncode == 3
    usage = run(["-m", "wasmic.loader"], program, "python")
    assert usage.returncode != 0 and "usage: python -m wasmic.loader MODULE" in usage.stderr


def test_wasmic_loader_runs_a_file(program, tier):
    script = (CONFIGURE_TIER + "from wasmic.loader.__main__ import main\n"
              "main(['apps/tool.wat', 'z'])\n")
    result = run(["-c", script], program, tier)
    assert result.stdout == "emitted 42 ['z']\n", result.stderr
    assert result.returncode == 3
    missing = run(["-m", "wasmic.loader", "nowhere.wasm"], program, "python")
    assert missing.returncode == 1 and "no such file: nowhere.wasm" in missing.stderr


def test_module_without_start_runs_nothing(program, tier):
    (program / "apps" / "library.wat").write_text('(module (func (export "f")))')
    result = run(["-m", "apps.library"], program, tier)
    assert (result.returncode, result.stdout) == (0, ""), result.stderr
