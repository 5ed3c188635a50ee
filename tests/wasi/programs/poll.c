/* poll() through poll_oneoff: waits until stdin is readable (at once for
   a file, when data comes for a pipe), finds stdout writable, and sleeps
   with a poll of no descriptors.  Prints what it saw. */
#include <poll.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

int main(void) {
    struct pollfd in = {0, POLLIN, 0}, out = {1, POLLOUT, 0};
    fputs("polling stdin\n", stderr);
    int ready = poll(&in, 1, 10000);
    printf("stdin ready=%d %s\n", ready, in.revents & POLLIN ? "in" : "-");
    char buf[32];
    ssize_t n = read(0, buf, sizeof buf);
    printf("read %zd bytes: %.*s\n", n, (int)(n > 0 ? n : 0), buf);
    ready = poll(&out, 1, 10000);
    printf("stdout ready=%d %s\n", ready, out.revents & POLLOUT ? "out" : "-");
    long long start = now_ms();
    ready = poll(NULL, 0, 40);
    long long waited = now_ms() - start;
    printf("empty poll=%d waited>=40ms:%s\n", ready, waited >= 40 ? "yes" : "no");
    struct timespec nap = {0, 1000000};
    nanosleep(&nap, NULL);
    fflush(stdout);
    return 0;
}
