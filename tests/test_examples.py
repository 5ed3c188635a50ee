"""Every script in examples/ runs and prints what it promises."""

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((REPO / "examples").glob("*.py"))


def run_example(path: Path, *args: str) -> str:
    env_path = str(REPO / "src")
    result = subprocess.run([sys.executable, str(path), *args], capture_output=True, text=True,
                            timeout=120, env={"PYTHONPATH": env_path, "PATH": ""})
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_runs(path):
    assert run_example(path).strip()


def test_wordcount_counts_and_uppercases():
    out = run_example(REPO / "examples" / "wordcount.py", "three little  words")
    assert out.strip() == "3 words: THREE LITTLE  WORDS"
