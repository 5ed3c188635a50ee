/* Works with files and directories under the preopened /data, printing
   each result, so two runtimes can be compared line by line.  Errors are
   printed by errno name; listings are sorted; nothing depends on time. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SHOW(expr) do { errno = 0; long r_ = (long)(expr); \
    printf("%-44s = %ld%s%s\n", #expr, r_, r_ < 0 ? " " : "", r_ < 0 ? strerror(errno) : ""); \
} while (0)

static int compare(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list(const char *path) {
    DIR *dir = opendir(path);
    if (!dir) {
        printf("opendir %s: %s\n", path, strerror(errno));
        return;
    }
    char *names[64];
    int count = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) && count < 64) {
        const char *kind = entry->d_type == DT_DIR ? "dir" : entry->d_type == DT_REG ? "file"
                         : entry->d_type == DT_LNK ? "link" : "other";
        char *line = malloc(300);
        snprintf(line, 300, "%s (%s)", entry->d_name, kind);
        names[count++] = line;
    }
    closedir(dir);
    qsort(names, count, sizeof *names, compare);
    printf("%s:", path);
    for (int i = 0; i < count; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

static void show_file(const char *path) {
    char buf[256];
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        printf("read %s: %s\n", path, strerror(errno));
        return;
    }
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    buf[n < 0 ? 0 : n] = 0;
    printf("read %s: \"%s\"\n", path, buf);
}

int main(void) {
    struct stat st;
    char buf[64];
    SHOW(mkdir("/data/dir", 0755));
    SHOW(mkdir("/data/dir", 0755));
    int fd = open("/data/dir/a.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
    SHOW(fd >= 0);
    SHOW(write(fd, "hello, file\n", 12));
    SHOW(lseek(fd, 0, SEEK_CUR));
    SHOW(lseek(fd, 7, SEEK_SET));
    SHOW(read(fd, buf, 4));
    printf("read back: %.4s\n", buf);
    SHOW(pwrite(fd, "FILE", 4, 7));
    SHOW(pread(fd, buf, 11, 0));
    printf("pread: %.11s\n", buf);
    SHOW(lseek(fd, 0, SEEK_CUR));
    SHOW(lseek(fd, -2, SEEK_END));
    SHOW(lseek(fd, -100, SEEK_SET));
    SHOW(fstat(fd, &st) == 0 && S_ISREG(st.st_mode));
    SHOW(st.st_size);
    SHOW(ftruncate(fd, 5));
    SHOW(fstat(fd, &st) == 0 ? st.st_size : -1);
    SHOW(ftruncate(fd, 20000));
    SHOW(fstat(fd, &st) == 0 ? st.st_size : -1);
    SHOW(ftruncate(fd, 5));
    SHOW(fsync(fd));
    SHOW(fdatasync(fd));
    SHOW(posix_fadvise(fd, 0, 5, POSIX_FADV_SEQUENTIAL));
    SHOW(close(fd));
    SHOW(close(fd));
    show_file("/data/dir/a.txt");

    fd = open("/data/dir/log.txt", O_CREAT | O_WRONLY | O_APPEND, 0644);
    SHOW(write(fd, "one\n", 4));
    SHOW(lseek(fd, 0, SEEK_SET));
    SHOW(write(fd, "two\n", 4));
    SHOW(read(fd, buf, 4));
    SHOW(close(fd));
    show_file("/data/dir/log.txt");
    SHOW(open("/data/dir/log.txt", O_CREAT | O_EXCL | O_WRONLY, 0644));
    SHOW(open("/data/dir/missing.txt", O_RDONLY));
    SHOW(open("/data/dir/log.txt/x", O_RDONLY));
    SHOW(open("/data/dir/log.txt", O_RDONLY | O_DIRECTORY));
    SHOW(open("/data/dir", O_WRONLY));

    SHOW(stat("/data/dir", &st) == 0 && S_ISDIR(st.st_mode));
    SHOW(stat("/data/dir/log.txt", &st) == 0 ? st.st_size : -1);
    SHOW(st.st_nlink);
    SHOW(link("/data/dir/log.txt", "/data/dir/hard.txt"));
    SHOW(stat("/data/dir/log.txt", &st) == 0 ? (long)st.st_nlink : -1);
    SHOW(symlink("log.txt", "/data/dir/soft"));
    SHOW(symlink("log.txt", "/data/dir/soft"));
    SHOW(lstat("/data/dir/soft", &st) == 0 && S_ISLNK(st.st_mode));
    SHOW(stat("/data/dir/soft", &st) == 0 && S_ISREG(st.st_mode));
    ssize_t n = readlink("/data/dir/soft", buf, sizeof buf);
    printf("readlink: %.*s (%ld)\n", (int)(n < 0 ? 0 : n), buf, (long)n);
    SHOW(readlink("/data/dir/soft", buf, 3));
    SHOW(readlink("/data/dir/log.txt", buf, sizeof buf));
    show_file("/data/dir/soft");
    SHOW(symlink("nowhere", "/data/dir/dangling"));
    SHOW(open("/data/dir/dangling", O_RDONLY));
    SHOW(open("/data/dir/soft", O_RDONLY | O_NOFOLLOW));
    list("/data/dir");

    SHOW(rename("/data/dir/a.txt", "/data/dir/b.txt"));
    SHOW(rename("/data/dir/missing", "/data/dir/c.txt"));
    SHOW(mkdir("/data/dir/sub", 0755));
    SHOW(rename("/data/dir/b.txt", "/data/dir/sub/b.txt"));
    SHOW(rename("/data/dir/sub", "/data/moved"));
    list("/data");
    list("/data/moved");
    SHOW(rmdir("/data/moved"));
    SHOW(unlink("/data/moved"));
    SHOW(unlink("/data/moved/b.txt"));
    SHOW(rmdir("/data/moved"));
    SHOW(unlink("/data/dir/soft"));
    SHOW(unlink("/data/dir/dangling"));
    SHOW(unlink("/data/dir/hard.txt"));
    SHOW(unlink("/data/dir/missing"));

    struct timespec times[2] = {{1000000, 5}, {2000000, 7}};
    SHOW(utimensat(AT_FDCWD, "/data/dir/log.txt", times, 0));
    SHOW(stat("/data/dir/log.txt", &st) == 0 ? (long)st.st_mtim.tv_sec : -1);
    SHOW(st.st_atim.tv_sec);
    struct timespec keep[2] = {{0, UTIME_OMIT}, {3000000, 0}};
    SHOW(utimensat(AT_FDCWD, "/data/dir/log.txt", keep, 0));
    SHOW(stat("/data/dir/log.txt", &st) == 0 ? (long)st.st_mtim.tv_sec : -1);
    SHOW(st.st_atim.tv_sec);
    fd = open("/data/dir/log.txt", O_RDWR);
    struct timespec fd_times[2] = {{4000000, 0}, {5000000, 0}};
    SHOW(futimens(fd, fd_times));
    SHOW(fstat(fd, &st) == 0 ? (long)st.st_mtim.tv_sec : -1);
    SHOW(fcntl(fd, F_GETFL) & O_APPEND);
    SHOW(fcntl(fd, F_SETFL, O_APPEND));
    SHOW(fcntl(fd, F_GETFL) & O_APPEND);
    SHOW(write(fd, "three\n", 6));
    SHOW(close(fd));
    show_file("/data/dir/log.txt");

    SHOW(rmdir("/data/dir"));
    SHOW(unlink("/data/dir/log.txt"));
    SHOW(rmdir("/data/dir"));
    list("/data");
    return 0;
}
