/* Tries to reach outside its sandbox in every way preview1 offers and
   prints one line per attempt: "description|call|ERRNO" ("ok" if the
   call succeeded).  Expects /sandbox (fd 3, writable) and /readonly
   (fd 4, read-only) as laid out by tests/wasi/sandbox_tree.py, and the
   host's absolute path of outside/secret.txt as its first argument.
   It calls the WASI functions directly (not through libc's path
   handling), so every path reaches the host's checks unchanged. */
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

#define SANDBOX 3
#define READONLY 4
#define FOLLOW __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW
#define ALL_RIGHTS ((__wasi_rights_t)0x1FFFFFFF)
#define READ_RIGHTS (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_READDIR)
#define WRITE_RIGHTS (__WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_SEEK)

/* path_open as imported, taking a path length: libc's wrapper computes
   strlen, which would stop at a NUL and fault on a wild pointer itself. */
__attribute__((import_module("wasi_snapshot_preview1"), import_name("path_open")))
int32_t raw_path_open(int32_t dir, int32_t lookup, int32_t path, int32_t path_len,
                      int32_t oflags, int64_t base, int64_t inheriting, int32_t fdflags,
                      int32_t opened);

static const char *errno_name(__wasi_errno_t e) {
    switch (e) {
    case __WASI_ERRNO_SUCCESS: return "ok";
    case __WASI_ERRNO_PERM: return "PERM";
    case __WASI_ERRNO_NOTCAPABLE: return "NOTCAPABLE";
    case __WASI_ERRNO_LOOP: return "LOOP";
    case __WASI_ERRNO_NOENT: return "NOENT";
    case __WASI_ERRNO_INVAL: return "INVAL";
    case __WASI_ERRNO_FAULT: return "FAULT";
    case __WASI_ERRNO_BADF: return "BADF";
    case __WASI_ERRNO_NOTDIR: return "NOTDIR";
    case __WASI_ERRNO_ACCES: return "ACCES";
    case __WASI_ERRNO_EXIST: return "EXIST";
    case __WASI_ERRNO_ISDIR: return "ISDIR";
    case __WASI_ERRNO_ILSEQ: return "ILSEQ";
    case __WASI_ERRNO_XDEV: return "XDEV";
    case __WASI_ERRNO_NOTSUP: return "NOTSUP";
    case __WASI_ERRNO_NOSYS: return "NOSYS";
    case __WASI_ERRNO_IO: return "IO";
    default: {
        static char number[24];
        snprintf(number, sizeof number, "errno %d", (int)e);
        return number;
    }
    }
}

static void report(const char *what, const char *call, __wasi_errno_t e) {
    printf("%s|%s|%s\n", what, call, errno_name(e));
}

static __wasi_errno_t open_at(__wasi_fd_t dir, __wasi_lookupflags_t lookup, const char *path,
                              __wasi_oflags_t oflags, __wasi_rights_t rights) {
    __wasi_fd_t fd;
    __wasi_errno_t e = __wasi_path_open(dir, lookup, path, oflags, rights, rights, 0, &fd);
    if (e == 0)
        (void)__wasi_fd_close(fd);
    return e;
}

int main(int argc, char **argv) {
    const char *secret = argc > 1 ? argv[1] : "/nonexistent";
    __wasi_filestat_t st;
    __wasi_fd_t fd;
    char buf[64];
    __wasi_size_t used;

    report("parent of the preopen", "path_open ../outside/secret.txt",
           open_at(SANDBOX, 0, "../outside/secret.txt", 0, READ_RIGHTS));
    report("climbing back out of a subdirectory", "path_open sub/../../outside/secret.txt",
           open_at(SANDBOX, 0, "sub/../../outside/secret.txt", 0, READ_RIGHTS));
    report("the preopen's own parent directory", "path_open .. (O_DIRECTORY)",
           open_at(SANDBOX, 0, "..", __WASI_OFLAGS_DIRECTORY, READ_RIGHTS));
    report("absolute path", "path_open /etc/passwd",
           open_at(SANDBOX, 0, "/etc/passwd", 0, READ_RIGHTS));
    report("absolute host path of the secret", "path_open <host path>",
           open_at(SANDBOX, 0, secret, 0, READ_RIGHTS));
    report("relative symlink leaving the sandbox", "path_open link_out (follow)",
           open_at(SANDBOX, FOLLOW, "link_out", 0, READ_RIGHTS));
    report("absolute symlink", "path_open link_abs (follow)",
           open_at(SANDBOX, FOLLOW, "link_abs", 0, READ_RIGHTS));
    report("symlink loop", "path_open loop_a (follow)",
           open_at(SANDBOX, FOLLOW, "loop_a", 0, READ_RIGHTS));
    report("symlink to .. inside a path", "path_open link_up/outside/secret.txt",
           open_at(SANDBOX, 0, "link_up/outside/secret.txt", 0, READ_RIGHTS));
    report("nested symlink to ../..", "path_open sub/up2/outside/secret.txt",
           open_at(SANDBOX, 0, "sub/up2/outside/secret.txt", 0, READ_RIGHTS));
    report("directory through a symlink to ..", "path_open link_up (follow, O_DIRECTORY)",
           open_at(SANDBOX, FOLLOW, "link_up", __WASI_OFLAGS_DIRECTORY, READ_RIGHTS));
    report("stat through a symlink leaving", "path_filestat_get link_out (follow)",
           __wasi_path_filestat_get(SANDBOX, FOLLOW, "link_out", &st));
    report("stat outside", "path_filestat_get ../outside/secret.txt",
           __wasi_path_filestat_get(SANDBOX, 0, "../outside/secret.txt", &st));
    report("readlink outside", "path_readlink ../outside/link",
           __wasi_path_readlink(SANDBOX, "../outside/link", (uint8_t *)buf, sizeof buf, &used));
    report("create a file outside", "path_open ../created.txt (O_CREAT)",
           open_at(SANDBOX, 0, "../created.txt", __WASI_OFLAGS_CREAT, WRITE_RIGHTS));
    report("create through a dangling link out", "path_open link_new_out (follow, O_CREAT)",
           open_at(SANDBOX, FOLLOW, "link_new_out", __WASI_OFLAGS_CREAT, WRITE_RIGHTS));
    report("truncate outside through a link", "path_open link_out (follow, O_TRUNC)",
           open_at(SANDBOX, FOLLOW, "link_out", __WASI_OFLAGS_TRUNC, WRITE_RIGHTS));
    report("rename a file out", "path_rename file.txt -> ../stolen.txt",
           __wasi_path_rename(SANDBOX, "file.txt", SANDBOX, "../stolen.txt"));
    report("rename a file in", "path_rename ../outside/secret.txt -> here.txt",
           __wasi_path_rename(SANDBOX, "../outside/secret.txt", SANDBOX, "here.txt"));
    report("rename through a symlink to ..", "path_rename file.txt -> link_up/stolen.txt",
           __wasi_path_rename(SANDBOX, "file.txt", SANDBOX, "link_up/stolen.txt"));
    report("hard link to a file outside", "path_link ../outside/secret.txt -> hard",
           __wasi_path_link(SANDBOX, 0, "../outside/secret.txt", SANDBOX, "hard"));
    report("hard link following a link out", "path_link link_out (follow) -> hard",
           __wasi_path_link(SANDBOX, FOLLOW, "link_out", SANDBOX, "hard"));
    report("hard link placed outside", "path_link file.txt -> ../outside/hard",
           __wasi_path_link(SANDBOX, 0, "file.txt", SANDBOX, "../outside/hard"));
    report("symlink with an absolute target", "path_symlink /etc/passwd -> new_abs",
           __wasi_path_symlink("/etc/passwd", SANDBOX, "new_abs"));
    report("symlink climbing out", "path_symlink ../outside -> new_up",
           __wasi_path_symlink("../outside", SANDBOX, "new_up"));
    report("symlink climbing out from a subdirectory", "path_symlink ../../outside -> sub/x",
           __wasi_path_symlink("../../outside", SANDBOX, "sub/x"));
    report("symlink placed outside", "path_symlink file.txt -> ../outside/s",
           __wasi_path_symlink("file.txt", SANDBOX, "../outside/s"));
    /* A link that points inside where it is made, moved up a level by
       renaming its directory so that its target now lies outside. */
    (void)__wasi_path_create_directory(SANDBOX, "sub/deep");
    (void)__wasi_path_symlink("../../file.txt", SANDBOX, "sub/deep/l");
    (void)__wasi_path_rename(SANDBOX, "sub/deep", SANDBOX, "deep");
    report("a link moved out of reach by rename", "path_open deep/l (follow)",
           open_at(SANDBOX, FOLLOW, "deep/l", 0, READ_RIGHTS));
    report("make a directory outside", "path_create_directory ../newdir",
           __wasi_path_create_directory(SANDBOX, "../newdir"));
    report("remove a file outside", "path_unlink_file ../outside/secret.txt",
           __wasi_path_unlink_file(SANDBOX, "../outside/secret.txt"));
    report("remove through a symlink to ..", "path_unlink_file link_up/outside/secret.txt",
           __wasi_path_unlink_file(SANDBOX, "link_up/outside/secret.txt"));
    report("remove a directory outside", "path_remove_directory ../outside",
           __wasi_path_remove_directory(SANDBOX, "../outside"));
    report("change times outside", "path_filestat_set_times ../outside/secret.txt",
           __wasi_path_filestat_set_times(SANDBOX, 0, "../outside/secret.txt", 0, 0,
                                          __WASI_FSTFLAGS_MTIM_NOW));
    report("NUL byte in a path", "path_open \"file.txt\\0/../../x\"",
           (__wasi_errno_t)raw_path_open(SANDBOX, 0, (int32_t)"file.txt\0/../../x", 17, 0,
                                         READ_RIGHTS, READ_RIGHTS, 0, (int32_t)&fd));
    report("create in a read-only preopen", "path_open new.txt (O_CREAT) in /readonly",
           open_at(READONLY, 0, "new.txt", __WASI_OFLAGS_CREAT, WRITE_RIGHTS));
    report("write a read-only file", "path_open keep.txt for writing in /readonly",
           open_at(READONLY, 0, "keep.txt", 0, WRITE_RIGHTS));
    report("truncate a read-only file", "path_open keep.txt (O_TRUNC) in /readonly",
           open_at(READONLY, 0, "keep.txt", __WASI_OFLAGS_TRUNC, READ_RIGHTS));
    report("remove in a read-only preopen", "path_unlink_file keep.txt in /readonly",
           __wasi_path_unlink_file(READONLY, "keep.txt"));
    report("mkdir in a read-only preopen", "path_create_directory d in /readonly",
           __wasi_path_create_directory(READONLY, "d"));
    report("rename in a read-only preopen", "path_rename keep.txt -> moved.txt in /readonly",
           __wasi_path_rename(READONLY, "keep.txt", READONLY, "moved.txt"));
    report("move into a read-only preopen", "path_rename /sandbox/file.txt -> /readonly/f",
           __wasi_path_rename(SANDBOX, "file.txt", READONLY, "f"));
    report("hard link out of a read-only preopen", "path_link /readonly/keep.txt -> /sandbox/k",
           __wasi_path_link(READONLY, 0, "keep.txt", SANDBOX, "k"));
    report("symlink in a read-only preopen", "path_symlink keep.txt -> s in /readonly",
           __wasi_path_symlink("keep.txt", READONLY, "s"));
    report("change times in a read-only preopen", "path_filestat_set_times keep.txt",
           __wasi_path_filestat_set_times(READONLY, 0, "keep.txt", 0, 0,
                                          __WASI_FSTFLAGS_MTIM_NOW));
    report("a stream as the directory", "path_open relative to fd 1",
           open_at(1, 0, "file.txt", 0, READ_RIGHTS));
    report("a descriptor never opened", "path_open relative to fd 99",
           open_at(99, 0, "file.txt", 0, READ_RIGHTS));
    (void)__wasi_path_open(SANDBOX, 0, "file.txt", 0, READ_RIGHTS, READ_RIGHTS, 0, &fd);
    report("regain dropped rights", "fd_fdstat_set_rights adding FD_WRITE",
           __wasi_fd_fdstat_set_rights(fd, READ_RIGHTS | __WASI_RIGHTS_FD_WRITE, 0));
    report("write a file opened read-only", "fd_write to a read-only descriptor",
           __wasi_fd_write(fd, &(__wasi_ciovec_t){(const uint8_t *)"x", 1}, 1, &used));
    fflush(stdout); /* last: wasmtime traps here instead of returning FAULT */
    report("path outside guest memory", "path_open with a pointer past the memory",
           (__wasi_errno_t)raw_path_open(SANDBOX, 0, (int32_t)0xFFFFFFF0, 64, 0, READ_RIGHTS,
                                         READ_RIGHTS, 0, (int32_t)&fd));
    return 0;
}
