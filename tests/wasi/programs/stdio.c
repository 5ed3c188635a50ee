/* Copies stdin to stdout upper-cased, then reports the byte and line
   counts on stderr. */
#include <ctype.h>
#include <stdio.h>

int main(void) {
    long bytes = 0, lines = 0;
    int c;
    while ((c = getchar()) != EOF) {
        bytes++;
        if (c == '\n')
            lines++;
        putchar(toupper(c));
    }
    fflush(stdout);
    fprintf(stderr, "%ld bytes, %ld lines\n", bytes, lines);
    return 0;
}
