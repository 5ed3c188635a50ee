"""An AssemblyScript library used with Python values.

``textstats.wasm`` was compiled from ``textstats.ts`` by the AssemblyScript
compiler (``asc --exportRuntime --bindings esm``).  The .wasm itself knows
only numbers; the bindings the compiler wrote beside it (``textstats.d.ts``,
``textstats.js``) give each export's types, so strings, typed arrays and
arrays of plain objects cross as ``str``, ``array.array`` and lists of dicts.
"""

from pathlib import Path

from wasmic.assemblyscript import load

HERE = Path(__file__).parent
text = """It was the best of times, it was the worst of times, it was the age of
wisdom, it was the age of foolishness, it was the epoch of belief."""

stats = load(HERE / "textstats.wasm")
for entry in stats.topWords(text, 4):
    print(f"{entry['word']:>6}: {entry['count']}")
print("slug:", stats.slugify("Hello, WebAssembly from Python!"))
print("histogram:", stats.histogram([0.1, 0.15, 0.5, 0.52, 0.55, 0.9], 0.0, 1.0, 4).tolist())
