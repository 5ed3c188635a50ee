"""How the function validator handles each instruction, precomputed from ``OPS``.

``OP_TABLE[op]`` is a 4-tuple ``(kind, a, b, r)``.  Instructions the hot loop
types inline get a small ``kind`` number and their operand types in ``a``,
``b`` and result in ``r``; everything rarer is ``SPECIAL`` with ``a`` its
handler from ``instrs`` and ``b`` its ``OpInfo``.  It is a plain dict (the
fastest lookup); an op that is not an instruction raises KeyError.
"""

from __future__ import annotations

from ..syntax.opcodes import OPS, Op
from . import instrs, stack

# Kinds of handling.  The hot loop tests them from the most to the least
# frequent in compiled code; local.get and i32.const it recognises by op.
(LOCAL_GET, CONST, BINARY, UNARY, LOCAL_SET, LOCAL_TEE, LOAD, STORE, END, BR_IF, BLOCK, CALL,
 GLOBAL_GET, GLOBAL_SET, BR, ELSE, RETURN, DROP, SELECT, UNREACHABLE, NOP, SPECIAL) = range(22)

# Instructions whose handling is decided by their op alone.
_BY_OP = {
    Op.LOCAL_GET: LOCAL_GET, Op.LOCAL_SET: LOCAL_SET, Op.LOCAL_TEE: LOCAL_TEE,
    Op.GLOBAL_GET: GLOBAL_GET, Op.GLOBAL_SET: GLOBAL_SET, Op.END: END, Op.ELSE: ELSE,
    Op.BR: BR, Op.BR_IF: BR_IF, Op.RETURN: RETURN, Op.CALL: CALL, Op.DROP: DROP,
    Op.SELECT: SELECT, Op.UNREACHABLE: UNREACHABLE, Op.NOP: NOP,
}
# Structured instructions: their ``r`` is the kind of control frame they open.
_FRAME_KIND = {Op.BLOCK: stack.BLOCK, Op.LOOP: stack.LOOP, Op.IF: stack.IF}


def _entry(info) -> tuple:
    kind = _BY_OP.get(info.code)
    if kind is not None:
        return (kind, None, None, None)
    if info.code in _FRAME_KIND:
        return (BLOCK, None, None, _FRAME_KIND[info.code])
    params, results = info.params, info.results
    if info.imm == "memarg":
        if results:
            return (LOAD, info.natural_align, None, results[0])
        return (STORE, info.natural_align, params[1], None)
    handler = instrs.HANDLERS_BY_OP.get(info.code) or instrs.HANDLERS.get(info.imm)
    if handler is None and len(results) == 1 and len(params) <= 2:
        if not params:
            return (CONST, None, None, results[0])
        if len(params) == 1:
            return (UNARY, params[0], None, results[0])
        return (BINARY, params[0], params[1], results[0])
    return (SPECIAL, handler or instrs.fixed, info, None)


OP_TABLE: dict[int, tuple] = dict((code, _entry(info)) for code, info in OPS.items())
"""Op id -> ``(kind, a, b, r)`` as described in the module docstring."""
