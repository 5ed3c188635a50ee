/* Hashing a buffer in linear memory: table-driven CRC-32 (byte loads,
 * table lookups) and 64-bit FNV-1a (i64 multiply).  One unit = both hashes
 * over a 1 KiB buffer; each unit flips one byte so the data keeps changing. */
#include "common.h"

#define BUF_LEN 1024

static uint8_t buffer[BUF_LEN];
static uint32_t crc_table[256];

static void make_crc_table(void) {
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
}

static uint32_t crc32(const uint8_t *p, uint32_t len, uint32_t crc) {
    crc = ~crc;
    for (uint32_t i = 0; i < len; i++)
        crc = crc_table[(crc ^ p[i]) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

static uint64_t fnv1a64(const uint8_t *p, uint32_t len, uint64_t h) {
    for (uint32_t i = 0; i < len; i++)
        h = (h ^ p[i]) * 0x100000001B3ull;
    return h;
}

EXPORT(hash) uint64_t hash_run(int32_t n) {
    uint32_t seed = 88172645u;
    make_crc_table();
    for (int k = 0; k < BUF_LEN; k++)
        buffer[k] = (uint8_t)xorshift32(&seed);
    uint32_t crc = 0;
    uint64_t fnv = 0xCBF29CE484222325ull;
    for (int32_t unit = 0; unit < n; unit++) {
        crc = crc32(buffer, BUF_LEN, crc);
        fnv = fnv1a64(buffer, BUF_LEN, fnv);
        buffer[crc % BUF_LEN] ^= (uint8_t)fnv;
    }
    return ((uint64_t)crc << 32) ^ fnv;
}
