/* Recursive Fibonacci: call-heavy code (one wasm call per node of the tree).
 * One unit = fib(15) or fib(16), picked by the running checksum. */
#include "common.h"

static uint32_t fib(uint32_t k) {
    return k < 2 ? k : fib(k - 1) + fib(k - 2);
}

EXPORT(fib) uint32_t fib_run(int32_t n) {
    uint32_t acc = 1;
    for (int32_t i = 0; i < n; i++)
        acc = mix32(acc, fib(15 + (acc & 1)));
    return acc;
}
