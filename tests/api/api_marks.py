"""Marks saying which reference names a test exercises: ``@positive("Memory.grow")``
for a test of the intended use, ``@negative("Memory.grow")`` for one of bad
input getting a clear error.  ``test_api_names`` reads them (from the
source, without running anything) to check that every public name of the
reference has both kinds.  ``"Class.*"`` stands for every member of a
class."""

from collections.abc import Callable


def _mark(kind: str) -> Callable:
    def mark(*names: str) -> Callable:
        def decorate(test: Callable) -> Callable:
            setattr(test, f"api_{kind}", getattr(test, f"api_{kind}", ()) + names)
            return test
        return decorate
    return mark


positive = _mark("positive")
negative = _mark("negative")
