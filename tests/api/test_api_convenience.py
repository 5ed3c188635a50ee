"""The Python conveniences on top of the reference API, on both tiers:
``Func(store, pyfunc)`` typed from annotations, ``instance.exports(store)``
by attribute and iteration, and ``wasmic.instantiate`` whose exports need
no store."""

from __future__ import annotations

import numpy as np
import pytest

import wasmic
from api_helpers import exports_of
from engines import engine_with

VT = wasmic.ValType
ECHO = """(module (import "env" "f" (func $f (param i32 i64 f32 f64) (result f64 i64)))
  (func (export "run") (param i32 i64 f32 f64) (result f64 i64)
    local.get 0 local.get 1 local.get 2 local.get 3 call $f))"""


def test_func_type_is_inferred_from_annotations(store):
    def host(a: int, b: wasmic.i64, c: wasmic.f32, d: float) -> tuple[float, wasmic.i64]:
        return a + c + d, b * 2

    func = wasmic.Func(store, host)
    assert func.type(store) == wasmic.FuncType([VT.i32(), VT.i64(), VT.f32(), VT.f64()],
                                               [VT.f64(), VT.i64()])
    run = exports_of(store, ECHO, [func])["run"]
    assert run(store, 1, 1 << 40, 0.5, 0.25) == [1.75, 1 << 41]


def test_inference_handles_callers_no_results_and_valtype_annotations(store):
    seen = []

    def with_caller(caller: wasmic.Caller, x: VT.i32()) -> None:
        seen.append((type(caller).__name__, x))

    func = wasmic.Func(store, with_caller, access_caller=True)
    assert func.type(store) == wasmic.FuncType([VT.i32()], [])
    call = exports_of(store, """(module (import "" "f" (func $f (param i32)))
        (func (export "go") i32.const 9 call $f))""", [func])["go"]
    call(store)
    assert seen == [("Caller", 9)]


def test_inference_errors_name_the_parameter(store):
    def untyped(x, y: int) -> int:
        return x

    with pytest.raises(TypeError, match="parameter 'x' of .*untyped has no annotation"):
        wasmic.Func(store, untyped)

    def no_result(x: int):
        return x

    with pytest.raises(TypeError, match="result .* has no annotation"):
        wasmic.Func(store, no_result)

    def strange(x: str) -> int:
        return 0

    with pytest.raises(TypeError, match="not a wasm type"):
        wasmic.Func(store, strange)

    def variadic(*xs: int) -> int:
        return 0

    with pytest.raises(TypeError, match="positional"):
        wasmic.Func(store, variadic)
    with pytest.raises(TypeError, match="cannot infer"):
        wasmic.Func(store, max)  # a builtin without a signature
    with pytest.raises(TypeError):
        wasmic.Func(store, None)


def test_instance_exports_by_attribute_and_iteration(store):
    exports = exports_of(store, """(module (memory (export "mem") 1)
        (func (export "f") (result i32) i32.const 3))""")
    assert exports.f(store) == 3 and exports.mem.size(store) == 1
    assert list(exports) == ["mem", "f"] and dict(exports.items())["f"] is exports.f


CALC = """(module (import "env" "log" (func $log (param i32)))
  (import "env" "base" (global $base i32))
  (memory (export "memory") 1)
  (table (export "table") 1 funcref)
  (global $n (export "counter") (mut i32) (i32.const 0))
  (func (export "add") (param i32 i32) (result i32)
    local.get 0 local.get 1 i32.add global.get $base i32.add)
  (func (export "tick") global.get $n i32.const 1 i32.add global.set $n global.get $n call $log))"""


def test_instantiate_gives_store_free_exports(tier):
    logged = []
    calc = wasmic.instantiate(CALC, imports={"env": {"log": logged.append, "base": 100}},
                              engine=engine_with(tier))
    assert calc.add(1, 2) == 103 and calc["add"](3, 4) == 107
    calc.tick()
    calc.tick()
    assert logged == [1, 2] and calc.counter.value() == 2
    calc.counter.set_value(10)
    calc.tick()
    assert logged[-1] == 11
    calc.memory.write(b"hey", 8)
    assert calc.memory.read(8, 11) == b"hey"
    view = np.frombuffer(calc.memory.get_buffer_ptr(), dtype=np.uint8)
    assert bytes(view[8:11]) == b"hey"
    assert calc.table.size() == 1 and calc.table.get(0) is None
    assert sorted(calc) == ["add", "counter", "memory", "table", "tick"] and len(calc) == 5
    assert isinstance(calc.instance, wasmic.Instance) and isinstance(calc.store, wasmic.Store)
    assert calc.memory.extern is calc.instance.exports(calc.store)["memory"]
    with pytest.raises(AttributeError, match="no method"):
        calc.memory.explode
    with pytest.raises(AttributeError):
        calc.memory._data
    with pytest.raises(IndexError):
        calc.memory.write(b"x", 1 << 20)


def test_instantiate_reads_paths_bytes_and_modules(tier, tmp_path):
    engine = engine_with(tier)
    source = '(module (func (export "one") (result i32) i32.const 1))'
    (tmp_path / "one.wasm").write_bytes(wasmic.wat2wasm(source))
    for wasm in (tmp_path / "one.wasm", str(tmp_path / "one.wasm"), wasmic.wat2wasm(source),
                 source, wasmic.Module(engine, source)):
        assert wasmic.instantiate(wasm, engine=engine).one() == 1


def test_instantiate_links_two_instances_in_one_store(tier):
    store = wasmic.Store(engine_with(tier))
    lib = wasmic.instantiate('(module (func (export "double") (param i32) (result i32) '
                             'local.get 0 i32.const 2 i32.mul))', store=store)
    user = wasmic.instantiate("""(module (import "lib" "double" (func $d (param i32) (result i32)))
        (func (export "quad") (param i32) (result i32) local.get 0 call $d call $d))""",
                              imports={"lib": lib}, store=store)
    assert user.quad(5) == 20


def test_instantiate_reports_bad_input(tier, tmp_path):
    engine = engine_with(tier)
    with pytest.raises(wasmic.WasmError, match="env::log"):
        wasmic.instantiate(CALC, imports={"env": {"base": 1}}, engine=engine)
    with pytest.raises(TypeError, match="env::log"):
        wasmic.instantiate(CALC, imports={"env": {"log": 5, "base": 1}}, engine=engine)
    with pytest.raises(TypeError, match="env::base"):
        wasmic.instantiate(CALC, imports={"env": {"log": print, "base": print}}, engine=engine)
    with pytest.raises(TypeError, match="mapping"):
        wasmic.instantiate(CALC, imports=[("env", {})], engine=engine)
    with pytest.raises(TypeError, match="mapping"):
        wasmic.instantiate(CALC, imports={"env": print}, engine=engine)
    with pytest.raises(FileNotFoundError):
        wasmic.instantiate(str(tmp_path / "missing.wasm"), engine=engine)
    with pytest.raises(TypeError):
        wasmic.instantiate(42, engine=engine)
    with pytest.raises(wasmic.WasmError):
        wasmic.instantiate(b"\0asm\x01\0\0\0\xff", engine=engine)
    with pytest.raises(wasmic.WasmError, match="engine"):
        wasmic.instantiate(wasmic.Module(engine_with(tier), "(module)"), engine=engine)
    with pytest.raises(TypeError):
        wasmic.instantiate("(module)", engine="fast")
    with pytest.raises(TypeError):
        wasmic.instantiate("(module)", store=engine)
    one = wasmic.instantiate('(module (func (export "one") (result i32) i32.const 1))',
                             engine=engine)
    with pytest.raises(wasmic.WasmError, match="too many"):
        one.one(1)
    with pytest.raises(AttributeError):
        one.two
    with pytest.raises(wasmic.Trap):
        wasmic.instantiate('(module (func $s unreachable) (start $s))', engine=engine)


def test_instantiate_with_wasi_runs_a_program(tier):
    from pathlib import Path

    out = bytearray()
    config = wasmic.WasiConfig()
    config.stdout_custom = out.extend
    program = Path(__file__).parents[1] / "wasi" / "programs" / "hello.wasm"
    hello = wasmic.instantiate(program, wasi=config, engine=engine_with(tier))
    hello._start()
    assert out == b"hello, world\n"
    with pytest.raises(wasmic.WasmError, match="set_wasi|WASI"):
        wasmic.instantiate(program, engine=engine_with(tier))
    with pytest.raises(TypeError, match="WasiConfig"):
        wasmic.instantiate(program, wasi="yes", engine=engine_with(tier))
