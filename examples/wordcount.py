"""Run the word-count module with wasmic: text in linear memory, exports called from Python.

Usage: ``python examples/wordcount.py [TEXT...]``.  The module is WAT text;
wasmic parses, validates and compiles it, then the host writes the text into
the module's memory and calls its exports, exactly as with wasmtime-py.
"""

import sys
from pathlib import Path

from wasmic import Engine, Instance, Module, Store

text = " ".join(sys.argv[1:]) or "WebAssembly runs here, in plain Python."
data = text.encode("utf-8")

engine = Engine()
store = Store(engine)
module = Module.from_file(engine, Path(__file__).with_name("wordcount.wat"))
exports = Instance(store, module, []).exports(store)

memory = exports["memory"]
start = exports["input"].value(store)  # where the module lets the host write
memory.write(store, data, start)

words = exports["count_words"](store, start, len(data))
exports["to_upper"](store, start, len(data))
shouted = memory.read(store, start, start + len(data)).decode("utf-8")

print(f"{words} words: {shouted}")
