"""Native artifacts through the public API: Module.serialize on the native
tier writes one, Module.deserialize(_file) loads it without a compiler (or
runs its wasm on the Python tier), and an engine whose settings do not fit
is refused."""

from __future__ import annotations

import pytest
from engines import engine_with
from test_native_artifact import _with_header
from test_native_toolchain import run_python

import wasmic
from wasmic.backend.native import artifact
from wasmic.runtime import tier

WAT = """(module $counter
  (global $n (mut i32) (i32.const 0))
  (func $bump (export "bump") (param i32) (result i32)
    (global.set $n (i32.add (global.get $n) (local.get 0))) (global.get $n))
  (func $fail (export "fail") (param i32) (result i32) (i32.div_u (local.get 0) (i32.const 0))))"""


@pytest.fixture(scope="module")
def packed(native_cache) -> bytes:
    config = wasmic.Config()
    config.strategy = "native"
    config.cache = native_cache
    return bytes(wasmic.Module(wasmic.Engine(config), WAT).serialize())


def run(module: wasmic.Module, engine_: wasmic.Engine) -> tuple[int, wasmic.Trap]:
    store = wasmic.Store(engine_)
    exports = wasmic.Instance(store, module, []).exports(store)
    exports["bump"](store, 5)
    with pytest.raises(wasmic.Trap) as trap:
        exports["fail"](store, 1)
    return exports["bump"](store, 2), trap.value


def test_native_serialize_writes_an_artifact_that_deserializes_natively(packed, tmp_path):
    assert artifact.is_artifact(packed)
    native = engine_with("native")
    path = tmp_path / "counter.cwasm"
    path.write_bytes(packed)
    for module in (wasmic.Module.deserialize(native, packed), wasmic.Module.deserialize_file(native, path)):
        assert module._tier == "native" and module.name == "counter"
        assert [e.name for e in module.exports] == ["bump", "fail"]
        total, trap = run(module, native)
        assert total == 7 and trap.trap_code == wasmic.TrapCode.INTEGER_DIVISION_BY_ZERO
        assert trap.frames[0].func_name == "fail" and trap.frames[0].module_name == "counter"
        assert bytes(module.serialize()) == packed


def test_a_native_engine_without_compiler_runs_artifacts(packed, tmp_path):
    path = tmp_path / "counter.cwasm"
    path.write_bytes(packed)
    (tmp_path / "bin").mkdir()
    result = run_python(f"""
        import wasmic
        config = wasmic.Config()
        config.strategy = "native"
        engine = wasmic.Engine(config)
        module = wasmic.Module.deserialize_file(engine, {str(path)!r})
        store = wasmic.Store(engine)
        print(wasmic.Instance(store, module, []).exports(store)["bump"](store, 40))
        try:
            wasmic.Module(engine, "(module)")
        except wasmic.WasmError as error:
            print("compile:", "C compiler" in str(error))
        """, env={"PATH": str(tmp_path / "bin"), "CC": "/nonexistent/cc", "WASMIC_CACHE_DIR": str(tmp_path / "c")})
    assert result.stdout.split() == ["40", "compile:", "True"], result.stderr[-3000:]


@pytest.mark.parametrize("settings, wording", [
    ({"consume_fuel": True}, "consume_fuel=False, epoch_interruption=False, this engine has consume_fuel=True"),
    ({"epoch_interruption": True}, "this engine has consume_fuel=False, epoch_interruption=True"),
])
def test_an_engine_with_other_metering_is_refused(packed, settings, wording):
    with pytest.raises(wasmic.WasmError, match=wording):
        wasmic.Module.deserialize(engine_with("native", **settings), packed)


def test_a_foreign_artifact_is_compiled_again_under_auto_only(packed, monkeypatch):
    foreign = _with_header(packed, machine="sparc64")
    with pytest.raises(wasmic.WasmError, match="another CPU architecture"):
        wasmic.Module.deserialize(engine_with("native"), foreign)
    monkeypatch.setattr(tier, "_warned", set())
    auto = engine_with("auto")
    with pytest.warns(RuntimeWarning, match="compiles a deserialized module again: .*another CPU architecture"):
        module = wasmic.Module.deserialize(auto, foreign)
    assert module._tier == tier.engine_tier(auto)  # the wasm compiled here, as Module(engine, wasm)
    total, trap = run(module, auto)
    assert total == 7 and trap.frames[0].func_name == "fail"
