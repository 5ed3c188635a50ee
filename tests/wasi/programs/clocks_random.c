/* Checks the clocks, sleeping (poll_oneoff) and random bytes, printing one
   verdict per check so the output is the same on every run. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/random.h>
#include <wasi/api.h>

static int64_t ns(clockid_t clock) {
    struct timespec t;
    if (clock_gettime(clock, &t) != 0)
        return -1;
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static void check(const char *what, int ok) { printf("%s: %s\n", what, ok ? "ok" : "FAILED"); }

int main(void) {
    struct timespec res;
    check("realtime after 2020", ns(CLOCK_REALTIME) > INT64_C(1577836800) * 1000000000);
    check("realtime resolution", clock_getres(CLOCK_REALTIME, &res) == 0 &&
          res.tv_sec == 0 && res.tv_nsec > 0);
    check("monotonic resolution", clock_getres(CLOCK_MONOTONIC, &res) == 0 && res.tv_nsec > 0);
    int64_t start = ns(CLOCK_MONOTONIC);
    struct timespec nap = {0, 20 * 1000000};
    check("nanosleep", nanosleep(&nap, NULL) == 0);
    int64_t slept = ns(CLOCK_MONOTONIC) - start;
    check("slept at least 20ms", slept >= 20 * 1000000);
    check("slept under 5s", slept < INT64_C(5000000000));
    volatile uint64_t spin = 0;
    int64_t cpu = ns(CLOCK_PROCESS_CPUTIME_ID);
    for (int i = 0; i < 200000; i++)
        spin += i;
    check("process cputime advances", spin > 0 && cpu >= 0 && ns(CLOCK_PROCESS_CPUTIME_ID) >= cpu);
    check("thread cputime", ns(CLOCK_THREAD_CPUTIME_ID) >= 0);
    unsigned char a[64], b[64], zero[64] = {0};
    check("getentropy", getentropy(a, sizeof a) == 0 && getentropy(b, sizeof b) == 0);
    check("random bytes differ", memcmp(a, b, sizeof a) != 0 && memcmp(a, zero, sizeof a) != 0);
    static unsigned char big[300000];
    check("large random buffer", __wasi_random_get(big, sizeof big) == 0 &&
          memcmp(big + 299000, zero, 64) != 0);
    return 0;
}
