"""The import hook: ``import adler32`` loads adler32.wat (beside this
script) as a module; its exports are attributes, functions need no store.

    python examples/import_hook.py "some text"
"""

import sys
import zlib

import wasmic.loader  # noqa: F401  (installs the hook)

import adler32  # noqa: E402  (adler32.wat)

data = " ".join(sys.argv[1:]).encode() or b"Wikipedia"
adler32.memory.write(adler32.__wasm_store__, data, 0)
checksum = adler32.adler32(0, len(data)) & 0xFFFFFFFF
assert checksum == zlib.adler32(data)
print(f"adler32({data!r}) = {checksum:#010x}, as zlib computes")
