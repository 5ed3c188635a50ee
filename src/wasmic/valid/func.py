"""Validation of one function body: the spec's operand/control stack algorithm.

One loop over the flat instruction list.  The common instructions are typed
inline with a fast path that compares the top of the operand stack by
identity; anything unusual (too few operands, unknown operands in unreachable
code, a mismatch) drops to the exact algorithm in ``stack``, which also
produces the error.  Rarer instructions go to their handler in ``instrs``.
"""

from __future__ import annotations

from ..errors import ValidationError
from ..syntax.module import Func
from ..syntax.opcodes import Op
from ..syntax.types import I32, FuncType
from .context import Context
from .info import FuncInfo
from .instrs import SELECTABLE, check_memarg, select
from .optable import (BINARY, BLOCK, BR, BR_IF, CALL, CONST, DROP, ELSE, END, GLOBAL_GET,
                      GLOBAL_SET, LOAD, LOCAL_SET, LOCAL_TEE, OP_TABLE, RETURN,
                      SELECT, SPECIAL, STORE, UNARY, UNREACHABLE)
from .stack import (END as FRAME_END, FUNC, HEIGHT, IF, KIND, LABEL, START, UNREACH, Reject, apply,
                    close_frame, new_frame, pop_any, pop_types)

_I32 = (I32,)
_LOCAL_OPS = frozenset({int(Op.LOCAL_GET), int(Op.LOCAL_SET), int(Op.LOCAL_TEE)})
_EMPTY = FuncType()


def _block_type(ctx: Context, bt) -> tuple[FuncType, list, list]:
    """A block type (None, a value type, or a type index) as (type, params, results)."""
    if bt is None:
        return _EMPTY, [], []
    if isinstance(bt, int):
        if not 0 <= bt < len(ctx.types):
            raise Reject(f"unknown type {bt}")
        return (ctx.types[bt], *ctx.type_sigs[bt])
    return FuncType((), (bt,)), [], [bt]


def validate_func(ctx: Context, func: Func, index: int) -> FuncInfo:
    """Validate the body of ``func``, number ``index`` in the function index space."""
    ftype = ctx.funcs[index]
    results = ctx.func_sigs[index][1]
    locs = ftype.params + tuple(func.locals)
    body = func.body
    nlocals = len(locs)
    gtypes, gmutable = ctx.global_types, ctx.global_mutable
    nglobals = len(gtypes)
    func_sigs = ctx.func_sigs
    nfuncs = len(func_sigs)
    nmems = len(ctx.mems)
    table = OP_TABLE
    block_cache: dict = {}
    heights: list[int] = []
    operand_types: dict = {}
    block_types: dict = {}
    vals: list = []
    frame = new_frame(FUNC, [], results, 0)
    ctrls = [frame]
    base = 0
    try:
        for ins in body:
            n = len(vals)
            heights.append(n)
            op = ins[0]
            # The two most frequent instructions, before the table lookup.
            if op == 0x20:  # local.get; an unknown local is an IndexError, see below
                vals.append(locs[ins[1]])
                continue
            if op == 0x41:  # i32.const
                vals.append(I32)
                continue
            kind, a, b, r = table[op]
            if kind == BINARY:
                if n - 2 >= base and vals[n - 1] is b and vals[n - 2] is a:
                    vals.pop()
                    vals[n - 2] = r
                else:
                    apply(vals, frame, (a, b), (r,))
            elif kind == LOAD:
                if ins[3] >= nmems or ins[1] > a:
                    check_memarg(ctx, ins, a)
                if n > base and vals[n - 1] is I32:
                    vals[n - 1] = r
                else:
                    apply(vals, frame, _I32, (r,))
            elif kind == LOCAL_SET:
                t = locs[ins[1]]
                if n > base and vals[n - 1] is t:
                    vals.pop()
                else:
                    pop_types(vals, frame, (t,))
            elif kind == LOCAL_TEE:
                t = locs[ins[1]]
                if not (n > base and vals[n - 1] is t):
                    apply(vals, frame, (t,), (t,))
            elif kind == END:
                end = frame[FRAME_END]
                if (n != base or end) and vals[base:] != end:
                    close_frame(vals, frame)
                if frame[KIND] == IF and frame[START] != end:
                    raise Reject("type mismatch: if without else must leave its params as results")
                ctrls.pop()
                if ctrls:
                    frame = ctrls[-1]
                    base = frame[HEIGHT]
                elif len(heights) != len(body):
                    raise Reject("instructions after the final end of the function")
            elif kind == BR_IF:
                if n > base and vals[n - 1] is I32:
                    vals.pop()
                    n -= 1
                else:
                    pop_types(vals, frame, _I32)
                    n = len(vals)
                x = ins[1]
                if x >= len(ctrls):
                    raise Reject(f"unknown label {x}")
                label = ctrls[-1 - x][LABEL]
                if label and not (n - len(label) >= base and vals[-len(label):] == label):
                    apply(vals, frame, label, label)
            elif kind == CALL:
                x = ins[1]
                if x >= nfuncs:
                    raise Reject(f"unknown function {x}")
                params, rs = func_sigs[x]
                if params:
                    k = n - len(params)
                    if k >= base and vals[k:] == params:
                        del vals[k:]
                    else:
                        pop_types(vals, frame, params)
                if rs:
                    vals += rs
            elif kind == STORE:
                if ins[3] >= nmems or ins[1] > a:
                    check_memarg(ctx, ins, a)
                if n - 2 >= base and vals[n - 1] is b and vals[n - 2] is I32:
                    del vals[-2:]
                else:
                    pop_types(vals, frame, (I32, b))
            elif kind == BLOCK:
                bt = ins[1]
                entry = block_cache.get(bt)
                if entry is None:
                    entry = block_cache[bt] = _block_type(ctx, bt)
                block_types[len(heights) - 1] = entry[0]
                if r == IF:
                    if n > base and vals[n - 1] is I32:
                        vals.pop()
                        n -= 1
                    else:
                        pop_types(vals, frame, _I32)
                        n = len(vals)
                params = entry[1]
                if params:
                    if not (n - len(params) >= base and vals[-len(params):] == params):
                        apply(vals, frame, params, params)
                        n = len(vals)
                    n -= len(params)
                frame = new_frame(r, params, entry[2], n)
                ctrls.append(frame)
                base = n
            elif kind == UNARY:
                if n > base and vals[n - 1] is a:
                    vals[n - 1] = r
                else:
                    apply(vals, frame, (a,), (r,))
            elif kind == CONST:
                vals.append(r)
            elif kind == BR or kind == RETURN:
                if kind == RETURN:
                    label = results
                else:
                    x = ins[1]
                    if x >= len(ctrls):
                        raise Reject(f"unknown label {x}")
                    label = ctrls[-1 - x][LABEL]
                if label and not (n - len(label) >= base and vals[-len(label):] == label):
                    pop_types(vals, frame, label)
                del vals[base:]
                frame[UNREACH] = True
            elif kind == UNREACHABLE:
                del vals[base:]
                frame[UNREACH] = True
            elif kind == DROP:
                if n > base:
                    t = vals.pop()
                    if t is not None:
                        operand_types[len(heights) - 1] = t
                else:
                    pop_any(vals, frame)
            elif kind == SELECT:
                if (n - 3 >= base and vals[n - 1] is I32 and vals[n - 2] is vals[n - 3]
                        and vals[n - 2] in SELECTABLE):
                    del vals[-2:]
                    operand_types[len(heights) - 1] = vals[n - 3]
                else:
                    t = select(vals, frame)
                    if t is not None:
                        operand_types[len(heights) - 1] = t
            elif kind == GLOBAL_GET:
                x = ins[1]
                if x >= nglobals:
                    raise Reject(f"unknown global {x}")
                vals.append(gtypes[x])
            elif kind == GLOBAL_SET:
                x = ins[1]
                if x >= nglobals:
                    raise Reject(f"unknown global {x}")
                if not gmutable[x]:
                    raise Reject(f"global is immutable: global {x}")
                t = gtypes[x]
                if n > base and vals[n - 1] is t:
                    vals.pop()
                else:
                    pop_types(vals, frame, (t,))
            elif kind == ELSE:
                if frame[KIND] != IF:
                    raise Reject("else without a matching if")
                if vals[base:] != frame[FRAME_END]:
                    close_frame(vals, frame)
                del vals[base:]
                vals += frame[START]
                frame[KIND] = ELSE
                frame[UNREACH] = False
            elif kind == SPECIAL:
                a(ctx, vals, ctrls, ins, b)
            # else: nop, which does nothing.
        if ctrls:
            heights.append(len(vals))  # the error is at the position after the body
            raise Reject("function body must end with end")
    except Reject as err:
        pos = len(heights) - 1
        raise _located(err.args[0], ctx, func, index, pos) from None
    except IndexError:  # only ``locs[...]`` is indexed without a check first
        pos = len(heights) - 1
        x = body[pos][1]
        if body[pos][0] in _LOCAL_OPS and x >= nlocals:
            raise _located(f"unknown local {x}", ctx, func, index, pos) from None
        raise
    except KeyError:
        pos = len(heights) - 1
        if pos < len(body) and body[pos][0] not in table:
            raise _located(f"unknown instruction {body[pos][0]!r}", ctx, func, index,
                           pos) from None
        raise
    return FuncInfo(ftype, locs, heights, max(max(heights, default=0), len(vals)),
                    operand_types, block_types)


def _located(message: str, ctx: Context, func: Func, index: int, pos: int) -> ValidationError:
    """The error for body position ``pos``: at its byte offset when known, else at ``pos``."""
    offsets = func.offsets
    if offsets is None:
        offset = pos
    else:
        offset = offsets[pos] if pos < len(offsets) else None
    return ValidationError(message, func=index, offset=offset, func_name=ctx.names.get(index))
