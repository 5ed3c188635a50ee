"""Load the word-count module with wasmic and show what it offers.

Run it from anywhere: ``python examples/wordcount.py``.  Loading decodes or
parses the module and validates it; a malformed or invalid module would raise
``wasmic.WasmError`` naming what is wrong and where.
"""

from pathlib import Path

import wasmic

source = Path(__file__).with_name("wordcount.wat").read_text()
module, info = wasmic.load(source)
binary = wasmic.wat2wasm(source)

print(f"wordcount.wat: valid, {len(binary)} bytes as a binary module")
for export in module.exports:
    if export.kind == export.kind.FUNC:
        print(f"  export {export.name}: func {module.func_type(export.index)}")
    else:
        print(f"  export {export.name}: {export.kind}")

try:
    wasmic.validate("(module (func (result i32)))")  # returns nothing: invalid
except wasmic.WasmError as error:
    print(f"a broken module is rejected: {error}")
