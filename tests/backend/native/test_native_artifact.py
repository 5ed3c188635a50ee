"""Native artifacts (``CompiledModule.serialize`` / ``deserialize``): a round
trip, loading on a machine without any C compiler, and every kind of bad
file refused with a WasmError before anything is loaded."""

from __future__ import annotations

import hashlib
import json
import os
import struct
import subprocess
import sys
import textwrap

import pytest
from test_native_toolchain import SRC, run_python

import wasmic
from wasmic.backend.native import artifact, deserialize
from wasmic.backend.native.cache import ArtifactCache
from wasmic.binary import decode_module

WAT = """(module $calc
  (func $add (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
  (func $div (export "div") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s))"""


@pytest.fixture(scope="module")
def packed(native) -> bytes:
    return native.compile(WAT).serialize()


def test_round_trip_keeps_code_names_and_options(packed, tmp_path):
    compiled = deserialize(packed, cache_dir=tmp_path)
    exports = compiled.instantiate().exports
    assert exports["add"](2, 40) == 42
    assert compiled.module.names.module == "calc" and compiled.module.names.funcs == {0: "add", 1: "div"}
    assert [e.name for e in compiled.module.exports] == ["add", "div"]
    assert compiled.options.opt_level == 2 and not compiled.options.fuel
    with pytest.raises(wasmic.Trap) as trap:
        exports["div"](1, 0)
    assert trap.value.frames[0].func_name == "div" and trap.value.frames[0].module_name == "calc"
    assert compiled.serialize() == packed  # the loaded libraries pack back byte for byte


def test_loads_without_any_compiler(packed, tmp_path):
    """A fresh process whose CC does not exist and whose PATH has no cc, gcc
    or clang (nor anything else), with an empty cache: it must still load
    and run the artifact, runtime library included, written sealed into the
    cache with no build directory left behind."""
    path = tmp_path / "calc.cwasm"
    path.write_bytes(packed)
    no_tools = tmp_path / "bin"
    no_tools.mkdir()
    result = run_python(f"""
        from wasmic.backend.native import deserialize, toolchain
        from wasmic.errors import WasmError
        try:
            toolchain.find_compiler()
            print("a compiler was found")
        except WasmError:
            pass
        compiled = deserialize(open({str(path)!r}, "rb").read(), cache_dir={str(tmp_path / "cache")!r})
        print(compiled.instantiate().exports["add"](20, 22))
        from wasmic.backend.native import ensure_runtime, runtime
        assert ensure_runtime() is runtime()  # loaded: no compiler asked for
        """, env={"PATH": str(no_tools), "CC": "/nonexistent/cc", "WASMIC_CACHE_DIR": str(tmp_path / "env")})
    assert result.stdout.split() == ["42"], result.stderr[-3000:]
    cache = ArtifactCache(tmp_path / "cache")
    header = artifact.unpack(packed).header
    assert cache.lookup(header["module_key"]) and cache.lookup(header["runtime_key"])
    assert not list((tmp_path / "cache" / "tmp").iterdir())


def _reseal(data: bytes) -> bytes:
    """``data`` (without its checksum) with a valid checksum appended."""
    return data + hashlib.sha256(data).digest()


def _with_header(packed: bytes, **changes) -> bytes:
    """``packed`` with header fields changed and the checksum fixed, as a
    foreign but undamaged artifact would be."""
    start = len(artifact.MAGIC) + 8
    fmt, size = struct.unpack_from("<II", packed, len(artifact.MAGIC))
    header = json.loads(packed[start:start + size])
    header.update(changes)
    encoded = json.dumps(header).encode()
    rest = packed[start + size:-32]
    return _reseal(artifact.MAGIC + struct.pack("<II", fmt, len(encoded)) + encoded + rest)


@pytest.mark.parametrize("damage, message", [
    (lambda d: b"", "bad magic"),
    (lambda d: b"\0asm\1\0\0\0", "bad magic"),
    (lambda d: d[:20], "truncated|checksum"),
    (lambda d: d[:-1], "checksum"),
    (lambda d: d[:len(d) // 2], "checksum"),
    (lambda d: d[:5000] + bytes([d[5000] ^ 1]) + d[5001:], "checksum"),
    (lambda d: d[:-40] + bytes(b ^ 0xFF for b in d[-40:-32]) + d[-32:], "checksum"),
])
def test_damaged_artifacts_are_refused(packed, tmp_path, damage, message):
    with pytest.raises(wasmic.WasmError, match=message):
        deserialize(damage(packed), cache_dir=tmp_path)
    assert not (tmp_path / "native").exists()  # nothing written before the checks pass


@pytest.mark.parametrize("changes, message", [
    ({"platform": "win32" if sys.platform != "win32" else "linux"}, "another operating system"),
    ({"machine": "sparc64"}, "another CPU architecture"),
    ({"python": "cpython-27"}, "another Python version"),
    ({"suffix": ".abi3.so.x"}, "another Python extension ABI"),
    ({"wasmic": "0.0.1"}, "another wasmic build"),
    ({"backend": "0" * 64}, "another wasmic build"),
    ({"module_key": "../../../etc/passwd"}, "malformed library keys"),
    ({"sizes": {"wasm": -1, "module": 0, "runtime": 0}}, "malformed section sizes"),
    ({"sizes": {"wasm": 1, "module": 1, "runtime": 1}}, "sizes do not add up"),
    ({"opt_level": "2"}, "malformed header"),
    ({"names": {"module": None, "funcs": {"x": "f"}, "locals": {}}}, "malformed names"),
])
def test_foreign_or_malformed_headers_are_refused(packed, tmp_path, changes, message):
    with pytest.raises(wasmic.WasmError, match=message):
        deserialize(_with_header(packed, **changes), cache_dir=tmp_path)
    assert not (tmp_path / "native").exists()


def test_unknown_format_version_is_refused(packed, tmp_path):
    bumped = packed[:len(artifact.MAGIC)] + struct.pack("<I", artifact.FORMAT + 1) + packed[len(artifact.MAGIC) + 4:]
    with pytest.raises(wasmic.WasmError, match=f"format {artifact.FORMAT + 1} is not supported"):
        deserialize(bumped, cache_dir=tmp_path)


def test_a_corrupt_cache_entry_is_rewritten_from_the_artifact(packed, tmp_path):
    """The library already in the cache is damaged (by another process or the
    disk): loading the artifact replaces it rather than loading it."""
    key = artifact.unpack(packed).header["module_key"]
    entry = ArtifactCache(tmp_path).path(key)
    entry.parent.mkdir(parents=True)
    entry.write_bytes(b"\x7fELF garbage")
    (tmp_path / "calc.cwasm").write_bytes(packed)
    run = run_python(f"""
        from wasmic.backend.native import deserialize
        data = open({str(tmp_path / "calc.cwasm")!r}, "rb").read()
        print(deserialize(data, cache_dir={str(tmp_path)!r}).instantiate().exports["add"](1, 2))
        """)
    assert run.stdout.split() == ["3"], run.stderr[-3000:]
    assert ArtifactCache(tmp_path).lookup(key) == entry


@pytest.mark.parametrize("changes", [{}, {"machine": "sparc64", "python": "cpython-27"}])
def test_a_python_engine_runs_the_wasm_an_artifact_carries(packed, changes):
    """Even an artifact built for another machine: the Python tier needs only its wasm."""
    config = wasmic.Config()
    config.strategy = "python"
    engine = wasmic.Engine(config)
    module = wasmic.Module.deserialize(engine, _with_header(packed, **changes))
    store = wasmic.Store(engine)
    exports = wasmic.Instance(store, module, []).exports(store)
    assert exports["add"](store, 2, 3) == 5 and module.name == "calc"
    with pytest.raises(wasmic.Trap) as trap:
        exports["div"](store, 1, 0)
    assert trap.value.frames[0].func_name == "div"
    with pytest.raises(wasmic.WasmError, match="checksum"):
        wasmic.Module.deserialize(engine, packed[:-1])


def test_the_interface_decodes_like_the_module_without_bodies():
    extra = '(memory (export "m") 1) (data (i32.const 4) "hi") (global i32 (i32.const 5))'
    wasm = bytes(wasmic.wat2wasm(WAT.replace("(module $calc", f"(module $calc {extra}")))
    full, interface = decode_module(wasm), decode_module(artifact.interface_of(wasm))
    assert len(artifact.interface_of(wasm)) < len(wasm)
    for part in ("types", "imports", "exports", "mems", "globals", "datas", "start"):
        assert getattr(interface, part) == getattr(full, part), part
    assert [f.type_index for f in interface.funcs] == [f.type_index for f in full.funcs]


def test_processes_loading_one_artifact_at_once_share_the_cache(packed, tmp_path):
    path = tmp_path / "calc.cwasm"
    path.write_bytes(packed)
    code = textwrap.dedent(f"""
        from wasmic.backend.native import deserialize
        data = open({str(path)!r}, "rb").read()
        print(deserialize(data, cache_dir={str(tmp_path / "cache")!r}).instantiate().exports["add"](4, 5))
        """)
    procs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env={**os.environ, "PYTHONPATH": SRC}) for _ in range(4)]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert [out.split() for out, _err in outputs] == [["9"]] * 4, outputs
    header = artifact.unpack(packed).header
    cache = ArtifactCache(tmp_path / "cache")
    assert cache.lookup(header["module_key"]) and cache.lookup(header["runtime_key"])
    assert not list((tmp_path / "cache" / "tmp").iterdir())


def test_a_library_that_does_not_load_is_a_wasm_error(packed, tmp_path):
    """Intact artifact, unusable library (as from a broken build): dlopen
    refuses it, and that is a WasmError naming the file, not a crash."""
    header = artifact.unpack(packed).header
    start = len(artifact.MAGIC) + 8 + struct.unpack_from("<I", packed, len(artifact.MAGIC) + 4)[0]
    module_start = start + header["sizes"]["wasm"]
    garbage = bytes(header["sizes"]["module"])
    damaged = packed[:module_start] + garbage + packed[module_start + len(garbage):-32]
    foreign_key = hashlib.sha256(os.urandom(8)).hexdigest()
    with pytest.raises(wasmic.WasmError, match="cannot load the compiled library"):
        deserialize(_with_header(_reseal(damaged), module_key=foreign_key), cache_dir=tmp_path)
