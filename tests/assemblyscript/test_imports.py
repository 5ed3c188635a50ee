"""Host imports: the standard library's defaults and user functions, with
lifted arguments and lowered results, on both tiers."""

import logging

import pytest

from as_fixtures import load_fixture
from wasmic import Func, FuncType, Trap, ValType, WasmError
from wasmic.assemblyscript import AbortError


def user_imports(**overrides):
    imports = {
        "imports": {"shout": lambda text: text.upper(),
                    "host": {"total": lambda values: sum(values)},
                    "renamed": lambda value: value + 1},
        "custom": {"scale": lambda value: value * 3},
    }
    for key, value in overrides.items():
        imports[key] = value
    return imports


@pytest.fixture
def imported(tier):
    return load_fixture(tier, "imports", imports=user_imports())


def test_user_imports_get_and_return_python_values(imported):
    assert imported.callShout("hey") == "HEY?"
    assert imported.callTotal(4) == 10
    assert imported.callScale(2.5) == 7.5
    assert imported.callOriginal(4) == 5


def test_dotted_import_names_as_flat_keys(tier):
    imports = user_imports()
    imports["imports"] = {"shout": str.lower, "host.total": len, "renamed": abs}
    module = load_fixture(tier, "imports", imports=imports)
    assert module.callShout("HEY") == "hey?"
    assert module.callTotal(6) == 6


def test_import_namespaces_may_be_objects(tier):
    class Custom:
        @staticmethod
        def scale(value):
            return -value

    module = load_fixture(tier, "imports", imports=user_imports(custom=Custom))
    assert module.callScale(2.0) == -2.0


def test_abort_raises_with_message_file_line_column(imported):
    with pytest.raises(AbortError, match="boom in imports.ts:32:3") as raised:
        imported.fail("boom")
    assert (raised.value.message, raised.value.file, raised.value.line,
            raised.value.column) == ("boom", "imports.ts", 32, 3)
    with pytest.raises(AbortError, match="value must be positive"):
        imported.check(-1)
    assert imported.check(3) == 3


def test_host_exceptions_reach_the_caller(tier):
    def shout(text):
        raise KeyError(text)

    module = load_fixture(tier, "imports", imports=user_imports(
        imports={"shout": shout, "host": {"total": sum}, "renamed": abs}))
    with pytest.raises(KeyError, match="lost"):
        module.callShout("lost")


def test_overriding_abort(tier):
    seen = []
    imports = user_imports(env={"abort": lambda *args: seen.append(args)})
    module = load_fixture(tier, "imports", imports=imports)
    with pytest.raises(Trap, match="unreachable"):  # abort returned: the module traps
        module.fail("soft")
    assert seen == [("soft", "imports.ts", 32, 3)]


def test_trace_logs(imported, caplog):
    with caplog.at_level(logging.INFO, logger="wasmic.assemblyscript"):
        imported.traceValues(1.5, -2.0)
    assert "trace: tracing 1.5, -2.0" in caplog.text


def test_seed_date_and_performance(imported):
    import time

    first, second = imported.random(), imported.random()
    assert 0.0 <= first < 1.0 and 0.0 <= second < 1.0 and first != second
    assert abs(imported.now() - time.time() * 1000) < 60_000
    assert imported.precise() > 0


def test_console_log_prints(imported, capsys):
    imported.log("hello\u00e9")
    assert capsys.readouterr().out == "hello\u00e9\n"


def test_host_call_from_the_start_function(tier, capsys):
    """Top-level code runs before the instance exists: the host function
    reaches the memory through its Caller."""
    module = load_fixture(tier, "startup")
    assert capsys.readouterr().out == "startup.ts started\n"
    assert module.ready() is True


def test_console_log_can_be_replaced(tier):
    lines = []
    load_fixture(tier, "startup", imports={"env": {"console.log": lines.append}})
    assert lines == ["startup.ts started"]


def test_missing_import_is_named(tier):
    imports = user_imports()
    del imports["custom"]
    with pytest.raises(WasmError, match="unresolved import custom::scale"):
        load_fixture(tier, "imports", imports=imports)


def test_bad_import_values(tier):
    with pytest.raises(TypeError, match="custom::scale must be callable"):
        load_fixture(tier, "imports", imports=user_imports(custom={"scale": 3}))
    with pytest.raises(TypeError, match="mapping"):
        load_fixture(tier, "imports", imports=[1])


def test_raw_host_function_without_signature(tier):
    """Without bindings an import gets the raw numbers (unless typed)."""
    pointers = []

    def shout(ptr):
        pointers.append(ptr)
        return ptr  # returns the same string object

    imports = user_imports()
    imports["imports"] = {"shout": shout, "host.total": lambda ptr: 0, "renamed": abs}
    module = load_fixture(tier, "imports", imports=imports, bindings=False,
                          signatures={"callShout": "(string) => string"})
    assert module.callShout("raw") == "raw?"
    assert isinstance(pointers[0], int) and pointers[0] > 0


def test_typed_host_function_without_bindings(tier):
    def shout(text: str) -> str:
        return text * 2

    imports = user_imports()
    imports["imports"] = {"shout": shout, "host.total": (lambda v: max(v), "(Array<i32>) => i32"),
                          "renamed": abs}
    module = load_fixture(tier, "imports", imports=imports, bindings=False,
                          signatures={"callShout": "(string) => string"})
    assert module.callShout("ab") == "abab?"
    assert module.callTotal(5) == 5


def test_wasmic_externs_are_accepted(imported, tier):
    store = imported.store
    double = Func(store, FuncType([ValType.i32()], [ValType.i32()]), lambda v: v * 2)
    imports = user_imports()
    imports["imports"]["renamed"] = double
    module = load_fixture(tier, "imports", imports=imports, store=store)
    assert module.callOriginal(21) == 42
