"""What each non-control instruction becomes in Python: ``INSTRUCTIONS``
maps an op id to its template (see ``templates``); the names the
templates write are bound in the generated module's namespace (see
``support`` and ``module``)."""

from __future__ import annotations

from .ops_memory import MEMORY
from .ops_numeric import NUMERIC
from .ops_variables import VARIABLES

INSTRUCTIONS: dict = {**NUMERIC, **VARIABLES, **MEMORY}
