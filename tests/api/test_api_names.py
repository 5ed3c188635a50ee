"""Every public name of the wasmtime-py reference exists in wasmic with a
compatible signature, and tests/api has a positive and a negative test
for each.

"Compatible" means any call written for the reference works unchanged: the
reference's parameters come first, with the same names, in the same
order, with the same defaults; wasmic may add trailing parameters that
have defaults, and may give a default to a parameter the reference
requires (listed in ``RELAXED`` with the reason).
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

import wasmic
from reference_api import REFERENCE_STUBS

HERE = Path(__file__).parent

RELAXED = {
    "Limits.__init__": "max defaults to None (no maximum), the common case",
    "Func.__init__": "Func(store, pyfunc) takes the type from pyfunc's annotations",
}


def _reference() -> dict[str, ast.AST]:
    """Qualified name ("Class.member" or "function") -> its stub node."""
    names: dict[str, ast.AST] = {}
    for node in ast.parse(REFERENCE_STUBS).body:
        if isinstance(node, ast.FunctionDef):
            names[node.name] = node
        elif isinstance(node, ast.ClassDef):
            names[node.name] = node
            for member in node.body:
                if isinstance(member, ast.FunctionDef):
                    names[f"{node.name}.{member.name}"] = member
                elif isinstance(member, ast.AnnAssign):
                    names[f"{node.name}.{member.target.id}"] = member
    return names


REFERENCE = _reference()


STUB_NAMESPACE = {"DirPerms": wasmic.DirPerms, "FilePerms": wasmic.FilePerms}
"""What the stubs' default values refer to."""


def _resolve(qualified: str):
    obj = wasmic
    for part in qualified.split("."):
        obj = getattr(obj, part)
    return obj


def _stub_parameters(node: ast.FunctionDef) -> list[tuple[str, object, str]]:
    """(name, default or inspect.Parameter.empty, kind) of a stub, without self."""
    args = node.args
    positional = args.args
    defaults = [inspect.Parameter.empty] * (len(positional) - len(args.defaults)) + [
        eval(compile(ast.Expression(d), "<stub>", "eval"), STUB_NAMESPACE) for d in args.defaults]
    params = [(a.arg, d, "positional") for a, d in zip(positional, defaults) if a.arg != "self"]
    if args.vararg is not None:
        params.append((args.vararg.arg, inspect.Parameter.empty, "var"))
    return params


def _our_parameters(qualified: str) -> list[inspect.Parameter]:
    owner, _, member = qualified.rpartition(".")
    target = _resolve(qualified)
    signature = inspect.signature(target)
    params = list(signature.parameters.values())
    static = owner and isinstance(inspect.getattr_static(_resolve(owner), member), staticmethod)
    if owner and member == "__init__" or not static and owner and params and params[0].name == "self":
        params = [p for p in params if p.name != "self"]
    return params


FUNCTIONS = sorted(q for q, n in REFERENCE.items() if isinstance(n, ast.FunctionDef))
NAMES = sorted(REFERENCE)


@pytest.mark.parametrize("qualified", NAMES)
def test_reference_name_exists(qualified):
    _resolve(qualified)


@pytest.mark.parametrize("qualified", FUNCTIONS)
def test_signature_is_compatible(qualified):
    reference = _stub_parameters(REFERENCE[qualified])
    ours = _our_parameters(qualified)
    assert len(ours) >= len(reference), f"{qualified}: {ours} lacks parameters of {reference}"
    for (name, default, kind), param in zip(reference, ours):
        assert param.name == name, f"{qualified}: parameter {param.name!r}, reference {name!r}"
        if kind == "var":
            assert param.kind is inspect.Parameter.VAR_POSITIONAL, qualified
        elif default is not inspect.Parameter.empty:
            assert param.default == default, f"{qualified}: {name}={param.default!r}, reference {default!r}"
        elif param.default is not inspect.Parameter.empty:
            assert qualified in RELAXED, f"{qualified}: {name} has a default the reference lacks"
    for extra in ours[len(reference):]:
        assert (extra.default is not inspect.Parameter.empty
                or extra.kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)), (
            f"{qualified}: extra parameter {extra.name!r} must be optional")


def test_properties_are_readable_attributes():
    for qualified, node in REFERENCE.items():
        if isinstance(node, ast.AnnAssign):
            owner, _, member = qualified.rpartition(".")
            assert member in dir(_resolve(owner)), qualified


def _marked() -> dict[str, set[str]]:
    """"positive"/"negative" -> the reference names the tests of tests/api mark."""
    found: dict[str, set[str]] = {"positive": set(), "negative": set()}
    for path in sorted(HERE.glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.FunctionDef):
                continue
            for decorator in node.decorator_list:
                if (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Name)
                        and decorator.func.id in found):
                    found[decorator.func.id].update(a.value for a in decorator.args)
    return found


MARKED = _marked()


@pytest.mark.parametrize("kind", ["positive", "negative"])
def test_every_reference_name_has_a_test(kind):
    marked = MARKED[kind]
    missing = []
    for qualified in NAMES:
        owner = qualified.split(".")[0]
        if "." not in qualified and isinstance(REFERENCE[qualified], ast.ClassDef):
            covered = qualified in marked or any(name.startswith(f"{owner}.") for name in marked)
        else:
            covered = qualified in marked or f"{owner}.*" in marked
        if not covered:
            missing.append(qualified)
    assert not missing, f"no {kind} test for: {', '.join(missing)}"


def test_marks_name_only_reference_names():
    unknown = {name for names in MARKED.values() for name in names
               if name not in REFERENCE and not (name.endswith(".*") and name[:-2] in REFERENCE)}
    assert not unknown, f"marks naming no reference name: {sorted(unknown)}"
