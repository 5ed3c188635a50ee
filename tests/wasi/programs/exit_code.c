/* Exits with the status given as its first argument (0 without one);
   "raise NAME" delivers signal TERM or CHLD with proc_raise instead. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((import_module("wasi_snapshot_preview1"), import_name("proc_raise")))
int32_t proc_raise(int32_t signal);

#define WASI_SIGCHLD 16
#define WASI_SIGTERM 15

int main(int argc, char **argv) {
    if (argc > 2 && strcmp(argv[1], "raise") == 0) {
        int32_t sig = strcmp(argv[2], "TERM") == 0 ? WASI_SIGTERM : WASI_SIGCHLD;
        printf("raising %s\n", argv[2]);
        fflush(stdout);
        printf("proc_raise returned %d\n", (int)proc_raise(sig));
        return 0;
    }
    int code = argc > 1 ? atoi(argv[1]) : 0;
    printf("exiting with %d\n", code);
    exit(code);
}
