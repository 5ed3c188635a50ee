#!/bin/sh
# Rebuild the WASI fixture programs (*.c -> *.wasm) that tests/wasi runs.
# Needs clang and wasm-ld with a wasm32-wasi sysroot; on Debian:
#   apt-get install -y clang lld wasi-libc libclang-rt-14-dev-wasm32
# The .wasm files are committed, so the tests themselves need none of this.
set -eu
cd "$(dirname "$0")"
SYSROOT=${WASI_SYSROOT:-}
for source in *.c; do
    clang --target=wasm32-wasi ${SYSROOT:+--sysroot="$SYSROOT"} -O2 -Wall -Werror \
        -Wl,--strip-all -o "${source%.c}.wasm" "$source"
    echo "built ${source%.c}.wasm"
done
