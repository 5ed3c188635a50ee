/* Boundary costs: `add` measures one Python -> wasm call; `call_host`
 * calls the imported Python function env.host_inc `n` times in a row, so its
 * time per iteration is the cost of one wasm -> Python call. */
#include "common.h"

#ifdef __wasm__
__attribute__((import_module("env"), import_name("host_inc")))
#endif
extern int32_t host_inc(int32_t value);

EXPORT(add) int32_t add(int32_t a, int32_t b) {
    return (int32_t)((uint32_t)a + (uint32_t)b);
}

EXPORT(call_host) int32_t call_host(int32_t n) {
    int32_t acc = 0;
    for (int32_t i = 0; i < n; i++)
        acc = host_inc(acc);
    return acc;
}
