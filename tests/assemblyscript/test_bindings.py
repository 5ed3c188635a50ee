"""Reading type names, signatures and the compiler's bindings files."""

from pathlib import Path

import pytest

from as_fixtures import FIXTURES
from wasmic import WasmError
from wasmic.assemblyscript import load, parse_signature, parse_type
from wasmic.assemblyscript.bindings import find_bindings, read_bindings


@pytest.mark.parametrize("spelled, key, kind", [
    ("~lib/array/Array<~lib/string/String|null>", "Array<String|null>", "array"),
    ("values/Point | null", "Point|null", "class"),
    ("string", "String", "string"),
    ("StaticArray<Array<f64>>", "StaticArray<Array<f64>>", "staticarray"),
    ("~lib/typedarray/Uint8ClampedArray", "Uint8ClampedArray", "typedarray"),
    ("Box<i32>", "Box<i32>", "class"),
    ("u64", "u64", "primitive"),
])
def test_type_names(spelled, key, kind):
    ty = parse_type(spelled)
    assert (ty.key, ty.kind) == (key, kind)


@pytest.mark.parametrize("spelled, message", [
    ("Array", "needs 1 type argument"), ("i32 | null", "cannot be null"),
    ("Array<i32", "unclosed"), ("<", "missing"), ("String<i32>", "no type arguments"),
    ("", "cannot read"),
])
def test_bad_type_names(spelled, message):
    with pytest.raises(WasmError, match=message):
        parse_type(spelled)


def test_signature_text():
    signature = parse_signature("(a: string, b: Array<Map<i32,i32>>?, i32?) => void")
    assert [(p.name, p.type.key, p.optional) for p in signature.params] == [
        ("a", "String", False), ("b", "Array<Map<i32,i32>>", True), ("arg2", "i32", True)]
    assert str(signature) == "(String, Array<Map<i32,i32>>?, i32?) => void"


def test_bindings_of_values():
    found = read_bindings(*find_bindings(FIXTURES / "values.wasm"))
    assert str(found.functions["withDefaults"]) == "(String, i32?, String?) => String"
    assert str(found.functions["identityU8"]) == "(u8) => u8"
    assert found.globals["GREETING"].key == "String"
    assert found.enums == ["Color"]
    mixed = found.records["Mixed"]
    assert mixed.offsets == [0, 8, 16, 20, 24, 28, 32, 40, 48] and mixed.size == 52
    assert found.records["Point"].type_id == found.type_ids["Point"]


def test_class_ids_match_the_runtime_type_table(values):
    """Each id read from the glue names a class of the right shape in the module."""
    from wasmic.assemblyscript import layout

    found = read_bindings(*find_bindings(FIXTURES / "values.wasm"))
    shapes = {"typedarray": layout.ARRAYBUFFERVIEW, "array": layout.ARRAY,
              "staticarray": layout.STATICARRAY, "class": 0}
    assert len(found.type_ids) >= 20
    for key, type_id in found.type_ids.items():
        ty = parse_type(key)
        flags = values._heap.rtti_flags(type_id)
        kind = flags & (layout.ARRAYBUFFERVIEW | layout.ARRAY | layout.STATICARRAY)
        assert kind == shapes[ty.kind], key
        if kind:
            code, size = layout.element_format(flags)
            assert size == ty.element.storage[0], key


def test_ids_are_read_per_build():
    ids = {name: read_bindings(*find_bindings(FIXTURES / f"{name}.wasm")).type_ids
           for name in ("values", "boundary")}
    assert ids["values"]["Int32Array"] != ids["boundary"]["Int32Array"]


def test_bindings_of_imports():
    found = read_bindings(*find_bindings(FIXTURES / "imports.wasm"))
    assert str(found.imports[("imports", "shout")]) == "(String) => String"
    assert str(found.imports[("imports", "host.total")]) == "(Array<i32>) => i32"
    assert str(found.imports[("env", "abort")]) == (
        "(String|null?, String|null?, u32?, u32?) => void")


def test_bindings_path_errors(tmp_path):
    with pytest.raises(WasmError, match="does not exist"):
        load(FIXTURES / "values.wasm", bindings=tmp_path / "missing.d.ts")
    with pytest.raises(WasmError, match="cannot read the AssemblyScript module"):
        load(tmp_path / "missing.wasm")
    with pytest.raises(TypeError, match="path"):
        load(42)
    broken = tmp_path / "broken.wasm"
    broken.write_bytes(b"\0asm\1\0\0\0\xff")
    with pytest.raises(WasmError):
        load(broken)
    typings = tmp_path / "odd.d.ts"
    typings.write_text("/**\n * odd/f\n * @param a `Array<`\n */\n"
                       "export declare function f(a: number): void;\n")
    with pytest.raises(WasmError, match="cannot understand the AssemblyScript bindings"):
        read_bindings(typings, None)
    assert Path(find_bindings(tmp_path / "none.wasm")[0] or "") == Path("")
