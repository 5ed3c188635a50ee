"""The native tier's toolchain and cache: compiler discovery errors, keys,
sealed entries, corrupt-entry rebuilds, concurrent builders, split builds,
the precompiled header, the optimization knob and the sanitizer mode."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import wasmic
from wasmic.backend.native import cache, compiler, toolchain
from wasmic.backend.native.emit_module import emit_module
from wasmic.backend.native.loader import load_extension

SRC = str(Path(wasmic.__file__).parents[1])

SMALL = """(module (func (export "answer") (result i32) i32.const {value}))"""


def run_python(code: str, env: dict[str, str] | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "PYTHONPATH": SRC, **(env or {})}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          env=full_env, timeout=timeout, check=False)


def test_missing_compiler_names_what_to_install(tmp_path):
    result = run_python("""
        from wasmic.backend.native import toolchain
        from wasmic.errors import WasmError
        try:
            toolchain.find_compiler()
        except WasmError as exc:
            print("ERROR", exc)
        """, env={"PATH": str(tmp_path), "CC": "no-such-compiler"})
    assert "ERROR" in result.stdout, result.stderr
    assert "no-such-compiler: not found" in result.stdout and "apt install gcc python3-dev" in result.stdout


def test_cache_keys_and_seals():
    assert cache.cache_key(["ab", "c"]) != cache.cache_key(["a", "bc"])
    body = b"\x7fELF library bytes"
    sealed = body + cache.seal(body)
    assert cache.unseal(sealed) == body
    assert cache.unseal(sealed[:-1]) is None
    assert cache.unseal(b"x" + sealed[1:]) is None
    assert cache.unseal(b"") is None


def test_cache_root_override(monkeypatch, tmp_path):
    monkeypatch.setenv("WASMIC_CACHE_DIR", str(tmp_path / "env"))
    assert cache.cache_root() == tmp_path / "env"
    assert cache.cache_root(tmp_path / "arg") == tmp_path / "arg"


def test_corrupt_entry_is_rebuilt(native, tmp_path):
    """An entry another process left truncated is detected and rebuilt (the
    library is built in a subprocess: a library this process has loaded
    must never be rewritten in place)."""
    wat = SMALL.format(value=int.from_bytes(os.urandom(3), "little"))
    built = run_python(f"""
        import wasmic
        from wasmic.backend.native import compile_module
        print(compile_module(wasmic.load({wat!r})[0], cache_dir={str(tmp_path)!r}).key)
        """)
    key = built.stdout.strip()
    path = cache.ArtifactCache(tmp_path).path(key)
    truncated = path.with_name("truncated")
    truncated.write_bytes(path.read_bytes()[:100])
    os.replace(truncated, path)
    module, _ = wasmic.load(wat)
    again = compiler.compile_module(module, cache_dir=tmp_path)
    assert again.key == key
    assert again.instantiate().exports["answer"]() == int(wat.split()[-1].rstrip(")"))
    assert cache.unseal(path.read_bytes()) is not None


def test_concurrent_processes_share_one_entry(native, native_cache):
    value = int.from_bytes(os.urandom(3), "little")
    code = f"""
        import wasmic
        from wasmic.backend.native import compile_module
        module, _ = wasmic.load({SMALL.format(value=value)!r})
        print(compile_module(module, cache_dir={native_cache!r}).instantiate().exports["answer"]())
        """
    procs = [subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": SRC})
             for _ in range(3)]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert [out.strip() for out, _err in outputs] == [str(value)] * 3, outputs
    leftovers = list((Path(native_cache) / "tmp").glob("*"))
    assert not [p for p in leftovers if str(value) in p.name]


def test_split_build_in_parallel(native, tmp_path):
    native.types()  # loads the runtime, which the extension imports
    functions = "\n".join(f'(func (export "f{i}") (result i32) i32.const {i} call $twice)' for i in range(40))
    module, _ = wasmic.load(f"""(module (func $twice (param i32) (result i32) local.get 0 i32.const 2 i32.mul)
      {functions})""")
    source = emit_module(module, chunk_bytes=2000)
    assert len(source.units) > 3 and "glue.c" in source.units
    assert all("Python.h" not in source.files[u] and "wasmic_py.h" not in source.files[u]
               for u in source.units if u.startswith("funcs_"))
    for name, text in source.files.items():
        (tmp_path / name).write_text(text)
    cc = toolchain.find_compiler()
    name = "wasmic_split_test"
    flags = [*toolchain.flags(cc), f'-DWASMIC_MODULE_NAME="{name}"', f"-DWASMIC_MODULE_INIT=PyInit_{name}"]
    toolchain.build_library(cc, [tmp_path / u for u in source.units], tmp_path / "split.so", flags)
    extension = load_extension(name, tmp_path / "split.so")
    exports = compiler.CompiledModule(module, extension, "split").instantiate().exports
    assert [exports[f"f{i}"]() for i in (0, 17, 39)] == [0, 34, 78]
    assert not list(toolchain.CSRC.glob("*.o"))  # objects go beside the output, not the sources


def test_emitting_into_a_directory_writes_the_same_files(tmp_path):
    """With a directory, each file is written as soon as it is complete
    (none kept in memory), with the same text and compile order."""
    functions = "\n".join(f'(func (export "f{i}") (result i32) i32.const {i})' for i in range(30))
    module, _ = wasmic.load(f"(module {functions})")
    kept = emit_module(module, chunk_bytes=1500)
    written = emit_module(module, chunk_bytes=1500, directory=tmp_path)
    assert written.files == {} and written.units == kept.units and len(kept.units) > 3
    assert {p.name: p.read_text() for p in tmp_path.iterdir()} == kept.files


def test_parallel_jobs_are_bounded():
    assert 1 <= toolchain.parallel_jobs(1000) <= (os.cpu_count() or 1)
    assert toolchain.parallel_jobs(1) == 1


@pytest.mark.parametrize("level", [0, 3])
def test_optimization_levels(native, level):
    exports = native.compile(SMALL.format(value=level + 100), opt_level=level).instantiate().exports
    assert exports["answer"]() == level + 100


def test_bad_optimization_level():
    with pytest.raises(wasmic.WasmError, match="optimization level"):
        toolchain.flags(toolchain.Compiler(("cc",), "", "gcc"), 7)


@pytest.mark.slow
def test_sanitizer_build_runs_clean(native, native_cache):
    """Runs traps, host calls and bulk memory under -fsanitize=undefined,address
    (no recovery: any report aborts the process)."""
    env = toolchain.sanitizer_env(toolchain.find_compiler())
    result = run_python(f"""
        import gc
        import wasmic
        from wasmic.backend.native import compile_module
        from wasmic.runtime.trap import Trap
        module, _ = wasmic.load('''(module
          (import "h" "f" (func $f (param i32) (result i32))) (memory 1)
          (func (export "run") (param i32 i32) (result i32)
            (memory.fill (i32.const 0) (i32.const 7) (i32.const 100))
            (i32.div_s (call $f (local.get 0)) (local.get 1)))
          (func $r (export "rec") (param i64) (result i64) local.get 0 call $r))''')
        exports = compile_module(module, cache_dir={native_cache!r}).instantiate([lambda x: x + 1]).exports
        assert exports["run"](9, 2) == 5
        for call in (lambda: exports["run"](1, 0), lambda: exports["rec"](1)):
            try:
                call()
            except Trap:
                pass
        del exports, call
        gc.collect()  # instance <-> exports cycles torn down in GC order
        print("clean")
        """, env=env, timeout=600)
    assert result.stdout.strip() == "clean", result.stderr[-3000:]


def test_an_unwritable_cache_is_a_wasm_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    entries = cache.ArtifactCache(blocker / "cache")
    with pytest.raises(wasmic.WasmError, match="cannot write to the wasmic cache .*WASMIC_CACHE_DIR"):
        entries.put("ab" * 32, b"library")


def test_abandoned_build_dirs_are_removed_when_a_day_old(tmp_path):
    entries = cache.ArtifactCache(tmp_path)
    (tmp_path / "tmp").mkdir()
    old, recent = tmp_path / "tmp" / "build-old", tmp_path / "tmp" / "build-recent"
    for folder in (old, recent):
        folder.mkdir()
        (folder / "unit.o").write_bytes(b"x")
    day_ago = os.stat(old).st_mtime - cache.STALE_BUILD_SECONDS - 60
    os.utime(old, (day_ago, day_ago))
    path = entries.put("cd" * 32, b"library")
    assert cache.unseal(path.read_bytes()) == b"library" and entries.put("cd" * 32, b"other") == path
    assert not old.exists() and recent.exists()


def _includes_seen(cc: toolchain.Compiler, header_dir: Path, tmp_path: Path) -> str:
    """What ``gcc -H`` reports including for a file that includes wasmic_py.h
    (a precompiled header it uses is marked ``!``, one it rejects ``x``)."""
    source = tmp_path / "uses_python.c"
    source.write_text('#include "wasmic_py.h"\nint wasmic_probe_value(void) { return 1; }\n')
    run = subprocess.run([*cc.command, *toolchain.flags(cc), *toolchain.include_flags(tmp_path, header_dir),
                          "-H", "-fsyntax-only", str(source)], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    return run.stderr


def test_precompiled_header_is_built_once_and_used(native, tmp_path):
    cc = toolchain.find_compiler()
    header_dir = toolchain.precompiled_header(cc, toolchain.flags(cc), tmp_path)
    if cc.family != "gcc":
        assert header_dir is None
        return
    built = header_dir / "wasmic_py.h.gch"
    stamp = built.stat().st_mtime_ns
    assert toolchain.precompiled_header(cc, toolchain.flags(cc), tmp_path) == header_dir
    assert built.stat().st_mtime_ns == stamp  # found, not rebuilt
    assert toolchain.precompiled_header(cc, toolchain.flags(cc, opt_level=1), tmp_path) != header_dir
    assert f"! {built}" in _includes_seen(cc, header_dir, tmp_path)
    module, _ = wasmic.load(SMALL.format(value=4242))
    assert compiler.compile_module(module, cache_dir=tmp_path).instantiate().exports["answer"]() == 4242


def test_an_unusable_precompiled_header_is_ignored(native, tmp_path):
    cc = toolchain.find_compiler()
    header_dir = toolchain.precompiled_header(cc, toolchain.flags(cc), tmp_path)
    if header_dir is None:
        assert cc.family != "gcc"  # other compilers parse the header each time
        return
    (header_dir / "wasmic_py.h.gch").write_bytes(b"not a precompiled header")
    assert f"x {header_dir / 'wasmic_py.h.gch'}" in _includes_seen(cc, header_dir, tmp_path)
    module, _ = wasmic.load(SMALL.format(value=4343))
    assert compiler.compile_module(module, cache_dir=tmp_path).instantiate().exports["answer"]() == 4343
