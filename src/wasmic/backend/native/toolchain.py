"""The C compiler: discovery, flags, and building shared libraries.

The compiler is the first that works of ``$CC``, ``cc``, ``gcc``, ``clang``
(the one pip uses to build extensions is usually among them); a probe
compiles a file including Python.h once, and its success is remembered in
the cache directory, so only the first process on a machine pays for it.

Flags, and why:

* ``-O2`` by default (``opt_level``); never ``-ffast-math``.
* ``-fno-math-errno`` lets ``sqrt`` compile to one instruction (wasm has no
  errno); ``-frounding-math`` and, on GCC, ``-fsignaling-nans`` stop the
  optimizer from folding float operations in ways that lose NaN payloads
  or the quieting of signalling NaNs (wasm2c's spec failures at -O2, #1925).
* ``-ffp-contract=off``: wasm rounds every multiply and add on its own, and
  GCC's default would fuse ``a * b + c`` into one FMA wherever the target
  has it (aarch64, or x86 with FMA enabled), changing results.
* Sibling-call optimization stays on (it makes recursive kernels several
  times faster): the stack limit rises with every call (``WASMIC_CALL_COST``
  in wasmic.h), so infinite recursion turned into a loop still traps.
* No ``-fwrapv`` or ``-fno-strict-aliasing``: the generated code does all
  arithmetic unsigned and all type punning through ``memcpy``, so neither
  is needed, and strict aliasing helps the optimizer.
* ``-msse2 -mfpmath=sse`` on 32-bit x86 (x87 breaks float semantics).
* ``-fvisibility=hidden``: only ``PyInit_*`` is exported; calls between the
  module's files are direct.
* ``-fasynchronous-unwind-tables`` (the default on x86-64 Linux, not
  everywhere): a trap unwinds the C stack to find its wasm frames
  (``csrc/rt_backtrace.c``); tables only, no code on the hot path.
* GCC gets ``wasmic_py.h`` (Python.h, most of what a small module's compile
  parses) precompiled once per cache and set of flags (``precompiled_header``):
  about a quarter less compiler CPU for a small module.  A stale or unusable
  ``.gch`` is ignored by GCC, which then reads the header itself.
* Sanitizer mode (``WASMIC_SANITIZE=1``): ``-fsanitize=undefined,address
  -fno-sanitize-recover=all`` at -O1 with frame pointers.  Loading such a
  library needs the ASan runtime first (see ``sanitizer_env``).
"""

from __future__ import annotations

import hashlib
import os
import shlex
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ...errors import WasmError

CSRC = Path(__file__).with_name("csrc")
"""The runtime's C sources and the headers generated code includes."""

CANDIDATES = ("cc", "gcc", "clang")
JOB_MEMORY = 1 << 30
"""Memory assumed per concurrent compiler process when bounding parallelism."""

_INSTALL_HINT = ("install a C compiler and the Python headers (Debian/Ubuntu: "
                 "apt install gcc python3-dev; Fedora: dnf install gcc python3-devel; "
                 "macOS: xcode-select --install), or set CC")


@dataclass(frozen=True)
class Compiler:
    """A working C compiler: how to run it and what identifies its output."""

    command: tuple[str, ...]
    identity: str  # the resolved path and its --version, for cache keys
    family: str  # "gcc", "clang" or "cc"


def python_includes() -> list[str]:
    """The directories holding Python.h and pyconfig.h."""
    paths = sysconfig.get_paths()
    return list(dict.fromkeys(p for p in (paths.get("include"), paths.get("platinclude")) if p))


def sanitizing() -> bool:
    """Whether ``WASMIC_SANITIZE`` asks for sanitizer builds."""
    return os.environ.get("WASMIC_SANITIZE", "") not in ("", "0")


def flags(compiler: Compiler, opt_level: int = 2, sanitize: bool = False) -> list[str]:
    """The compile flags for generated code and the runtime (see the module docstring)."""
    if not 0 <= opt_level <= 3:
        raise WasmError(f"optimization level must be 0..3, got {opt_level}")
    out = ["-std=gnu11", "-fPIC", "-fvisibility=hidden", "-fno-math-errno", "-frounding-math",
           "-ffp-contract=off", "-fasynchronous-unwind-tables", "-w"]
    if compiler.family == "gcc":
        out.append("-fsignaling-nans")
    if os.uname().machine.lower() in ("i386", "i486", "i586", "i686", "x86"):
        out += ["-msse2", "-mfpmath=sse"]
    if sanitize:
        out += ["-O1", "-g", "-fno-omit-frame-pointer", "-fsanitize=undefined,address",
                "-fno-sanitize-recover=all"]
    else:
        out.append(f"-O{opt_level}")
    return out


def link_flags(sanitize: bool = False) -> list[str]:
    out = ["-shared", "-lm"]
    if sys.platform == "darwin":
        out += ["-undefined", "dynamic_lookup"]
    if sanitize:
        out.append("-fsanitize=undefined,address")
    return out


def include_flags(*dirs: str | Path) -> list[str]:
    return [f"-I{d}" for d in (*dirs, CSRC, *python_includes())]


PRECOMPILED = "wasmic_py.h"
"""The header worth precompiling: the one that includes Python.h."""


def precompiled_header(compiler: Compiler, compile_flags: Sequence[str], cache_root: Path) -> Path | None:
    """A directory holding GCC's precompiled ``wasmic_py.h`` for
    ``compile_flags``, built on first use; to be searched before ``CSRC``.
    None for other compilers, or if it cannot be built (the header is then
    parsed as usual)."""
    if compiler.family != "gcc":
        return None
    headers = "".join(path.read_text() for path in sorted(CSRC.glob("*.h")))
    stamp = "|".join([compiler.identity, " ".join(compile_flags), sys.version, *python_includes(), headers])
    directory = _memo_path(cache_root, "pch", stamp)
    target = directory / f"{PRECOMPILED}.gch"
    if target.exists():
        return directory
    tmp = directory / f"{PRECOMPILED}.{os.getpid()}.tmp"
    try:
        directory.mkdir(parents=True, exist_ok=True)
        run_compiler(compiler, [*compile_flags, *include_flags(), "-x", "c-header", str(CSRC / PRECOMPILED),
                                "-o", str(tmp)])
        os.replace(tmp, target)
    except (OSError, WasmError):
        tmp.unlink(missing_ok=True)
        return None
    return directory


# -- discovery ----------------------------------------------------------------------

_found: Compiler | None = None


def find_compiler(cache_root: Path | None = None) -> Compiler:
    """The compiler to use; WasmError saying what to install when none works."""
    global _found
    if _found is not None:
        return _found
    tried = []
    for command in _candidate_commands():
        compiler = _identify(command, cache_root)
        if compiler is None:
            tried.append(f"{command[0]}: not found")
            continue
        problem = _probe(compiler, cache_root)
        if problem is None:
            _found = compiler
            return compiler
        tried.append(f"{' '.join(command)}: {problem}")
    raise WasmError("the native tier needs a C compiler that can build Python extensions, and none "
                    f"works ({'; '.join(tried)}); {_INSTALL_HINT}")


def _candidate_commands() -> list[tuple[str, ...]]:
    commands = []
    cc = os.environ.get("CC", "").strip()
    if cc:
        commands.append(tuple(shlex.split(cc)))
    commands += [(name,) for name in CANDIDATES]
    return list(dict.fromkeys(commands))


def _identify(command: tuple[str, ...], cache_root: Path | None) -> Compiler | None:
    exe = shutil.which(command[0])
    if exe is None:
        return None
    real = os.path.realpath(exe)
    stat = os.stat(real)
    stamp = f"{real}|{stat.st_mtime_ns}|{stat.st_size}|{' '.join(command)}"
    memo = _memo_path(cache_root, "compiler", stamp)
    version = _read(memo)
    if version is None:
        try:
            run = subprocess.run([*command, "--version"], capture_output=True, text=True, timeout=30,
                                 check=False)
        except (OSError, subprocess.SubprocessError):
            return None
        version = (run.stdout or run.stderr).strip()
        _write(memo, version)
    first = version.splitlines()[0] if version else ""
    family = "clang" if "clang" in first.lower() else "gcc" if ("gcc" in first.lower()
                                                               or "free software" in version.lower()) else "cc"
    return Compiler(command, f"{stamp}\n{version}", family)


_PROBE = '#include "wasmic_py.h"\nPyObject *wasmic_probe(void) { return PyLong_FromLong(1); }\n'


def _probe(compiler: Compiler, cache_root: Path | None) -> str | None:
    """None if ``compiler`` builds a shared object against Python.h, else why not."""
    stamp = f"{compiler.identity}|{sys.prefix}|{sys.version}"
    memo = _memo_path(cache_root, "probe", stamp)
    if _read(memo) == "ok":
        return None
    import tempfile

    with tempfile.TemporaryDirectory(prefix="wasmic-probe-") as tmp:
        source = Path(tmp, "probe.c")
        source.write_text(_PROBE)
        try:
            run_compiler(compiler, [*flags(compiler), *include_flags(tmp), str(source),
                                    *link_flags(), "-o", str(Path(tmp, "probe.so"))])
        except WasmError as exc:
            return str(exc)
    _write(memo, "ok")
    return None


def _memo_path(cache_root: Path | None, kind: str, stamp: str) -> Path | None:
    if cache_root is None:
        return None
    return cache_root / "toolchain" / f"{kind}-{hashlib.sha256(stamp.encode()).hexdigest()[:32]}"


def _read(path: Path | None) -> str | None:
    try:
        return path.read_text() if path is not None else None
    except OSError:
        return None


def _write(path: Path | None, text: str) -> None:
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(text)
        os.replace(tmp, path)
    except OSError:
        pass  # memos only save time


# -- building ------------------------------------------------------------------------

def run_compiler(compiler: Compiler, args: Sequence[str]) -> None:
    """Run the compiler; WasmError with its diagnostics if it fails."""
    try:
        run = subprocess.run([*compiler.command, *args], capture_output=True, text=True, check=False)
    except OSError as exc:
        raise WasmError(f"cannot run the C compiler {compiler.command[0]}: {exc}") from None
    if run.returncode != 0:
        output = (run.stderr or run.stdout).strip()
        raise WasmError(f"C compilation failed ({' '.join(compiler.command)}): {output[-4000:]}")


Progress = Callable[[int, int], None]
"""Called with (C files compiled, C files in all) as a build advances."""


def build_library(compiler: Compiler, units: Sequence[Path], output: Path, compile_flags: Sequence[str],
                  sanitize: bool = False, progress: Progress | None = None,
                  header_dir: Path | None = None) -> None:
    """Compile ``units`` (in parallel when several: ``compile_pool``) and link
    them into ``output``, reporting each compiled unit to ``progress``;
    ``header_dir`` (see ``precompiled_header``) is searched before the
    runtime's headers."""
    if len(units) == 1:
        report = progress or (lambda done, total: None)
        report(0, 1)
        common = [*compile_flags, *include_flags(units[0].parent, *([header_dir] if header_dir else []))]
        run_compiler(compiler, [*common, str(units[0]), *link_flags(sanitize), "-o", str(output)])
        report(1, 1)
        return
    from .compile_pool import CompilePool  # only here: keeps cache hits light

    with CompilePool(compiler, compile_flags, units[0].parent, output.parent, header_dir, progress) as pool:
        for unit in sorted(units, key=lambda path: path.stat().st_size, reverse=True):
            pool.submit(unit)  # biggest first: a thread starts on each file as it comes
        pool.link(output, sanitize)


def parallel_jobs(units: int) -> int:
    """Concurrent compiler processes: one per core, fewer if memory is short."""
    jobs = min(units, os.cpu_count() or 1)
    available = _available_memory()
    if available is not None:
        jobs = min(jobs, max(1, available // JOB_MEMORY))
    return max(1, jobs)


def _available_memory() -> int | None:
    try:
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def sanitizer_env(compiler: Compiler) -> dict[str, str]:
    """Environment for a Python process loading sanitizer builds: the ASan
    runtime preloaded (CPython itself is not built with it)."""
    run = subprocess.run([*compiler.command, "-print-file-name=libasan.so"], capture_output=True, text=True,
                         check=False)
    env = {"ASAN_OPTIONS": "detect_leaks=0:allocator_may_return_null=1", "WASMIC_SANITIZE": "1"}
    lib = run.stdout.strip()
    if lib and os.path.isabs(lib):
        env["LD_PRELOAD"] = lib
    return env
