/* Sorting: recursive quicksort of a PRNG-filled i32 array in linear memory.
 * One unit = fill 256 values and sort them; the PRNG carries on across
 * units, so every unit sorts different data. */
#include "common.h"

#define LEN 256

static int32_t values[LEN];

static void quicksort(int32_t *v, int32_t lo, int32_t hi) {
    while (lo < hi) {
        int32_t pivot = v[lo + (hi - lo) / 2];
        int32_t i = lo, j = hi;
        while (i <= j) {
            while (v[i] < pivot) i++;
            while (v[j] > pivot) j--;
            if (i <= j) {
                int32_t t = v[i]; v[i] = v[j]; v[j] = t;
                i++; j--;
            }
        }
        /* Recurse into the smaller side, loop on the larger: bounded depth. */
        if (j - lo < hi - i) { quicksort(v, lo, j); lo = i; }
        else { quicksort(v, i, hi); hi = j; }
    }
}

EXPORT(sort) uint32_t sort_run(int32_t n) {
    uint32_t seed = 2463534242u, acc = 0;
    for (int32_t unit = 0; unit < n; unit++) {
        for (int k = 0; k < LEN; k++)
            values[k] = (int32_t)xorshift32(&seed);
        quicksort(values, 0, LEN - 1);
        for (int k = 0; k < LEN; k += 17)
            acc = mix32(acc, (uint32_t)values[k]);
    }
    return acc;
}
