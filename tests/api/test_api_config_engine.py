"""Config (every setting) and Engine, on both tiers: a setting is accepted,
read back, and an engine built with it still compiles and runs code; a bad
value is refused with the exception wasmtime-py raises."""

import threading

import pytest

import wasmic
from api_helpers import exports_of
from engines import engine_with
from api_marks import negative, positive
from wasmic.runtime.config import host_architecture
from wasmtime_oracle import outcome

BOOL = (True, "yes", TypeError)
SIZE = (1 << 20, "big", TypeError)

SETTINGS = {
    # name: (a good value, a bad value, the error for it)
    "consume_fuel": BOOL, "cranelift_debug_verifier": BOOL,
    "cranelift_nan_canonicalization": BOOL, "debug_info": BOOL, "gc_support": BOOL,
    "macos_use_mach_ports": BOOL, "memory_init_cow": BOOL, "memory_may_move": BOOL,
    "native_unwind_info": BOOL, "parallel_compilation": BOOL, "shared_memory": BOOL,
    "signals_based_traps": BOOL, "wasm_bulk_memory": BOOL, "wasm_custom_page_sizes": BOOL,
    "wasm_exceptions": BOOL, "wasm_function_references": BOOL, "wasm_gc": BOOL,
    "wasm_memory64": BOOL, "wasm_multi_memory": BOOL, "wasm_multi_value": BOOL,
    "wasm_reference_types": BOOL, "wasm_relaxed_simd": BOOL,
    "wasm_relaxed_simd_deterministic": BOOL, "wasm_simd": BOOL, "wasm_stack_switching": BOOL,
    "wasm_tail_call": BOOL, "wasm_threads": BOOL, "wasm_wide_arithmetic": BOOL,
    "max_wasm_stack": SIZE, "memory_guard_size": SIZE, "memory_reservation": SIZE,
    "memory_reservation_for_growth": SIZE,
    "cranelift_opt_level": ("none", "fast", wasmic.WasmError),
    "profiler": ("none", "gprof", wasmic.WasmError),
    "strategy": (None, "jit", wasmic.WasmError),  # None: the tier under test
    "target": (f"{host_architecture()}-unknown-linux-gnu", "z80-none", wasmic.WasmError),
    "epoch_interruption": (True, None, None),  # any value is read as a bool
}

ADD = '(module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))'


def test_the_table_lists_every_setting_of_the_reference():
    from reference_api import REFERENCE_STUBS
    stub = REFERENCE_STUBS.split("class Config:")[1].split("\nclass ")[0]
    props = {line.split(":")[0].strip() for line in stub.splitlines() if ": prop" in line}
    assert props - {"cache"} == set(SETTINGS)


@positive("Config.*", "Config.__init__")
@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_setting_is_kept_and_code_still_runs(tier, name):
    good = SETTINGS[name][0]
    config = wasmic.Config()
    config.strategy = tier
    if good is not None:
        setattr(config, name, good)
        assert getattr(config, name) == good
    store = wasmic.Store(wasmic.Engine(config))
    if name == "epoch_interruption":
        store.set_epoch_deadline(1)
    if name == "consume_fuel":
        store.set_fuel(1000)
    assert exports_of(store, ADD)["add"](store, 2, 3) == 5


@negative("Config.*", "Config.__init__")
@pytest.mark.parametrize("name", sorted(n for n, (_, bad, _e) in SETTINGS.items() if bad is not None))
def test_bad_setting_is_refused_like_wasmtime(wt, name):
    _, bad, error = SETTINGS[name]
    with pytest.raises(error):
        setattr(wasmic.Config(), name, bad)
    if name not in ("strategy",):  # wasmic's tier names are its own
        assert outcome(lambda: setattr(wt.Config(), name, bad)) == error.__name__


@negative("Config.*")
@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_setting_a_config_owned_by_an_engine_fails(name):
    config = wasmic.Config()
    wasmic.Engine(config)
    with pytest.raises(ValueError, match="closed"):
        setattr(config, name, SETTINGS[name][0] or "auto")


@positive("Config.cache")
def test_cache_accepts_true_and_a_config_file(tmp_path):
    config = wasmic.Config()
    config.cache = True
    path = tmp_path / "cache.toml"
    path.write_text("[cache]\nenabled = true\n")
    config.cache = str(path)
    assert config.cache == str(path)


@negative("Config.cache")
def test_cache_refuses_false_a_missing_file_and_other_types(tmp_path):
    config = wasmic.Config()
    with pytest.raises(wasmic.WasmError, match="disabled"):
        config.cache = False
    with pytest.raises(wasmic.WasmError, match="config file"):
        config.cache = str(tmp_path / "missing.toml")
    with pytest.raises(TypeError):
        config.cache = 5


@positive("Config.cranelift_flag_enable", "Config.cranelift_flag_set")
def test_cranelift_flags_are_accepted(tier):
    config = wasmic.Config()
    config.strategy = tier
    config.cranelift_flag_enable("has_sse41")
    config.cranelift_flag_set("opt_level", "speed")
    store = wasmic.Store(wasmic.Engine(config))
    assert exports_of(store, ADD)["add"](store, 1, 1) == 2


@negative("Config.cranelift_flag_enable", "Config.cranelift_flag_set")
def test_cranelift_flags_need_strings():
    config = wasmic.Config()
    with pytest.raises(TypeError):
        config.cranelift_flag_enable(None)
    with pytest.raises(TypeError):
        config.cranelift_flag_set("opt_level", 3)
    wasmic.Engine(config)
    with pytest.raises(ValueError):
        config.cranelift_flag_enable("has_sse41")


@positive("Engine.__init__", "Engine.is_pulley")
def test_engine_from_config_or_default(tier):
    assert wasmic.Engine().is_pulley() is False
    engine = engine_with(tier)
    assert engine.config.strategy == tier
    assert engine.is_pulley() is False


@negative("Engine.__init__", "Engine.is_pulley")
def test_engine_refuses_a_non_config_and_a_used_config():
    with pytest.raises(TypeError, match="Config"):
        wasmic.Engine("fast")
    config = wasmic.Config()
    wasmic.Engine(config)
    with pytest.raises(ValueError):
        wasmic.Engine(config)
    engine = wasmic.Engine()
    engine.close()
    with pytest.raises(ValueError):
        engine.is_pulley()


LOOP = '(module (func (export "spin") (loop br 0)))'


@positive("Engine.increment_epoch")
def test_increment_epoch_from_a_thread_interrupts_an_infinite_loop(tier):
    engine = engine_with(tier, epoch_interruption=True)
    store = wasmic.Store(engine)
    store.set_epoch_deadline(1)
    spin = exports_of(store, LOOP)["spin"]
    timer = threading.Timer(0.2, engine.increment_epoch)
    timer.start()
    with pytest.raises(wasmic.Trap) as caught:
        spin(store)
    timer.join()
    assert caught.value.trap_code is wasmic.TrapCode.INTERRUPT


@negative("Engine.increment_epoch")
def test_increment_epoch_on_a_closed_engine_fails():
    engine = wasmic.Engine()
    engine.close()
    with pytest.raises(ValueError):
        engine.increment_epoch()


def test_strategy_defaults_to_the_environment_variable(monkeypatch):
    monkeypatch.setenv("WASMIC_STRATEGY", "python")
    assert wasmic.Config().strategy == "python"
    config = wasmic.Config()
    config.strategy = "native"
    assert config.strategy == "native"  # an assignment wins
    monkeypatch.setenv("WASMIC_STRATEGY", "turbo")
    with pytest.raises(wasmic.WasmError, match="WASMIC_STRATEGY"):
        wasmic.Config().strategy
    monkeypatch.delenv("WASMIC_STRATEGY")
    assert wasmic.Config().strategy == "auto"


@positive("Config.target")
def test_another_target_runs_on_the_portable_python_tier():
    foreign = "riscv64gc-unknown-linux-gnu" if host_architecture() != "riscv64gc" else "x86_64-linux"
    engine = engine_with("auto", target=foreign)
    store = wasmic.Store(engine)
    assert exports_of(store, ADD)["add"](store, 2, 2) == 4


@negative("Config.target")
def test_the_native_tier_refuses_another_target():
    engine = engine_with("native", target="riscv64gc-unknown-linux-gnu")
    with pytest.raises(wasmic.WasmError, match="native tier compiles for this machine only"):
        wasmic.Module(engine, ADD)
