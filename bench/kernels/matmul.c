/* Integer matrix multiply in linear memory: loads and stores dominate.
 * One unit = C = A x B on 16x16 i32 matrices, then A is perturbed by C so
 * the next unit computes something new. */
#include "common.h"

#define DIM 16

static uint32_t a[DIM][DIM], b[DIM][DIM], c[DIM][DIM];

EXPORT(matmul) uint32_t matmul_run(int32_t n) {
    uint32_t seed = 12345;
    for (int i = 0; i < DIM; i++)
        for (int j = 0; j < DIM; j++) {
            a[i][j] = xorshift32(&seed) & 0xFFFF;
            b[i][j] = xorshift32(&seed) & 0xFFFF;
        }
    uint32_t acc = 0;
    for (int32_t unit = 0; unit < n; unit++) {
        for (int i = 0; i < DIM; i++)
            for (int j = 0; j < DIM; j++) {
                uint32_t sum = 0;
                for (int k = 0; k < DIM; k++)
                    sum += a[i][k] * b[k][j];
                c[i][j] = sum;
            }
        for (int i = 0; i < DIM; i++)
            for (int j = 0; j < DIM; j++) {
                a[i][j] = (a[i][j] ^ (c[i][j] >> 7)) & 0xFFFF;
                acc = mix32(acc, c[i][j]);
            }
    }
    return acc;
}
