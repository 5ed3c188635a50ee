"""Modules without bindings: raw exports, and signatures, class ids and
record layouts given by the user (text or Python annotations); both tiers."""

import dataclasses

import pytest

from as_fixtures import load_fixture
from wasmic import WasmError


def test_without_bindings_exports_are_raw(tier):
    module = load_fixture(tier, "values", bindings=False)
    ptr = module.greet(module.new_string("raw"))
    assert isinstance(ptr, int) and module.get_string(ptr) == "Hello, raw!"
    assert module.maxU32() == -1  # i32 as wasm returns it: no u32 knowledge
    assert module.addOptional(1) == 6  # argument count still set, missing args are 0
    assert module.ANSWER == 42


def test_signatures_as_text(tier):
    module = load_fixture(tier, "values", bindings=False, signatures={
        "greet": "(name: string) => string",
        "maxU32": "() => u32",
        "withDefaults": "(string, i32?, string?) => string",
        "GREETING": "string",
    })
    assert module.greet("text") == "Hello, text!"
    assert module.maxU32() == 0xFFFFFFFF
    assert module.withDefaults("x", 2) == "xx!"
    assert module.GREETING == "hi there"


def test_signatures_from_annotations(tier):
    def greet(name: str) -> str: ...
    def isNull(text: "string | null") -> bool: ...  # noqa: N802, F821 - AS type names
    def range(count: int) -> "Array<i32>": ...  # noqa: A001, F722, F821 - AS type names

    module = load_fixture(tier, "values", bindings=False,
                          signatures={"greet": greet, "isNull": isNull, "range": range})
    assert module.greet("a") == "Hello, a!"
    assert module.isNull(None) is True
    assert module.range(3) == [0, 1, 2]


def test_class_ids_from_exported_idof_globals(tier):
    raw = load_fixture(tier, "values", bindings=False)
    module = load_fixture(tier, "values", bindings=False,
                          signatures={"squareInt32": "(Int32Array) => Int32Array",
                                      "upperAll": "(Array<string>) => Array<string>"},
                          type_ids={"Int32Array": raw.Int32Array_ID,
                                    "Array<string>": raw.ArrayString_ID})
    assert module.squareInt32([5]).tolist() == [25]
    assert module.upperAll(["q"]) == ["Q"]


def test_unknown_class_id_is_explained(tier):
    module = load_fixture(tier, "values", bindings=False,
                          signatures={"squareInt32": "(Int32Array) => Int32Array"})
    with pytest.raises(WasmError, match="class id of Int32Array is unknown.*type_ids"):
        module.squareInt32([1])


def test_records_laid_out_from_a_dataclass(tier):
    @dataclasses.dataclass
    class Point:
        x: "f64"  # noqa: F821 - an AssemblyScript type name
        y: float

    with_ids = load_fixture(tier, "values")  # only to learn this build's id of Point
    module = load_fixture(tier, "values", bindings=False, records={"Point": Point},
                          type_ids={"Point": with_ids._codecs.layouts["Point"].type_id},
                          signatures={"midpoint": "(Point, Point) => Point"})
    assert module.midpoint(Point(0, 0), Point(2, 2)) == Point(1.0, 1.0)


def test_bad_signatures(tier):
    with pytest.raises(WasmError, match="cannot read the signature"):
        load_fixture(tier, "values", bindings=False, signatures={"greet": "(string => string"})
    with pytest.raises(WasmError, match="has 2 parameters, the wasm function 1"):
        load_fixture(tier, "values", bindings=False,
                     signatures={"greet": "(string, i32) => string"})
    with pytest.raises(WasmError, match="cannot map the annotation"):
        load_fixture(tier, "values", bindings=False, signatures={"greet": lambda x: 0} |
                     {"negate": _annotated_with_list})
    with pytest.raises(TypeError, match="records must be"):
        load_fixture(tier, "values", records="tuple")
    with pytest.raises(TypeError, match="type_ids"):
        load_fixture(tier, "values", type_ids={"Int32Array": "five"})


def _annotated_with_list(flag: list) -> bool: ...


def test_results_that_are_not_objects_are_reported(tier):
    module = load_fixture(tier, "values", bindings=False,
                          signatures={"maxU32": "() => string",
                                      "addU32": "(u32, u32) => Int32Array"})
    with pytest.raises(WasmError, match="result of maxU32: no valid object at 0xffffffff"):
        module.maxU32()
    end = module.memory.data_len(module.store) - 4
    with pytest.raises(WasmError, match="result of addU32"):
        module.addU32(end, 0)  # a typed array header there would reach past the memory


def test_helpers_reject_pointers_to_nothing(values):
    size = values.memory.data_len(values.store)
    with pytest.raises(WasmError, match="get_string|not the address"):
        values.get_string(size + 64)
    with pytest.raises(WasmError):
        values.get_array_view(size - 2)
    with pytest.raises(WasmError, match="lift"):
        values.lift("string", size - 2)


def test_records_laid_out_from_an_annotated_class(tier):
    class Point:
        x: "f64"  # noqa: F821 - an AssemblyScript type name
        y: "f64"  # noqa: F821

        def __init__(self, x, y):
            self.x, self.y = x, y

    point_id = load_fixture(tier, "values")._codecs.layouts["Point"].type_id
    module = load_fixture(tier, "values", bindings=False, records={"Point": Point},
                          type_ids={"Point": point_id},
                          signatures={"midpoint": "(Point, Point) => Point"})
    middle = module.midpoint(Point(0, 0), Point(4, 8))
    assert type(middle) is Point and (middle.x, middle.y) == (2.0, 4.0)
