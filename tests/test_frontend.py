"""The public front door: binary or text in, a validated module out, and the
phase that rejects bad input named by the exception class."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import wasmic
from wasmic.valid import ModuleInfo

WAT = '(module (func (export "answer") (result i32) (i32.const 42)))'
INVALID_WAT = "(module (func (result i32)))"


def test_load_accepts_text_and_binary_in_every_buffer_type():
    binary = bytes(wasmic.wat2wasm(WAT))
    expected, _ = wasmic.load(WAT)
    for form in (WAT, WAT.encode(), binary, bytearray(binary), memoryview(binary)):
        module, info = wasmic.load(form)
        assert module == expected
        assert isinstance(info, ModuleInfo) and len(info.funcs) == 1
    assert [export.name for export in expected.exports] == ["answer"]


def test_validate_names_the_phase_that_rejects():
    assert wasmic.validate(WAT) is None
    with pytest.raises(wasmic.ValidationError, match="type mismatch"):
        wasmic.validate(INVALID_WAT)
    with pytest.raises(wasmic.ValidationError):
        wasmic.validate(bytes(wasmic.wat2wasm(INVALID_WAT)))
    with pytest.raises(wasmic.DecodeError):
        wasmic.validate(b"\0asm\x02\0\0\0")
    with pytest.raises(wasmic.ParseError):
        wasmic.validate("(module (func")


def test_bytes_that_are_neither_binary_nor_utf8_are_malformed_text():
    with pytest.raises(wasmic.ParseError) as error:
        wasmic.validate(b"(module)\n  \xff")
    assert (error.value.line, error.value.column) == (2, 3)
    with pytest.raises(wasmic.ParseError):
        wasmic.wat2wasm(b"\xc3(module)")


def test_every_error_is_a_wasmtime_error():
    assert wasmic.WasmtimeError is wasmic.WasmError
    for error in (wasmic.DecodeError, wasmic.ParseError, wasmic.ValidationError):
        assert issubclass(error, wasmic.WasmtimeError)


def test_wat2wasm_returns_a_bytearray_and_does_not_validate():
    binary = wasmic.wat2wasm(WAT.encode())
    assert isinstance(binary, bytearray) and binary.startswith(b"\0asm")
    assert wasmic.wat2wasm(INVALID_WAT).startswith(b"\0asm")


def test_other_types_are_a_type_error():
    with pytest.raises(TypeError):
        wasmic.load(42)
    with pytest.raises(TypeError):
        wasmic.wat2wasm(None)


def test_public_names_and_version():
    for name in wasmic.__all__:
        assert hasattr(wasmic, name)
    pyproject = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text()
    assert re.search(r'^version = "([^"]+)"', pyproject, re.M).group(1) == wasmic.__version__
