"""Shared pytest setup.

- ``slow`` tests run only with ``--runslow``.
- The official wg-2.0 spec suite is found at ``../shared/wasm-testsuite/wg-2.0``
  beside the repository, or wherever ``WASMIC_TESTSUITE`` points; a test that
  takes a ``wast_path`` argument runs once per script of it.
- ``wast2json_output`` converts the whole suite with wabt's ``wast2json``
  once per session, for every test that compares with wabt.
- ``tier`` runs a test once per execution tier ("python", "native");
  ``tier_engine`` is an ``Engine`` whose ``Config.strategy`` is that tier.
"""

from __future__ import annotations

import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from wg20 import locate_testsuite, wabt_tool, wg20_scripts


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


@pytest.fixture(scope="session")
def wast2json_output(testsuite, tmp_path_factory) -> Path:
    """A folder per script (named after its stem) holding wast2json's
    ``commands.json`` and the files it names, converted in parallel."""
    tool = wabt_tool("wast2json")
    if tool is None:
        pytest.fail("wabt's wast2json is not installed (pip install '.[test]')")
    root = tmp_path_factory.mktemp("wast2json")

    def convert(script: Path) -> None:
        folder = root / script.stem
        folder.mkdir()
        subprocess.run([tool, str(script), "-o", str(folder / "commands.json")],
                       check=True, capture_output=True)

    with ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        list(pool.map(convert, sorted(testsuite.glob("*.wast"))))
    return root


TIERS = ("python", "native")


@pytest.fixture(params=TIERS)
def tier(request) -> str:
    """The execution tier a test runs on (each test runs on both)."""
    return request.param


@pytest.fixture
def tier_engine(tier):
    """An ``Engine`` compiling with ``tier``."""
    import wasmic

    config = wasmic.Config()
    config.strategy = tier
    return wasmic.Engine(config)


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
