#!/bin/sh
# Rebuild the committed kernel .wasm files from their C sources.
#
# Needs clang and lld (Debian: apt-get install clang lld).  No libc: each
# kernel is freestanding C, linked with --no-entry, exporting only the
# functions marked EXPORT(...) plus its linear memory.  -mcpu=mvp keeps the
# output to WebAssembly 1.0 instructions so every peer runtime can load it.
set -eu
cd "$(dirname "$0")"
CLANG="${CLANG:-clang}"
for src in *.c; do
    name="${src%.c}"
    "$CLANG" --target=wasm32 -mcpu=mvp -O2 -nostdlib \
        -Wall -Wextra -Werror \
        -Wl,--no-entry -Wl,--strip-all \
        -o "$name.wasm" "$src"
    echo "built $name.wasm ($(wc -c < "$name.wasm") bytes)"
done
