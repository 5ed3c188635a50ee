"""Shared pytest setup.

- ``slow`` tests run only with ``--runslow``.
- The official wg-2.0 spec suite is found at ``../shared/wasm-testsuite/wg-2.0``
  beside the repository, or wherever ``WASMIC_TESTSUITE`` points; a test that
  takes a ``wast_path`` argument runs once per script of it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def locate_testsuite() -> Path:
    """Where the wg-2.0 .wast scripts are (they are read there, never copied)."""
    override = os.environ.get("WASMIC_TESTSUITE")
    return Path(override) if override else REPO.parent / "shared" / "wasm-testsuite" / "wg-2.0"


def testsuite_scripts() -> list[Path]:
    """The suite's scripts, sorted; empty if the suite is missing."""
    folder = locate_testsuite()
    return sorted(folder.glob("*.wast")) if folder.is_dir() else []


@pytest.fixture(scope="session")
def testsuite_dir() -> Path:
    """Where the suite should be; it may be missing."""
    return locate_testsuite()


@pytest.fixture(scope="session")
def testsuite(testsuite_dir) -> Path:
    """The suite's folder; fails (never skips) the test when it is missing."""
    folder = testsuite_dir
    if not testsuite_scripts():
        pytest.fail(f"the wg-2.0 spec suite was not found at {folder}; "
                    "set WASMIC_TESTSUITE to the folder holding its .wast files")
    return folder


def pytest_addoption(parser):
    parser.addoption("--runslow", action="store_true", default=False,
                     help="also run the exhaustive tests marked slow")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--runslow"):
        return
    skip_slow = pytest.mark.skip(reason="needs --runslow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip_slow)


def pytest_generate_tests(metafunc):
    # Module scope groups every test of one script together, so a script is
    # parsed once for all of them (see the ``script`` fixtures).
    if "wast_path" in metafunc.fixturenames:
        scripts = testsuite_scripts()
        metafunc.parametrize("wast_path", scripts, ids=[p.name for p in scripts], scope="module")
