// A small text-statistics library in AssemblyScript, used from Python by
// examples/assemblyscript.py.  Rebuilt (with the .wasm and its bindings) by
// tests/assemblyscript/fixtures/build.sh.

// A plain class: it crosses the boundary as a dict of its fields.
class WordCount {
  word: string = "";
  count: i32 = 0;
}

function isLetter(c: i32): bool {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 0xC0;
}

// The words of `text`, lower-cased.
function words(text: string): Array<string> {
  const out = new Array<string>();
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const letter = i < text.length && isLetter(text.charCodeAt(i));
    if (letter && start < 0) start = i;
    if (!letter && start >= 0) {
      out.push(text.substring(start, i).toLowerCase());
      start = -1;
    }
  }
  return out;
}

// The `limit` most frequent words, most frequent first (ties alphabetical).
export function topWords(text: string, limit: i32): Array<WordCount> {
  const counts = new Map<string, i32>();
  const all = words(text);
  for (let i = 0; i < all.length; i++) {
    const word = all[i];
    counts.set(word, counts.has(word) ? counts.get(word) + 1 : 1);
  }
  const keys = counts.keys();
  const ranked = new Array<WordCount>();
  for (let i = 0; i < keys.length; i++) {
    const entry = new WordCount();
    entry.word = keys[i];
    entry.count = counts.get(keys[i]);
    ranked.push(entry);
  }
  ranked.sort((a: WordCount, b: WordCount): i32 => {
    if (a.count != b.count) return b.count - a.count;
    return a.word < b.word ? -1 : a.word > b.word ? 1 : 0;
  });
  return ranked.slice(0, limit);
}

// A URL slug: lower-case words joined by dashes.
export function slugify(title: string): string {
  return words(title).join("-");
}

// How many of `values` fall in each of `buckets` equal ranges over [low, high).
export function histogram(values: Float64Array, low: f64, high: f64, buckets: i32): Int32Array {
  const out = new Int32Array(buckets);
  const width = (high - low) / buckets;
  for (let i = 0; i < values.length; i++) {
    const bucket = <i32>Math.floor((values[i] - low) / width);
    if (bucket >= 0 && bucket < buckets) out[bucket]++;
  }
  return out;
}
