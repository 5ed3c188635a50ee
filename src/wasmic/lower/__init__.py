"""Stack -> temporaries: the IR shared by the Python and native backends."""

from .ir import FuncIR, Ins, Label
from .lowering import lower_functions, lower_module

__all__ = ["FuncIR", "Ins", "Label", "lower_functions", "lower_module"]
