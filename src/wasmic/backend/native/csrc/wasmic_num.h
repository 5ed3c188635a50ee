/* wasmic_num.h -- wasm numeric semantics as UB-free inline C.
 *
 * Integers are unsigned (wrapping); signed views are casts, used only where
 * no overflow can happen (comparisons, checked division, arithmetic shift).
 * Floats follow IEEE 754 with the compiler kept from folding NaNs away
 * (-fsignaling-nans, -frounding-math, never -ffast-math).  Everything that
 * must be bit-exact (abs, neg, copysign, reinterpret) works on bit patterns.
 * Operations that can trap are emitted inline by emit_numeric.py instead,
 * since they need the trap site.
 */
#ifndef WASMIC_NUM_H
#define WASMIC_NUM_H

/* ---- bit patterns ---------------------------------------------------------- */
WASMIC_INLINE uint32_t wasmic_f32_bits(float f) { uint32_t b; memcpy(&b, &f, 4); return b; }
WASMIC_INLINE uint64_t wasmic_f64_bits(double f) { uint64_t b; memcpy(&b, &f, 8); return b; }
WASMIC_INLINE float wasmic_f32_from(uint32_t b) { float f; memcpy(&f, &b, 4); return f; }
WASMIC_INLINE double wasmic_f64_from(uint64_t b) { double f; memcpy(&f, &b, 8); return f; }

/* ---- linear memory access (little-endian host, any alignment) ------------- */
WASMIC_INLINE uint32_t wasmic_ld32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
WASMIC_INLINE uint64_t wasmic_ld64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }
WASMIC_INLINE uint16_t wasmic_ld16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }
WASMIC_INLINE float wasmic_ldf32(const uint8_t *p) { float v; memcpy(&v, p, 4); return v; }
WASMIC_INLINE double wasmic_ldf64(const uint8_t *p) { double v; memcpy(&v, p, 8); return v; }
WASMIC_INLINE void wasmic_st32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
WASMIC_INLINE void wasmic_st64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }
WASMIC_INLINE void wasmic_st16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
WASMIC_INLINE void wasmic_stf32(uint8_t *p, float v) { memcpy(p, &v, 4); }
WASMIC_INLINE void wasmic_stf64(uint8_t *p, double v) { memcpy(p, &v, 8); }

/* ---- integer operations ------------------------------------------------------ */
WASMIC_INLINE uint32_t wasmic_clz32(uint32_t x) { return x ? (uint32_t)__builtin_clz(x) : 32; }
WASMIC_INLINE uint32_t wasmic_ctz32(uint32_t x) { return x ? (uint32_t)__builtin_ctz(x) : 32; }
WASMIC_INLINE uint64_t wasmic_clz64(uint64_t x) { return x ? (uint64_t)__builtin_clzll(x) : 64; }
WASMIC_INLINE uint64_t wasmic_ctz64(uint64_t x) { return x ? (uint64_t)__builtin_ctzll(x) : 64; }
WASMIC_INLINE uint32_t wasmic_rotl32(uint32_t x, uint32_t n) { n &= 31; return (x << n) | (x >> ((32 - n) & 31)); }
WASMIC_INLINE uint32_t wasmic_rotr32(uint32_t x, uint32_t n) { n &= 31; return (x >> n) | (x << ((32 - n) & 31)); }
WASMIC_INLINE uint64_t wasmic_rotl64(uint64_t x, uint64_t n) { n &= 63; return (x << n) | (x >> ((64 - n) & 63)); }
WASMIC_INLINE uint64_t wasmic_rotr64(uint64_t x, uint64_t n) { n &= 63; return (x >> n) | (x << ((64 - n) & 63)); }
/* Arithmetic shift right: >> on a negative signed value is
 * implementation-defined (arithmetic on every compiler we accept), not UB. */
WASMIC_INLINE uint32_t wasmic_shrs32(uint32_t x, uint32_t n) { return (uint32_t)((int32_t)x >> (n & 31)); }
WASMIC_INLINE uint64_t wasmic_shrs64(uint64_t x, uint64_t n) { return (uint64_t)((int64_t)x >> (n & 63)); }

/* ---- float operations: sign bit tricks ------------------------------------- */
WASMIC_INLINE float wasmic_absf(float x) { return wasmic_f32_from(wasmic_f32_bits(x) & 0x7fffffffu); }
WASMIC_INLINE double wasmic_abs(double x) { return wasmic_f64_from(wasmic_f64_bits(x) & 0x7fffffffffffffffull); }
WASMIC_INLINE float wasmic_negf(float x) { return wasmic_f32_from(wasmic_f32_bits(x) ^ 0x80000000u); }
WASMIC_INLINE double wasmic_neg(double x) { return wasmic_f64_from(wasmic_f64_bits(x) ^ 0x8000000000000000ull); }
WASMIC_INLINE float wasmic_copysignf(float x, float y) {
    return wasmic_f32_from((wasmic_f32_bits(x) & 0x7fffffffu) | (wasmic_f32_bits(y) & 0x80000000u));
}
WASMIC_INLINE double wasmic_copysign(double x, double y) {
    return wasmic_f64_from((wasmic_f64_bits(x) & 0x7fffffffffffffffull) | (wasmic_f64_bits(y) & 0x8000000000000000ull));
}

/* min/max: NaN if either is NaN (x + y propagates a quiet NaN), and -0 < +0. */
#define WASMIC_MINMAX(name, T, BITS, BITS_T, FROM)                                  \
    WASMIC_INLINE T wasmic_min##name(T x, T y) {                                      \
        if (x != x || y != y) return x + y;                                         \
        if (x == y) return FROM((BITS_T)(BITS(x) | BITS(y)));                       \
        return x < y ? x : y;                                                       \
    }                                                                               \
    WASMIC_INLINE T wasmic_max##name(T x, T y) {                                      \
        if (x != x || y != y) return x + y;                                         \
        if (x == y) return FROM((BITS_T)(BITS(x) & BITS(y)));                       \
        return x > y ? x : y;                                                       \
    }
WASMIC_MINMAX(f, float, wasmic_f32_bits, uint32_t, wasmic_f32_from)
WASMIC_MINMAX(, double, wasmic_f64_bits, uint64_t, wasmic_f64_from)

/* Rounding: a NaN input gives a quiet NaN (x + x), whatever libm does with
 * signalling ones; nearbyint rounds half to even in the default mode. */
#define WASMIC_ROUND(name, T, fn)                                                   \
    WASMIC_INLINE T wasmic_##name(T x) { return x != x ? x + x : fn(x); }
WASMIC_ROUND(ceilf, float, __builtin_ceilf)
WASMIC_ROUND(floorf, float, __builtin_floorf)
WASMIC_ROUND(truncf, float, __builtin_truncf)
WASMIC_ROUND(nearestf, float, __builtin_nearbyintf)
WASMIC_ROUND(ceil, double, __builtin_ceil)
WASMIC_ROUND(floor, double, __builtin_floor)
WASMIC_ROUND(trunc, double, __builtin_trunc)
WASMIC_ROUND(nearest, double, __builtin_nearbyint)
WASMIC_INLINE float wasmic_sqrtf(float x) { return __builtin_sqrtf(x); }
WASMIC_INLINE double wasmic_sqrt(double x) { return __builtin_sqrt(x); }

/* promote/demote: compilers fold demote(promote(x)) to x whatever the flags,
 * keeping a signalling NaN signalling; NaNs are converted by hand (quiet bit
 * set, payload kept, as the hardware does) so nothing can be folded away. */
WASMIC_INLINE double wasmic_promote(float x) {
    if (x != x) {
        uint32_t b = wasmic_f32_bits(x);
        return wasmic_f64_from(((uint64_t)(b >> 31) << 63) | 0x7ff8000000000000ull | ((uint64_t)(b & 0x7fffffu) << 29));
    }
    return (double)x;
}
WASMIC_INLINE float wasmic_demote(double x) {
    if (x != x) {
        uint64_t b = wasmic_f64_bits(x);
        return wasmic_f32_from(((uint32_t)(b >> 63) << 31) | 0x7fc00000u | (uint32_t)((b >> 29) & 0x7fffffu));
    }
    return (float)x;
}

/* ---- float -> int: the range test of the trapping conversions (emitted
 * inline by emit_numeric.py; NaN is tested apart, it traps differently) and
 * the saturating conversions (NaN -> 0, out of range -> the nearest bound) -- */
#define WASMIC_FLOAT_TO_INT(name, F, I, U, LO, HI, MIN, MAX)                        \
    WASMIC_INLINE int wasmic_fits_##name(F x) { return x > (LO) && x < (HI); }      \
    WASMIC_INLINE U wasmic_sat_##name(F x) {                                        \
        if (x != x) return 0;                                                       \
        if (!(x > (LO))) return (U)(MIN);                                           \
        if (!(x < (HI))) return (U)(MAX);                                           \
        return (U)(I)x;                                                             \
    }
/* The bounds are exclusive and exactly representable: a value strictly
 * inside converts without overflow (C truncates toward zero). */
WASMIC_FLOAT_TO_INT(i32_f32_s, float, int32_t, uint32_t, -2147483904.0f, 2147483648.0f, INT32_MIN, INT32_MAX)
WASMIC_FLOAT_TO_INT(i32_f32_u, float, uint32_t, uint32_t, -1.0f, 4294967296.0f, 0, UINT32_MAX)
WASMIC_FLOAT_TO_INT(i32_f64_s, double, int32_t, uint32_t, -2147483649.0, 2147483648.0, INT32_MIN, INT32_MAX)
WASMIC_FLOAT_TO_INT(i32_f64_u, double, uint32_t, uint32_t, -1.0, 4294967296.0, 0, UINT32_MAX)
WASMIC_FLOAT_TO_INT(i64_f32_s, float, int64_t, uint64_t, -9223373136366403584.0f, 9223372036854775808.0f, INT64_MIN, INT64_MAX)
WASMIC_FLOAT_TO_INT(i64_f32_u, float, uint64_t, uint64_t, -1.0f, 18446744073709551616.0f, 0, UINT64_MAX)
WASMIC_FLOAT_TO_INT(i64_f64_s, double, int64_t, uint64_t, -9223372036854777856.0, 9223372036854775808.0, INT64_MIN, INT64_MAX)
WASMIC_FLOAT_TO_INT(i64_f64_u, double, uint64_t, uint64_t, -1.0, 18446744073709551616.0, 0, UINT64_MAX)

#endif
