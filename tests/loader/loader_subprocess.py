"""Running Python in a subprocess for the loader's ``python -m`` tests:
with this tree's ``src`` and a test directory on the path, and the loader
configured with the tier named by ``WASMIC_TEST_TIER`` by code a test
places in a package's ``__init__.py`` (``CONFIGURE_TIER``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"

CONFIGURE_TIER = """
import os
import wasmic
import wasmic.loader

config = wasmic.Config()
config.strategy = os.environ["WASMIC_TEST_TIER"]
wasmic.loader.configure(engine=wasmic.Engine(config))
"""


def run(args: list[str], cwd: Path, tier: str, **environ: str) -> subprocess.CompletedProcess:
    """Run ``python ARGS`` in ``cwd`` (also on the path) on ``tier``, with
    ``environ`` added to the environment."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(SRC), str(cwd)]),
               WASMIC_TEST_TIER=tier, **environ)
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)
