"""Any arguments to any WASI function give an errno, never a Python
exception, and never touch anything outside the sandbox (hypothesis picks
the function and its arguments: pointers in and out of memory, paths that
climb out, unknown descriptors and flags)."""

from __future__ import annotations

import inspect

import pytest
import sandbox_tree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wasi_calls import Guest, forwarding_module

import wasmic
from wasmic.wasi import Errno, WasiConfig
from wasmic.wasi.linking import FUNCTIONS

BLOCKING = {"poll_oneoff", "sock_accept", "sock_recv"}
"""Functions that may wait: a random timeout could be centuries long."""
ENDING = {"proc_exit", "proc_raise"}
"""Functions that end the program instead of returning."""
NAMES = sorted(set(FUNCTIONS) - BLOCKING - ENDING)

PATHS = [b"file.txt", b"..", b"../outside/secret.txt", b"link_out", b"link_up/outside",
         b"sub/", b"/etc/passwd", b"loop_a", b"sub/up2/outside/secret.txt", b".", b"new"]
"""Paths stored in guest memory at ``PATH_BASE + 64 * i``."""
PATH_BASE = 4096
ALL_RIGHTS = (1 << 30) - 1

values32 = st.one_of(
    st.sampled_from([0, 1, 2, 3, 4, 5, 8, 16, 24, 64, 65535, 65536, 0x7FFFFFFF, 0xFFFFFFFF]),
    st.integers(0, 0xFFFFFFFF))
values64 = st.one_of(st.sampled_from([0, 1, 1 << 40, (1 << 63) - 1, 1 << 63, (1 << 64) - 1]),
                     st.integers(0, (1 << 64) - 1))
descriptors = st.one_of(st.integers(0, 6), values32)
PATH_OF_LENGTH = {"path_len": "path", "old_len": "old_path", "new_len": "new_path"}
"""Which pointer parameter each path length parameter goes with."""


def parameter_names(name: str) -> list[str]:
    """The names of a WASI function's wasm parameters (its implementation's,
    after the call object)."""
    return list(inspect.signature(FUNCTIONS[name].impl).parameters)[1:]


@st.composite
def calls(draw):
    """A function name and arguments: descriptors mostly small, paths mostly
    one of ``PATHS`` with its exact length, anything else at random."""
    name = draw(st.sampled_from(NAMES))
    kinds = FUNCTIONS[name].params
    names = parameter_names(name)
    args: list[int] = []
    for kind, param in zip(kinds, names):
        pointer = PATH_OF_LENGTH.get(param)
        if pointer in names and 0 <= args[names.index(pointer)] - PATH_BASE < 64 * len(PATHS) \
                and draw(st.integers(0, 9)) > 0:
            args.append(len(PATHS[(args[names.index(pointer)] - PATH_BASE) // 64]))
            continue
        if param in PATH_OF_LENGTH.values() and draw(st.integers(0, 9)) > 0:
            args.append(PATH_BASE + 64 * draw(st.integers(0, len(PATHS) - 1)))
            continue
        if param in ("fd", "old_fd", "new_fd", "to"):
            value = draw(descriptors)
        else:
            value = draw(values32 if kind == "i" else values64)
        if kind == "i" and draw(st.booleans()):
            value = min(value, 64)  # small lengths and counts are the interesting ones
        args.append(value - (1 << 64) if kind == "s" and value >= 1 << 63 else value)
    return name, args


@pytest.fixture
def fuzz_setup(tier_engine, tmp_path):
    """The sandbox tree, a snapshot of what lies outside it, and the
    forwarding module compiled once."""
    wasmic.Store(tier_engine)  # raises the recursion limit now, not while hypothesis runs
    paths = sandbox_tree.build(tmp_path)
    module = wasmic.Module(tier_engine, forwarding_module(NAMES))
    return paths, sandbox_tree.snapshot(paths["outside"]), module


@settings(max_examples=1000, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=st.lists(calls(), min_size=1, max_size=12))
def test_random_calls_return_errnos(tier_engine, fuzz_setup, sequence):
    paths, outside, module = fuzz_setup
    config = WasiConfig()
    config.argv = ["fuzz", "x"]
    config.preopen_dir(str(paths["sandbox"]), "/sandbox")
    guest = Guest(tier_engine, config, compiled=module)
    for index, path in enumerate(PATHS):
        guest.put(PATH_BASE + 64 * index, path)
    name = guest.put(0, b"sub/file")  # fd 4: a file, so fd_* calls reach the host too
    assert guest.call("path_open", 3, 0, 0, name, 1, ALL_RIGHTS, ALL_RIGHTS, 0, 0) == 0
    for name, args in sequence:
        result = guest.call(name, *args)
        assert result in set(Errno), (name, args, result)
    assert sandbox_tree.snapshot(paths["outside"]) == outside
