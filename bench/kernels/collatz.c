/* Collatz trajectories on 64-bit integers: a tight integer loop with
 * branches, shifts and i64 arithmetic.  One unit = total stopping time of
 * 16 consecutive starting values, beginning at `start` + 16 * unit. */
#include "common.h"

static uint32_t collatz_steps(uint64_t x) {
    uint32_t steps = 0;
    while (x != 1) {
        x = (x & 1) ? 3 * x + 1 : x >> 1;
        steps++;
    }
    return steps;
}

EXPORT(collatz) uint64_t collatz_run(int32_t n, uint64_t start) {
    uint64_t acc = 0;
    for (int32_t i = 0; i < n; i++)
        for (uint64_t k = 0; k < 16; k++)
            acc = acc * 31 + collatz_steps(start + 16 * (uint64_t)i + k);
    return acc;
}
