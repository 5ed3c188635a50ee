/* The smallest WASI program: one line on stdout (the startup benchmark). */
#include <stdio.h>

int main(void) {
    puts("hello, world");
    return 0;
}
