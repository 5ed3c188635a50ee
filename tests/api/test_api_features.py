"""Config's WebAssembly 2.0 feature switches, on both tiers: a module using a
disabled feature is rejected when compiled (and by Module.validate) with
an error naming the feature; with the feature on (the default) it runs.
wasmtime-py, configured alike, agrees on which modules it rejects."""

import pytest

import wasmic
from engines import engine_with
from wasmtime_oracle import outcome

USES = {
    "bulk_memory": [
        '(module (memory 1) (func (export "f") i32.const 0 i32.const 0 i32.const 0 memory.fill))',
        '(module (memory 1) (data "x") (func (export "f") data.drop 0))',
        '(module (memory 1) (data "passive"))',
    ],
    "multi_value": [
        '(module (func (export "f") (result i32 i32) i32.const 1 i32.const 2))',
        '(module (func (export "f") (result i32) i32.const 1 (block (param i32) (result i32))))',
    ],
    "reference_types": [
        '(module (func (export "f") (param externref)))',
        '(module (table 1 funcref) (func (export "f") (result i32) table.size 0))',
        '(module (table 1 funcref) (table 1 funcref))',
        '(module (func (export "f") (result i32) i32.const 1 i32.const 2 i32.const 0 '
        'select (result i32)))',
        '(module (global externref (ref.null extern)))',
    ],
    "simd": [
        '(module (func (export "f") (local v128)))',
        '(module (func (export "f") (result i32) v128.const i64x2 1 2 i32x4.extract_lane 0))',
    ],
}
CASES = [(feature, wat) for feature, wats in USES.items() for wat in wats]
ORACLE_CONFIGS = {"multi_value": (), "simd": ("wasm_relaxed_simd", "wasm_gc")}
"""Features wasmtime-py 50 can turn off, with the switches that depend on
them.  (Turning off bulk memory or reference types aborts the process in
its Engine constructor: its component-model-async support requires them.)"""

PLAIN = """(module (memory 1) (table 1 funcref) (elem (i32.const 0) $f)
  (func $f (export "f") (param i32) (result i32) local.get 0 i32.const 1 i32.add)
  (data (i32.const 0) "ok"))"""


@pytest.mark.parametrize("feature, wat", CASES, ids=[f"{f}-{i}" for i, (f, _) in enumerate(CASES)])
def test_disabled_feature_is_rejected_and_enabled_one_compiles(tier, feature, wat, wt):
    engine = engine_with(tier, **{f"wasm_{feature}": False})
    with pytest.raises(wasmic.WasmError, match=f"wasm_{feature}"):
        wasmic.Module(engine, wat)
    with pytest.raises(wasmic.WasmError, match=f"wasm_{feature}"):
        wasmic.Module.validate(engine, wat)
    wasmic.Module.validate(engine_with(tier), wat)  # (the python tier cannot run SIMD yet)
    if feature in ORACLE_CONFIGS:
        config = wt.Config()
        for name in (f"wasm_{feature}", *ORACLE_CONFIGS[feature]):
            setattr(config, name, False)
        assert outcome(lambda: wt.Module(wt.Engine(config), wt.wat2wasm(wat))) == "WasmError"


@pytest.mark.parametrize("feature", sorted(USES))
def test_a_module_without_the_feature_runs_with_it_disabled(tier, feature):
    engine = engine_with(tier, **{f"wasm_{feature}": False})
    store = wasmic.Store(engine)
    exports = wasmic.Instance(store, wasmic.Module(engine, PLAIN), []).exports(store)
    assert exports["f"](store, 41) == 42


def test_every_feature_off_at_once_still_runs_mvp_code(tier):
    engine = engine_with(tier, **{f"wasm_{feature}": False for feature in USES})
    store = wasmic.Store(engine)
    assert wasmic.Instance(store, wasmic.Module(engine, PLAIN), []).exports(store)["f"](store, 1) == 2
