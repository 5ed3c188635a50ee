"""The hook compiles through the native tier's cache: a module imported
again in a new process is loaded from the cache, not compiled again."""

from __future__ import annotations

from pathlib import Path

from loader_subprocess import CONFIGURE_TIER, run

FACTORIAL = """
(module (func $fact (export "fact") (param i64) (result i64)
  (if (result i64) (i64.eqz (local.get 0)) (then (i64.const 1))
    (else (i64.mul (local.get 0) (call $fact (i64.sub (local.get 0) (i64.const 1))))))))
"""


def _files(folder: Path) -> dict[Path, int]:
    return {path: path.stat().st_mtime_ns for path in folder.rglob("*") if path.is_file()}


def test_native_code_is_compiled_once_across_processes(tmp_path):
    (tmp_path / "apps").mkdir()
    (tmp_path / "apps" / "__init__.py").write_text(CONFIGURE_TIER)
    (tmp_path / "apps" / "fact.wat").write_text(FACTORIAL)
    cache = tmp_path / "cache"
    script = "import apps.fact\nprint(apps.fact.fact(20))\n"

    first = run(["-c", script], tmp_path, "native", WASMIC_CACHE_DIR=str(cache))
    assert first.stdout == "2432902008176640000\n", first.stderr
    compiled = _files(cache)
    assert compiled, "nothing was written to the cache"

    second = run(["-c", script], tmp_path, "native", WASMIC_CACHE_DIR=str(cache))
    assert second.stdout == first.stdout, second.stderr
    assert _files(cache) == compiled
