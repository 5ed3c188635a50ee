/* Shared helpers for the benchmark kernels.
 *
 * Every kernel is built twice from the same source: to wasm32 with clang
 * (no libc, so nothing here may call the C library) and natively as a shared
 * library.  EXPORT names a function in the wasm export section; natively the
 * symbol is simply visible.  Each kernel takes a work count `n` and does n
 * equal units of work, each depending on the previous one through a running
 * checksum, so no compiler can hoist or fold the work out of the loop.
 */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

#include <stdint.h>

#ifdef __wasm__
#define EXPORT(name) __attribute__((export_name(#name)))
#else
#define EXPORT(name) __attribute__((visibility("default")))
#endif

/* xorshift32: a tiny deterministic PRNG; the state must never be zero. */
static inline uint32_t xorshift32(uint32_t *state) {
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}

/* Mix a value into a running 32-bit checksum (order-sensitive). */
static inline uint32_t mix32(uint32_t acc, uint32_t value) {
    return (acc ^ value) * 0x9E3779B1u + 0x7F4A7C15u;
}

#endif
