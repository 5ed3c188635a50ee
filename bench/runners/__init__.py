"""Adapters that run the benchmark kernels on each runtime, plus the timing
and reporting used by `bench/peers.py`.

Every runtime is wrapped in a `Runner` (see `base.py`) so the harness times
all of them the same way, in one process, side by side.
"""
