"""Detection of the wasmic tiers: absent with a reason until the public API
and the tier exist, then run through the wasmtime-style adapter."""

from __future__ import annotations

import sys
import types

import pytest
from runners.kernels import KERNELS_BY_NAME
from runners.registry import Absent, discover


def fake_wasmic(monkeypatch, **names) -> types.ModuleType:
    module = types.ModuleType("wasmic")
    module.__version__ = "0.0-test"
    for name, value in names.items():
        setattr(module, name, value)
    monkeypatch.setitem(sys.modules, "wasmic", module)
    return module


def test_a_wasmic_without_the_runtime_api_is_absent(monkeypatch, tmp_path):
    fake_wasmic(monkeypatch)
    [entry] = discover(["wasmic-python"], tmp_path)
    assert isinstance(entry, Absent) and "no Engine" in entry.reason


def test_a_config_without_strategy_is_absent(monkeypatch, tmp_path):
    class Config:
        pass

    fake_wasmic(monkeypatch, Engine=object, Store=object, Module=object, Instance=object, Config=Config)
    [entry] = discover(["wasmic-native"], tmp_path)
    assert isinstance(entry, Absent) and "strategy" in entry.reason


def test_a_tier_that_refuses_its_strategy_is_absent(monkeypatch, tmp_path):
    class Config:
        strategy = "auto"

    def engine(config):
        raise NotImplementedError(f"no {config.strategy} tier yet")

    fake_wasmic(monkeypatch, Engine=engine, Store=object, Module=object, Instance=object, Config=Config)
    [entry] = discover(["wasmic-native"], tmp_path)
    assert isinstance(entry, Absent) and "no native tier yet" in entry.reason


def test_a_working_tier_runs_through_the_wasmtime_api(monkeypatch, tmp_path):
    import wasmtime

    class Config:
        strategy = "auto"

    fake_wasmic(
        monkeypatch, Engine=lambda config: wasmtime.Engine(), Config=Config, Store=wasmtime.Store,
        Module=wasmtime.Module, Instance=wasmtime.Instance, Func=wasmtime.Func,
        FuncType=wasmtime.FuncType, ValType=wasmtime.ValType,
    )
    [runner] = discover(["wasmic-python"], tmp_path)
    assert runner.name == "wasmic-python" and runner.slow
    assert runner.load_kernel(KERNELS_BY_NAME["fib"])(0) == 1
    assert runner.load_export_calls()(4) == 4
    assert runner.load_host_calls()(4) == 4
