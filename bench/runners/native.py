"""The kernels compiled natively: the baseline every ratio is relative to.

All kernel sources are compiled with the machine's C compiler into one shared
library, loaded with ctypes into this process.  A ctypes call costs about a
microsecond, so the harness calibrates each sample to last a long time (tens
of milliseconds at least), which makes the boundary negligible; what remains
is the kernel's own time.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
from pathlib import Path

from .base import Unavailable, Workload
from .kernels import KERNELS, Kernel

# -ffp-contract=off: never fuse a*b+c into an FMA, which wasm cannot do, so
# the f64 checksums are bit-identical to every wasm runtime's.
NATIVE_FLAGS = ("-O2", "-ffp-contract=off", "-shared", "-fPIC")

CTYPES_BY_WASM_TYPE = {"i32": ctypes.c_uint32, "i64": ctypes.c_uint64, "f64": ctypes.c_double}


def find_compiler() -> str:
    """The C compiler, found like the native tier finds it: $CC, then cc,
    gcc, clang."""
    candidates = [os.environ["CC"]] if os.environ.get("CC") else []
    for name in [*candidates, "cc", "gcc", "clang"]:
        path = shutil.which(name)
        if path:
            return path
    raise Unavailable("no C compiler found ($CC, cc, gcc, clang)")


def compiler_identity(compiler: str) -> str:
    """The first line of `compiler --version`, for the report."""
    result = subprocess.run([compiler, "--version"], capture_output=True, text=True, check=False)
    lines = result.stdout.splitlines()
    return lines[0].strip() if lines else compiler


def build_library(out_dir: Path, compiler: str | None = None) -> Path:
    """Compile every kernel into `out_dir/kernels.so` and return its path."""
    compiler = compiler or find_compiler()
    library = out_dir / "kernels.so"
    command = [compiler, *NATIVE_FLAGS, "-o", str(library), *(str(k.c_path) for k in KERNELS)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise Unavailable(f"native build failed: {' '.join(command)}\n{result.stderr}")
    return library


class NativeRunner:
    """Calls the natively compiled kernels through ctypes."""

    slow = False

    def __init__(self, library: Path, compiler: str) -> None:
        self.name = "native-c"
        self.version = f"{compiler_identity(compiler)} {' '.join(NATIVE_FLAGS[:2])}"
        self._library = ctypes.CDLL(str(library))

    def load_kernel(self, kernel: Kernel) -> Workload:
        function = getattr(self._library, kernel.c_symbol)
        function.argtypes = [CTYPES_BY_WASM_TYPE[t] for t in kernel.params]
        function.restype = CTYPES_BY_WASM_TYPE[kernel.result]
        extra = kernel.extra_args
        return lambda n: function(n, *extra)

    def load_export_calls(self) -> Workload:
        raise Unavailable("native C has no Python boundary; it is the kernel baseline only")

    load_host_calls = load_export_calls
