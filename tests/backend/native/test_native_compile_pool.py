"""The pool compiling a library's C files (``compile_pool``): biggest file
first, files compiled while others are still being written, and a
failing file reported with the compiler's words, never a hang."""

from __future__ import annotations

import re
import threading

import pytest

import wasmic
from wasmic.backend.native import compile_pool, compiler, toolchain
from wasmic.backend.native.emit_module import emit_module
from wasmic.errors import WasmError


def c_file(path, name: str, statements: int):
    path.write_text(f"int {name}(int x) {{\n" + "    x = x * 3 + 1;\n" * statements + "    return x;\n}\n")
    return path


@pytest.fixture
def recorded(monkeypatch):
    """The C files compiled, in the order the compiler was run on them."""
    units = []
    run = toolchain.run_compiler

    def recording(cc, args):
        units.extend(a.rsplit("/", 1)[-1] for a in args if a.endswith(".c"))
        run(cc, args)

    monkeypatch.setattr(compile_pool, "run_compiler", recording)
    return units


def test_the_biggest_file_compiles_first(native, tmp_path, monkeypatch, recorded):
    monkeypatch.setattr(compile_pool, "parallel_jobs", lambda units: 1)
    units = [c_file(tmp_path / "small.c", "small", 1), c_file(tmp_path / "big.c", "big", 400),
             c_file(tmp_path / "medium.c", "medium", 40)]
    toolchain.build_library(toolchain.find_compiler(), units, tmp_path / "lib.so", toolchain.flags(toolchain.find_compiler()))
    assert recorded == ["big.c", "medium.c", "small.c"]
    assert (tmp_path / "lib.so").stat().st_size > 0


def test_files_compile_while_others_are_written(native, tmp_path, recorded):
    cc = toolchain.find_compiler()
    with compile_pool.CompilePool(cc, toolchain.flags(cc), tmp_path, tmp_path) as pool:
        pool.submit(c_file(tmp_path / "first.c", "first", 5))
        for _ in range(600):  # the first compiles meanwhile (a thread of its own)
            if recorded:
                break
            threading.Event().wait(0.05)
        assert recorded == ["first.c"]
        pool.submit(c_file(tmp_path / "second.c", "second", 5))
        pool.link(tmp_path / "lib.so")
    assert sorted(recorded) == ["first.c", "second.c"]


def test_a_failing_file_is_a_wasm_error_with_the_diagnostics(native, tmp_path):
    cc = toolchain.find_compiler()
    broken = tmp_path / "broken.c"
    broken.write_text("int broken(void) { return no_such_name; }\n")
    units = [c_file(tmp_path / f"ok{i}.c", f"ok{i}", 3) for i in range(4)] + [broken]
    with pytest.raises(WasmError, match="no_such_name"):
        toolchain.build_library(cc, units, tmp_path / "lib.so", toolchain.flags(cc))
    assert not (tmp_path / "lib.so").exists()


def test_after_a_failure_no_file_is_compiled(native, tmp_path, monkeypatch, recorded):
    monkeypatch.setattr(compile_pool, "parallel_jobs", lambda units: 1)
    cc = toolchain.find_compiler()
    broken = c_file(tmp_path / "broken.c", "fine", 200)  # the bigger: the one thread takes it first
    broken.write_text(broken.read_text() + "int broken(void) { return no_such_name; }\n")
    with (pytest.raises(WasmError, match="no_such_name"),
          compile_pool.CompilePool(cc, toolchain.flags(cc), tmp_path, tmp_path) as pool):
        pool.submit(broken)
        pool.submit(c_file(tmp_path / "later.c", "later", 3))  # dropped when it fails, or refused after
        pool.link(tmp_path / "lib.so")
    assert recorded == ["broken.c"]


def test_an_error_while_writing_stops_the_pool(native, tmp_path):
    cc = toolchain.find_compiler()
    with (pytest.raises(RuntimeError, match="writing failed"),
          compile_pool.CompilePool(cc, toolchain.flags(cc), tmp_path, tmp_path) as pool):
        pool.submit(c_file(tmp_path / "one.c", "one", 3))
        raise RuntimeError("writing failed")
    assert not list(tmp_path.glob("*.so"))


def test_a_split_module_reports_progress_to_the_end(native, tmp_path):
    native.types()
    functions = "\n".join(f'(func (export "f{i}") (result i32) i32.const {i})' for i in range(30))
    module, _ = wasmic.load(f"(module {functions})")
    reports = []
    compiled = compiler.compile_module(module, cache_dir=tmp_path, big_function=0,
                                       progress=lambda done, total: reports.append((done, total)))
    assert compiled.instantiate().exports["f29"]() == 29
    assert reports[0] == (0, 1) and reports[-1] == (2, 2)  # big_0.c, then glue.c
    assert sorted(reports) == reports and len(reports) == 4


def test_the_biggest_functions_are_written_first():
    """Their files, the slowest to compile, are then handed to the pool first."""
    sizes = [3, 40, 1, 12]
    functions = "\n".join(f'(func (export "f{i}") (result i32) i32.const 1' + " i32.const 1 i32.add" * n + ")"
                          for i, n in enumerate(sizes))
    module, _ = wasmic.load(f"(module {functions})")
    written = []
    emit_module(module, chunk_bytes=1, on_unit=lambda name, big: written.append(name))
    source = emit_module(module, chunk_bytes=1)
    defined_in = [re.findall(r"^\S.* (wasm_f\d+)\(.*\) \{$", source.files[name], re.MULTILINE) for name in written[:-1]]
    assert defined_in == [["wasm_f1"], ["wasm_f3"], ["wasm_f0"], ["wasm_f2"]] and written[-1] == "glue.c"
