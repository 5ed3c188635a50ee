"""Config settings (names, checks, defaults, freezing) and Engine; every
setting of wasmtime-py's Config is compared against it where installed."""

from __future__ import annotations

import threading

import pytest
from wasmtime_oracle import outcome

from wasmic.errors import WasmError
from wasmic.runtime.config import STRATEGIES, Config, Engine

SAMPLES = [True, False, 1, 0, None, "x", 2**20, 1.5, "none", "speed", "auto", "cranelift",
           "jitdump"]
# Settings whose oracle check needs care: "cache" reads files, "target" parses triples.
SPECIAL = {"cache", "target"}




def wasmtime_settings(wt):
    return sorted(name for name in dir(wt.Config) if isinstance(getattr(wt.Config, name), property))


def test_every_wasmtime_setting_exists(wt):
    missing = [name for name in wasmtime_settings(wt) if not hasattr(Config, name)]
    assert missing == []
    assert callable(Config.cranelift_flag_enable) and callable(Config.cranelift_flag_set)


def test_settings_accept_and_refuse_what_wasmtime_does(wt):
    differences = []
    for name in wasmtime_settings(wt):
        if name in SPECIAL:
            continue
        for value in SAMPLES:
            ours = outcome(lambda n=name, v=value: setattr(Config(), n, v))
            theirs = outcome(lambda n=name, v=value: setattr(wt.Config(), n, v))
            if ours != theirs:
                differences.append((name, value, ours, theirs))
    assert differences == []


@pytest.mark.parametrize("name", ["wasm_simd", "consume_fuel", "debug_info", "wasm_gc",
                                  "parallel_compilation", "shared_memory", "memory_init_cow"])
def test_flags_are_stored_and_read_back(name):
    config = Config()
    setattr(config, name, True)
    assert getattr(config, name) is True
    setattr(config, name, False)
    assert getattr(config, name) is False


def test_defaults():
    config = Config()
    assert config.strategy == "auto"
    assert (config.wasm_simd, config.wasm_bulk_memory, config.wasm_reference_types,
            config.wasm_multi_value) == (True, True, True, True)
    assert (config.wasm_threads, config.wasm_memory64, config.wasm_gc,
            config.wasm_tail_call) == (False, False, False, False)
    assert (config.consume_fuel, config.epoch_interruption) == (False, False)
    assert config.max_wasm_stack == 2 * 1024 * 1024
    assert (config.cache, config.target, config.memory_reservation) == (None, None, None)
    assert (config.profiler, config.cranelift_opt_level) == ("none", "speed")


def test_every_setting_documents_itself():
    from wasmic.runtime.config import _Setting

    settings = [value for value in vars(Config).values() if isinstance(value, _Setting)]
    assert len(settings) > 40
    assert all(setting.__doc__ for setting in settings)


@pytest.mark.parametrize("value, stored", [(s, "native" if s == "cranelift" else s)
                                           for s in STRATEGIES])
def test_strategies(value, stored):
    config = Config()
    config.strategy = value
    assert config.strategy == stored


@pytest.mark.parametrize("name, value", [("strategy", "winch"), ("strategy", None),
                                         ("cranelift_opt_level", 1), ("profiler", "gdb")])
def test_unknown_choices_are_wasm_errors(name, value):
    with pytest.raises(WasmError, match="unknown"):
        setattr(Config(), name, value)


def test_epoch_interruption_takes_truthiness_like_wasmtime():
    config = Config()
    config.epoch_interruption = 1
    assert config.epoch_interruption is True
    config.epoch_interruption = ""
    assert config.epoch_interruption is False


@pytest.mark.parametrize("name", ["max_wasm_stack", "memory_reservation", "memory_guard_size",
                                  "memory_reservation_for_growth"])
def test_sizes(name):
    config = Config()
    setattr(config, name, 4096)
    assert getattr(config, name) == 4096
    for bad, error in [("4096", TypeError), (4096.0, TypeError), (None, TypeError),
                       (-1, WasmError), (2**64, WasmError)]:
        with pytest.raises(error):
            setattr(config, name, bad)
    assert getattr(config, name) == 4096


def test_cache(tmp_path):
    config = Config()
    config.cache = True
    assert config.cache is True
    path = tmp_path / "cache.toml"
    path.write_text("[cache]\nenabled = true\n")
    config.cache = str(path)
    assert config.cache == str(path)
    with pytest.raises(WasmError, match="cannot be explicitly disabled"):
        config.cache = False
    with pytest.raises(WasmError, match="failed to read config file"):
        config.cache = str(tmp_path / "missing.toml")
    with pytest.raises(TypeError):
        config.cache = 1


def test_cache_errors_match_wasmtime(wt, tmp_path):
    missing = str(tmp_path / "missing.toml")
    for value in (False, 1, missing):
        assert outcome(lambda v=value: setattr(Config(), "cache", v)) == \
            outcome(lambda v=value: setattr(wt.Config(), "cache", v))


@pytest.mark.parametrize("triple, expected", [
    ("x86_64-unknown-linux-gnu", "ok"), ("aarch64-apple-darwin", "ok"), ("bogus", "WasmError"),
    ("", "WasmError"), (1, "TypeError"), (None, "TypeError"),
])
def test_target_matches_wasmtime(wt, triple, expected):
    assert outcome(lambda: setattr(Config(), "target", triple)) == expected
    assert outcome(lambda: setattr(wt.Config(), "target", triple)) == expected


def test_target_is_stored():
    config = Config()
    config.target = "x86_64-unknown-linux-gnu"
    assert config.target == "x86_64-unknown-linux-gnu"


def test_cranelift_flags(wt):
    config = Config()
    config.cranelift_flag_enable("has_sse42")
    config.cranelift_flag_set("opt_level", "speed")
    assert config._cranelift_flags == {"has_sse42": "true", "opt_level": "speed"}
    for call in [lambda c: c.cranelift_flag_enable(1), lambda c: c.cranelift_flag_set(1, "x"),
                 lambda c: c.cranelift_flag_set("x", 1)]:
        assert outcome(lambda c=call: c(Config())) == outcome(lambda c=call: c(wt.Config())) \
            == "TypeError"


def test_unknown_settings_are_refused():
    with pytest.raises(AttributeError):
        Config().wasm_simdd = True


def test_config_is_frozen_once_given_to_an_engine(wt):
    for make_config, make_engine in [(Config, Engine), (wt.Config, wt.Engine)]:
        config = make_config()
        make_engine(config)
        with pytest.raises(ValueError, match="already closed"):
            config.wasm_simd = False
        with pytest.raises(ValueError, match="already closed"):
            make_engine(config)


def test_a_frozen_config_stays_readable():
    config = Config()
    config.consume_fuel = True
    engine = Engine(config)
    assert engine.config is config
    assert engine.config.consume_fuel is True
    with pytest.raises(ValueError):
        config.cranelift_flag_enable("x")


def test_closed_config(wt):
    for make_config, make_engine in [(Config, Engine), (wt.Config, wt.Engine)]:
        with make_config() as config:
            pass
        with pytest.raises(ValueError):
            config.wasm_simd = True
        with pytest.raises(ValueError):
            make_engine(config)
    config = Config()
    Engine(config)
    config.close()  # closing a config an engine holds leaves the engine's settings alone
    assert config.wasm_simd is True


def test_config_takes_no_arguments():
    with pytest.raises(TypeError):
        Config(1)


# --- Engine --------------------------------------------------------------------

def test_engine_defaults():
    engine = Engine()
    assert isinstance(engine.config, Config)
    assert engine.config.strategy == "auto"
    assert engine.epoch == 0
    assert engine.is_pulley() is False
    assert Engine(None).config is not engine.config


@pytest.mark.parametrize("bad", ["x", 1, object()])
def test_engine_rejects_non_configs_like_wasmtime(wt, bad):
    assert outcome(lambda: Engine(bad)) == outcome(lambda: wt.Engine(bad)) == "TypeError"


def test_engine_epoch():
    engine = Engine()
    for _ in range(3):
        engine.increment_epoch()
    assert engine.epoch == 3
    threads = [threading.Thread(target=engine.increment_epoch) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert engine.epoch == 7
    assert Engine().epoch == 0


def test_engine_close(wt):
    for make in (Engine, wt.Engine):
        with make() as engine:
            engine.increment_epoch()
        with pytest.raises(ValueError, match="already closed"):
            engine.increment_epoch()
        with pytest.raises(ValueError):
            engine.is_pulley()


def test_engine_matches_wasmtime_public_methods(wt):
    theirs = {name for name in dir(wt.Engine) if not name.startswith("_")} - {"ptr"}
    assert theirs <= {name for name in dir(Engine) if not name.startswith("_")}
