"""AssemblyScript modules through the import hook: Python values across the
boundary (typed by the compiler's bindings beside the file), the standard
library's imports by default, the module's own imports found as for any
module; on both tiers."""

from pathlib import Path

import pytest

import wasmic
import wasmic.loader
from wasmic.assemblyscript import AbortError, AsInstance

FIXTURES = Path(__file__).parents[1] / "assemblyscript" / "fixtures"


def copy_fixture(modules, fixture: str, name: str, bindings: bool = True) -> None:
    """The fixture's .wasm as ``name``.wasm, with its bindings unless not wanted."""
    modules.write(f"{name}.wasm", (FIXTURES / f"{fixture}.wasm").read_bytes())
    if bindings:
        for suffix in (".d.ts", ".js"):
            modules.write(f"{name}{suffix}", (FIXTURES / f"{fixture}{suffix}").read_text())


HOST = '''
def shout(text):
    return text.upper()

class host:
    total = staticmethod(sum)

def renamed(value):
    return value + 1
'''


def test_values_cross_as_python_values(modules):
    copy_fixture(modules, "values", "asvalues")
    import asvalues

    assert asvalues.greet("wörld") == "Hello, wörld!"
    assert asvalues.squareInt32([1, 2, 3]).tolist() == [1, 4, 9]
    assert asvalues.joinWords(["a", None, "b"]) == "a,<null>,b"
    assert asvalues.midpoint({"x": 0, "y": 0}, {"x": 2, "y": 4}) == {"x": 1.0, "y": 2.0}
    assert asvalues.Color.Green == 5 and asvalues.colorName(asvalues.Color.Green) == "green"
    assert isinstance(asvalues.__assemblyscript__, AsInstance)
    assert asvalues.__assemblyscript__.get_string(asvalues.__assemblyscript__.new_string("s")) \
        == "s"
    assert "greet" in asvalues.__all__ and "__new" not in asvalues.__all__
    assert isinstance(asvalues.memory, wasmic.Memory)


def test_without_bindings_functions_take_raw_numbers(modules):
    copy_fixture(modules, "values", "bare", bindings=False)
    import bare

    helpers = bare.__assemblyscript__
    assert bare.stringLength(helpers.new_string("four")) == 4
    assert helpers.get_string(bare.greet(helpers.new_string("x"))) == "Hello, x!"


def test_imports_come_from_python_modules_with_lifted_values(modules):
    copy_fixture(modules, "imports", "shouter")
    modules.write("imports.py", HOST)
    modules.write("custom.py", "def scale(value):\n    return value * 3\n")
    import shouter

    assert shouter.callShout("hey") == "HEY?"  # shout got a str, returned a str
    assert shouter.callTotal(4) == 10
    assert shouter.callScale(2.5) == 7.5
    with pytest.raises(AbortError, match="failed on purpose"):
        shouter.fail("failed on purpose")


def test_configured_imports_win_over_the_defaults(modules):
    copy_fixture(modules, "imports", "configured")
    modules.write("imports.py", HOST)
    modules.write("custom.py", "def scale(value):\n    return value * 3\n")
    aborts = []
    wasmic.loader.configure("configured", imports={
        "env": {"abort": lambda message, file, line, column: aborts.append(message)}})
    import configured

    with pytest.raises(wasmic.Trap, match="unreachable"):  # what follows abort in wasm
        configured.fail("noted")
    assert aborts == ["noted"]


def test_a_missing_import_names_the_module(modules):
    copy_fixture(modules, "imports", "orphan")
    with pytest.raises(wasmic.WasmError, match=r"orphan\.wasm.*imports::shout"):
        import orphan  # noqa: F401


def test_modules_without_the_runtime_are_plain_wasm(modules):
    modules.write("plain.wat", '(module (func (export "__new") (result i32) i32.const 7))')
    import plain

    assert plain.__new() == 7 and not hasattr(plain, "__assemblyscript__")


def test_an_assemblyscript_module_without_its_runtime_gets_a_hint(modules):
    modules.write("noruntime.wat", """
      (module (import "env" "abort" (func (param i32 i32 i32 i32)))
        (func (export "answer") (result i32) i32.const 42))""")
    with pytest.raises(wasmic.WasmError, match="an AssemblyScript module.*--exportRuntime"):
        import noruntime  # noqa: F401
    wasmic.loader.configure("noruntime", imports={"env": {"abort": print}})
    import noruntime

    assert noruntime.answer() == 42


def test_assemblyscript_options_are_configurable(modules):
    copy_fixture(modules, "values", "optioned")
    copy_fixture(modules, "values", "unbound", bindings=False)
    wasmic.loader.configure("optioned", assemblyscript={"records": "dataclass"})
    wasmic.loader.configure("unbound", assemblyscript={"signatures": {"greet": "(string) => string"}})
    import optioned
    import unbound

    point = optioned.midpoint({"x": 0, "y": 0}, {"x": 2, "y": 2})
    assert (type(point).__name__, point.x, point.y) == ("Point", 1.0, 1.0)
    assert unbound.greet("typed") == "Hello, typed!"
    with pytest.raises(TypeError, match="unknown option 'bindings'"):
        wasmic.loader.configure(assemblyscript={"bindings": False})
    with pytest.raises(TypeError, match="must be a mapping"):
        wasmic.loader.configure(assemblyscript="dataclass")
