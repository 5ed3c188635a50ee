"""The WAST script parser: a .wast file to the commands of ``syntax.script``.

Text modules are parsed here, so a broken one fails the whole script with
its line:column.  Binary and quoted modules are kept as data for the runner,
and so is every module of an ``assert_malformed`` (which is meant to fail).
"""

from __future__ import annotations

from ..syntax import script as s
from ..syntax.types import EXTERNREF, F32, F64, I32, I64, V128, ValueType
from .cursor import Cursor
from .immediates import SHAPES, v128_const
from .lexer import read
from .module_parser import parse_fields
from .numbers import parse_float
from .type_parser import heap_type
from .wat import guarded, source_text

_NAN_PATTERNS = {"nan:canonical": "canonical", "nan:arithmetic": "arithmetic"}
_MODULE_FIELDS = {"type", "import", "func", "table", "memory", "global", "export", "start", "elem",
                  "data"}
_ASSERT_MODULE = {"assert_malformed": "malformed", "assert_invalid": "invalid",
                  "assert_unlinkable": "unlinkable", "assert_uninstantiable": "uninstantiable"}


def parse_script(text: str | bytes, source: str | None = None) -> list[s.Command]:
    """All commands of a script; ``source`` names the file in error messages."""
    src = source_text(text, source)
    root = Cursor(read(src), src)
    return guarded(_commands, root)


def _commands(root: Cursor) -> list[s.Command]:
    if root.peek_head() in _MODULE_FIELDS:  # a bare module, as in inline-module.wast
        module = s.ScriptModule("text", None, module=parse_fields(root), line=1)
        return [s.ModuleCommand(module, 1)]
    commands = []
    while not root.at_end():
        line = root.source.line_col(root.offset())[0]
        head = root.peek_head()
        if head is None:
            raise root.unexpected()
        commands.append(_command(head, root, line))
    return commands


def _command(head: str, root: Cursor, line: int) -> s.Command:
    if head == "module":
        return s.ModuleCommand(_script_module(root, keep_text=False), line)
    if head in ("invoke", "get"):
        return s.ActionCommand(_action(root), line)
    c = root.sub(head)
    if head == "register":
        command = s.Register(c.name(), c.optional_id(), line)
    elif head == "assert_return":
        action = _action(c)
        expected = []
        while not c.at_end():
            expected.append(_value(c, patterns=True))
        command = s.AssertReturn(action, expected, line)
    elif head == "assert_trap":
        target = _script_module(c, False) if c.peek_head() == "module" else _action(c)
        command = s.AssertTrap(target, _message(c), line)
    elif head == "assert_exhaustion":
        command = s.AssertExhaustion(_action(c), _message(c), line)
    elif head in _ASSERT_MODULE:
        module = _script_module(c, keep_text=head == "assert_malformed")
        command = s.AssertModule(_ASSERT_MODULE[head], module, _message(c), line)
    else:
        c.i -= 1
        raise c.error(f"unknown command {head}")
    c.end()
    return command


def _message(c: Cursor) -> str:
    return c.string().decode("utf-8", "replace")


def _script_module(c: Cursor, keep_text: bool) -> s.ScriptModule:
    """A ``(module ...)``; text ones are parsed unless ``keep_text`` (then kept
    verbatim as a quote form, for assertions that expect them to fail)."""
    node_offset = c.offset()
    line = c.source.line_col(node_offset)[0]
    m = c.sub("module")
    name = m.optional_id()
    if m.take_keyword("binary"):
        data = m.strings()
        m.end()
        return s.ScriptModule("binary", name, data=data, line=line)
    if m.take_keyword("quote"):
        data = m.strings()
        m.end()
        return s.ScriptModule("quote", name, data=_text_or_bytes(data), line=line)
    if keep_text:
        text = c.source.text[node_offset:m.node.end + 1]
        return s.ScriptModule("quote", name, data=text, line=line)
    return s.ScriptModule("text", name, module=parse_fields(m, name), line=line)


def _text_or_bytes(data: bytes) -> str | bytes:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data  # malformed on purpose; the text parser will say so


def _action(c: Cursor) -> s.Action:
    line = c.source.line_col(c.offset())[0]
    head = c.peek_head()
    if head not in ("invoke", "get"):
        raise c.unexpected()
    a = c.sub(head)
    module = a.optional_id()
    field = a.name()
    if head == "get":
        a.end()
        return s.Get(module, field, line)
    args = []
    while not a.at_end():
        args.append(_value(a, patterns=False))
    return s.Invoke(module, field, args, line)


def _value(c: Cursor, patterns: bool):
    """A constant ``(t.const ...)``/``(ref...)``, or with ``patterns`` also NaN
    patterns and ``(ref.func)``."""
    v = c.sub()
    head = v.atom()
    if head in ("i32.const", "i64.const"):
        vt = I32 if head == "i32.const" else I64
        result = s.Const(vt, v.int(32 if vt is I32 else 64))
    elif head in ("f32.const", "f64.const"):
        vt = F32 if head == "f32.const" else F64
        pattern = _NAN_PATTERNS.get(v.peek()) if patterns else None
        if pattern is not None:
            v.i += 1
            result = s.NanPattern(vt, pattern)
        else:
            result = s.Const(vt, v.float(32 if vt is F32 else 64))
    elif head == "v128.const":
        result = _v128_value(v, patterns)
    elif head == "ref.null":
        result = s.Const(heap_type(v), None)
    elif head == "ref.extern":
        result = s.Const(EXTERNREF, v.nat())
    elif head == "ref.func" and patterns:
        result = s.RefFuncPattern()
    else:
        v.i -= 1
        raise v.unexpected()
    v.end()
    return result


def _v128_value(v: Cursor, patterns: bool):
    shape = v.peek_atom()
    if not patterns or shape not in ("f32x4", "f64x2") or \
            not any(item in _NAN_PATTERNS for item in v.node[v.i + 1:]):
        return s.Const(V128, v128_const(v))
    v.i += 1
    count, width, _ = SHAPES[shape]
    lane_type: ValueType = F32 if width == 32 else F64
    lanes: list = []
    for _ in range(count):
        pattern = _NAN_PATTERNS.get(v.peek())
        if pattern is not None:
            v.i += 1
            lanes.append(s.NanPattern(lane_type, pattern))
        else:
            lanes.append(v.literal(parse_float, width))
    return s.V128Pattern(shape, tuple(lanes))
