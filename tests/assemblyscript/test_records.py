"""Plain classes (records) as dicts or dataclasses, on both tiers."""

import dataclasses

import pytest

from as_fixtures import load_fixture


def test_records_as_dicts(values):
    assert values.midpoint({"x": 0, "y": 0}, {"x": 2.0, "y": 4.0}) == {"x": 1.0, "y": 2.0}


def test_record_with_every_field_kind(values):
    mixed = values.makeMixed("text")
    assert mixed == {"a": 255, "b": 1.5, "c": -2, "s": "text", "d": -7, "e": True, "n": None,
                     "big": 2**64 - 1, "list": [1, 2, 3]}
    mixed.update(s="other", n="set", list=[4, 5], e=False)
    assert values.describeMixed(mixed) == f"255|1.5|-2|other|-7|false|set|{2**64 - 1}|2"


def test_records_with_references_lowered_after_the_memory_grew(values):
    """The record lands past any memory view taken before the growth."""
    before = values.memory.data_len(values.store)
    texts = [values.pin(values.new_string("x" * 50_000)) for _ in range(12)]
    assert values.memory.data_len(values.store) > before
    mixed = {"a": 1, "b": 2.0, "c": 3, "s": "grown", "d": 4, "e": True, "n": None, "big": 5,
             "list": [6]}
    assert values.describeMixed(mixed) == "1|2.0|3|grown|4|true|null|5|1"
    for ptr in texts:
        values.unpin(ptr)


def test_array_of_records_and_nullable_record_result(values):
    points = [{"x": 1, "y": 1}, {"x": 3, "y": 0}, {"x": 0, "y": -2}]
    assert values.farthest(points) == {"x": 3.0, "y": 0.0}
    assert values.farthest([]) is None


def test_records_as_generated_dataclasses(tier):
    module = load_fixture(tier, "values", records="dataclass")
    point = module.midpoint({"x": 1, "y": 1}, {"x": 3, "y": 3})
    assert dataclasses.is_dataclass(point) and type(point).__name__ == "Point"
    assert (point.x, point.y) == (2.0, 2.0)
    assert module.midpoint(point, point) == point


def test_records_as_user_classes(tier):
    @dataclasses.dataclass
    class Point:
        x: float
        y: float

    module = load_fixture(tier, "values", records={"Point": Point})
    assert module.midpoint(Point(0, 0), Point(4, 2)) == Point(2.0, 1.0)


def test_record_errors(values):
    with pytest.raises(TypeError, match="midpoint.*'a'.*needs a value for field 'y'"):
        values.midpoint({"x": 1}, {"x": 1, "y": 1})
    with pytest.raises(TypeError, match="has no field 'z'"):
        values.midpoint({"x": 1, "y": 2, "z": 3}, {"x": 1, "y": 1})
    with pytest.raises(TypeError, match="Point"):
        values.midpoint(5, {"x": 1, "y": 1})
    with pytest.raises(TypeError, match="wrong type"):
        values.midpoint({"x": "one", "y": 2}, {"x": 1, "y": 1})
    with pytest.raises(TypeError, match="must not be None"):
        values.midpoint(None, {"x": 1, "y": 1})
