"""Module (from bytes, text or a file; validate; imports and exports;
serialize and deserialize), ImportType, ExportType and wat2wasm, on both
tiers."""

import os

import pytest

import wasmic
from api_helpers import exports_of
from engines import engine_with
from api_marks import negative, positive

WAT = """(module $m
  (import "env" "log" (func $log (param i32)))
  (import "env" "mem" (memory 1))
  (global (export "answer") i32 (i32.const 42))
  (table (export "tab") 2 funcref)
  (func (export "twice") (param i32) (result i32) local.get 0 i32.const 2 i32.mul))"""


@positive("wat2wasm")
def test_wat2wasm_gives_a_binary_any_runtime_accepts(wt):
    binary = wasmic.wat2wasm("(module)")
    assert isinstance(binary, bytearray) and binary == wt.wat2wasm("(module)")
    assert wasmic.wat2wasm(b'(module (func (export "f")))').startswith(b"\0asm")
    named = "(module $m (func $f (param $x i32) (local $y f64)) (func) (func $g))"
    assert wasmic.wat2wasm(named) == wt.wat2wasm(named)  # with the same name section


@negative("wat2wasm")
def test_wat2wasm_reports_bad_text():
    with pytest.raises(wasmic.WasmError, match="1:"):
        wasmic.wat2wasm("(module (func (result i32) i32.const)")
    with pytest.raises(TypeError):
        wasmic.wat2wasm(None)


@positive("Module.__init__", "Module.imports", "Module.exports")
def test_module_from_text_and_binary_lists_imports_and_exports(tier_engine):
    for source in (WAT, wasmic.wat2wasm(WAT)):
        module = wasmic.Module(tier_engine, source)
        assert [(i.module, i.name) for i in module.imports] == [("env", "log"), ("env", "mem")]
        assert [e.name for e in module.exports] == ["answer", "tab", "twice"]


@negative("Module.__init__", "Module.imports", "Module.exports")
def test_module_refuses_bad_input(tier_engine):
    with pytest.raises(wasmic.WasmError, match="magic|unexpected|malformed"):
        wasmic.Module(tier_engine, b"\0asm\x01\0\0\0\x01\xff")
    with pytest.raises(wasmic.WasmError, match="type mismatch"):
        wasmic.Module(tier_engine, "(module (func (result i32) f32.const 0))")
    with pytest.raises(TypeError):
        wasmic.Module(tier_engine, 42)
    with pytest.raises(TypeError, match="Engine"):
        wasmic.Module(None, "(module)")
    with pytest.raises(AttributeError):
        wasmic.Module(tier_engine, "(module)").imports = []


@positive("ImportType.module", "ImportType.name", "ImportType.type")
def test_import_types_describe_each_import(tier_engine):
    log, mem = wasmic.Module(tier_engine, WAT).imports
    assert (log.module, log.name) == ("env", "log")
    assert log.type == wasmic.FuncType([wasmic.ValType.i32()], [])
    assert isinstance(mem.type, wasmic.MemoryType) and mem.type.limits.min == 1


@negative("ImportType.module", "ImportType.name", "ImportType.type")
def test_import_types_are_read_only(tier_engine):
    log = wasmic.Module(tier_engine, WAT).imports[0]
    for attribute in ("module", "name", "type"):
        with pytest.raises(AttributeError):
            setattr(log, attribute, "x")


@positive("ExportType.name", "ExportType.type")
def test_export_types_describe_each_export(tier_engine):
    answer, tab, twice = wasmic.Module(tier_engine, WAT).exports
    assert answer.name == "answer"
    assert answer.type == wasmic.GlobalType(wasmic.ValType.i32(), False)
    assert tab.type.element == wasmic.ValType.funcref()
    assert twice.type.results == [wasmic.ValType.i32()]


@negative("ExportType.name", "ExportType.type")
def test_export_types_are_read_only(tier_engine):
    answer = wasmic.Module(tier_engine, WAT).exports[0]
    for attribute in ("name", "type"):
        with pytest.raises(AttributeError):
            setattr(answer, attribute, "x")


@positive("Module.from_file")
def test_from_file_reads_binary_and_text(tier_engine, tmp_path):
    (tmp_path / "m.wasm").write_bytes(wasmic.wat2wasm(WAT))
    (tmp_path / "m.wat").write_text(WAT)
    for name in ("m.wasm", "m.wat"):
        assert len(wasmic.Module.from_file(tier_engine, tmp_path / name).exports) == 3
    assert wasmic.Module.from_file(tier_engine, str(tmp_path / "m.wasm")).imports


@negative("Module.from_file")
def test_from_file_reports_missing_and_bad_files(tier_engine, tmp_path):
    with pytest.raises(OSError):
        wasmic.Module.from_file(tier_engine, tmp_path / "missing.wasm")
    (tmp_path / "junk.wasm").write_bytes(b"\x7fELF junk")
    with pytest.raises(wasmic.WasmError):
        wasmic.Module.from_file(tier_engine, tmp_path / "junk.wasm")
    with pytest.raises(TypeError):
        wasmic.Module.from_file(tier_engine, None)
    with pytest.raises(TypeError, match="path"):
        wasmic.Module.from_file(tier_engine, 1)  # never a file descriptor (stdout)
    os.fstat(1)
    with pytest.raises(wasmic.WasmError, match="invalid path"):
        wasmic.Module.from_file(tier_engine, "bad\0name.wasm")


@positive("Module.validate")
def test_validate_accepts_valid_modules(tier_engine):
    assert wasmic.Module.validate(tier_engine, wasmic.wat2wasm(WAT)) is None
    assert wasmic.Module.validate(tier_engine, WAT) is None


@negative("Module.validate")
def test_validate_rejects_invalid_modules(tier_engine):
    with pytest.raises(wasmic.WasmError):
        wasmic.Module.validate(tier_engine, b"\0asm\x02\0\0\0")
    with pytest.raises(wasmic.WasmError):
        wasmic.Module.validate(tier_engine, "(module (func i32.add))")
    with pytest.raises(TypeError):
        wasmic.Module.validate("engine", b"\0asm\x01\0\0\0")


@positive("Module.serialize", "Module.deserialize", "Module.deserialize_file")
def test_serialized_module_runs_after_deserialization(tier_engine, tmp_path):
    blob = wasmic.Module(tier_engine, WAT).serialize()
    assert isinstance(blob, (bytes, bytearray))
    (tmp_path / "m.bin").write_bytes(blob)
    for module in (wasmic.Module.deserialize(tier_engine, blob),
                   wasmic.Module.deserialize_file(tier_engine, tmp_path / "m.bin")):
        store = wasmic.Store(tier_engine)
        log = wasmic.Func(store, wasmic.FuncType([wasmic.ValType.i32()], []), lambda x: None)
        memory = wasmic.Memory(store, wasmic.MemoryType(wasmic.Limits(1, None)))
        exports = wasmic.Instance(store, module, [log, memory]).exports(store)
        assert exports["twice"](store, 21) == 42


@negative("Module.serialize", "Module.deserialize", "Module.deserialize_file")
def test_deserialize_refuses_what_serialize_did_not_make(tier_engine, tmp_path):
    with pytest.raises(wasmic.WasmError):
        wasmic.Module.deserialize(tier_engine, wasmic.wat2wasm("(module)"))
    with pytest.raises(wasmic.WasmError):
        wasmic.Module.deserialize(tier_engine, b"garbage")
    blob = bytearray(wasmic.Module(tier_engine, WAT).serialize())
    with pytest.raises(wasmic.WasmError):
        wasmic.Module.deserialize(tier_engine, bytes(blob[: len(blob) // 2]))
    with pytest.raises(OSError):
        wasmic.Module.deserialize_file(tier_engine, tmp_path / "missing.bin")
    with pytest.raises(TypeError, match="path"):
        wasmic.Module.deserialize_file(tier_engine, 2)
    with pytest.raises(TypeError):
        wasmic.Module(tier_engine, WAT).serialize(1)


def test_another_engine_cannot_use_the_module(tier, store):
    module = wasmic.Module(engine_with(tier), "(module)")
    with pytest.raises(wasmic.WasmError, match="engine"):
        wasmic.Instance(store, module, [])
    assert exports_of(store, "(module)") == {}
