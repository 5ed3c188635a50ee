"""The Python tier: each module becomes Python source compiled once with
``compile()``; see ``module`` for the namespace contract and ``function``
for how a function is translated."""

from .metering import Metering
from .module import PythonCode, compile_module

__all__ = ["Metering", "PythonCode", "compile_module"]
