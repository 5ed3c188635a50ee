"""Compiling the C files of one library in parallel, each as soon as it is
written, the biggest waiting file first.

A big module's C is written file by file (``emit_module``), which takes
Python seconds (resvg: 5 s for 40 MB); compiling the files already written
meanwhile keeps the other cores busy.  Among the files waiting, the biggest
goes first (its size stands for its cost), so the compile ends with small
files and no core idles while one big file finishes.
"""

from __future__ import annotations

import heapq
import threading
from collections.abc import Sequence
from pathlib import Path

from .toolchain import (
    Compiler,
    Progress,
    include_flags,
    link_flags,
    parallel_jobs,
    run_compiler,
)


class CompilePool:
    """Threads running the compiler on the files ``submit`` hands in, then
    ``link`` into a library.  Used as a context manager: leaving it early
    (an exception) drops the files still waiting and waits for the running
    ones.  ``progress(done, total)`` hears of each file submitted and each
    compiled, one call at a time (from the compiling threads too);
    ``total`` counts the files submitted so far."""

    def __init__(self, compiler: Compiler, compile_flags: Sequence[str], source_dir: Path, object_dir: Path,
                 header_dir: Path | None = None, progress: Progress | None = None):
        self.compiler = compiler
        self.common = [*compile_flags, *include_flags(source_dir, *([header_dir] if header_dir else []))]
        self.object_dir = object_dir
        self.progress = progress or (lambda done, total: None)
        self.objects: list[Path] = []
        self._jobs = parallel_jobs(1 << 16)
        self._threads: list[threading.Thread] = []
        self._waiting: list[tuple[int, int, Path, Path, tuple[str, ...]]] = []  # a heap, biggest first
        self._state = threading.Condition()
        self._reporting = threading.Lock()
        self._closed = False
        self._done = 0
        self._error: BaseException | None = None

    def __enter__(self) -> CompilePool:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if kind is None:
            self._close()
            return
        with self._state:
            self._waiting.clear()
        self._close(raise_error=False)  # the exception leaving the block says what went wrong

    def submit(self, unit: Path, flags: Sequence[str] = ()) -> None:
        """Compile ``unit`` (with ``flags`` after the common ones) into the
        object directory, when a thread is free (never, once a file has
        failed: ``link`` then raises)."""
        obj = self.object_dir / f"{unit.stem}.o"  # beside the output, never the sources
        with self._state:
            if self._error is not None:
                return
            heapq.heappush(self._waiting, (-_size(unit), len(self.objects), unit, obj, tuple(flags)))
            self.objects.append(obj)
            self._state.notify()
            if len(self._threads) < self._jobs:
                thread = threading.Thread(target=self._work, name="wasmic-cc", daemon=True)
                self._threads.append(thread)
                thread.start()
        self._report()

    def link(self, output: Path, sanitize: bool = False) -> None:
        """Wait for every file submitted, then link them into ``output``;
        WasmError with the compiler's diagnostics if a file failed."""
        self._close()
        run_compiler(self.compiler, [*map(str, self.objects), *link_flags(sanitize), "-o", str(output)])

    def _close(self, raise_error: bool = True) -> None:
        with self._state:
            self._closed = True
            self._state.notify_all()
        for thread in self._threads:
            thread.join()
        if raise_error and self._error is not None:
            raise self._error

    def _work(self) -> None:
        while True:
            with self._state:
                while not self._waiting and not self._closed:
                    self._state.wait()
                if not self._waiting:
                    return
                _size_key, _order, unit, obj, flags = heapq.heappop(self._waiting)
            try:
                run_compiler(self.compiler, [*self.common, *flags, "-c", str(unit), "-o", str(obj)])
            except BaseException as error:  # noqa: BLE001 -- handed to the thread that links
                with self._state:
                    self._error = self._error or error
                    self._waiting.clear()
                return
            with self._state:
                self._done += 1
            self._report()

    def _report(self) -> None:
        with self._reporting:
            with self._state:
                done, total = self._done, len(self.objects)
            self.progress(done, total)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # the compiler will say what is wrong with it
