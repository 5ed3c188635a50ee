"""Shared pytest setup.

- ``slow`` tests run only with ``--runslow``.
- The official wg-2.0 spec suite is found at ``../shared/wasm-testsuite/wg-2.0``
  beside the repository, or wherever ``WASMIC_TESTSUITE`` points; a test that
  takes a ``wast_path`` argument runs once per script of it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from wg20 import locate_testsuite, wg20_scripts


@pytest.fixture(scope="session")
def testsuite_dir() -> Path:
    """Where the suite should be; it may be missing."""
    return locate_testsuite()


@pytest.fixture(scope="session")
def testsuite(testsuite_dir) -> Path:
    """The suite's folder; fails (never skips) the test when it is missing."""
    folder = testsuite_dir
    if not wg20_scripts():
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
        scripts = wg20_scripts()
        metafunc.parametrize("wast_path", scripts, ids=[p.name for p in scripts], scope="module")
