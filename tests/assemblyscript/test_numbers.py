"""Numbers, bool, optional parameters, globals and enums, on both tiers."""

import enum

import pytest

from wasmic import Trap


def test_bool_conversions(values):
    assert values.negate(True) is False
    assert values.negate(False) is True
    assert values.negate(0) is True


def test_unsigned_results_are_unsigned(values):
    assert values.maxU32() == 0xFFFFFFFF
    assert values.addU32(0xFFFFFFFF, 1) == 0
    assert values.addU32(0x80000000, 1) == 0x80000001
    assert values.maxU64() == 2**64 - 1


def test_signed_and_small_integers(values):
    assert values.identityI64(-(2**63)) == -(2**63)
    assert values.identityU8(255) == 255
    assert values.identityI8(-3) == -3


def test_optional_parameters_set_the_argument_count(values):
    assert values.withDefaults("ab") == "abab!"
    assert values.withDefaults("ab", 3) == "ababab!"
    assert values.withDefaults("ab", 1, "?") == "ab?"
    # numbers-only: the JS bindings do not even wrap it (and trap); we do
    assert values.addOptional(1) == 6
    assert values.addOptional(1, 2) == 3


def test_raw_call_without_the_argument_count_traps(values):
    """What the wrapper prevents: the optional-argument counter starts at 0."""
    func = values.exports["addOptional"]
    with pytest.raises(Trap):
        func(values.store, 1, 2)


def test_globals(values):
    assert values.ANSWER == 42
    assert values.BIG == 2**64 - 2
    assert values.counterGlobal.value == 7
    values.counterGlobal.value = -4
    assert values.counterGlobal.value == -4
    assert values.flagGlobal.value is True
    values.flagGlobal.value = False
    assert values.flagGlobal.value is False
    assert values.exports["flagGlobal"].value(values.store) == 0


def test_enums(values):
    assert issubclass(values.Color, enum.IntEnum)
    assert [(c.name, c.value) for c in values.Color] == [("Red", 0), ("Green", 5), ("Blue", 6)]
    assert values.colorName(values.Color.Blue) == "blue"


def test_wrong_argument_count_is_a_type_error(values):
    with pytest.raises(TypeError):
        values.negate()
    with pytest.raises(TypeError):
        values.greet("a", "b")


def test_mutable_string_global(values):
    assert values.label.value == "start"
    values.label.value = "a longer label"
    values.churn(3000)  # the stored string is reachable from the global
    assert values.label.value == "a longer label"
    assert values.labelLength() == 14
    with pytest.raises(TypeError, match="must not be None"):
        values.label.value = None
