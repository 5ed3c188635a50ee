"""The directory tree the escape fixture (programs/escape.c) runs in, and a
snapshot of everything outside the sandbox to prove it was not touched."""

from __future__ import annotations

import os
from pathlib import Path


def build(root: Path) -> dict[str, Path]:
    """Lay out ``root``: ``outside/`` (the secret), ``sandbox/`` (writable,
    with links pointing out of it) and ``readonly/``; their paths by name."""
    outside, sandbox, readonly = root / "outside", root / "sandbox", root / "readonly"
    for folder in (outside, sandbox / "sub", readonly):
        folder.mkdir(parents=True)
    secret = outside / "secret.txt"
    secret.write_text("top secret\n")
    os.symlink("secret.txt", outside / "link")
    (sandbox / "file.txt").write_text("inside\n")
    (readonly / "keep.txt").write_text("keep\n")
    links = {"link_out": "../outside/secret.txt", "link_abs": str(secret),
             "link_new_out": "../outside/new.txt", "loop_a": "loop_b", "loop_b": "loop_a",
             "link_up": "..", "sub/up2": "../.."}
    for name, target in links.items():
        os.symlink(target, sandbox / name)
    return {"outside": outside, "sandbox": sandbox, "readonly": readonly, "secret": secret}


def snapshot(folder: Path) -> dict[str, tuple]:
    """Every entry below ``folder`` with its kind, content or link target,
    size and modification time: equal snapshots mean nothing changed."""
    entries = {}
    for path in sorted(folder.rglob("*")) + [folder]:
        info = path.lstat()
        if path.is_symlink():
            detail = ("link", os.readlink(path))
        elif path.is_dir():
            detail = ("dir", tuple(sorted(p.name for p in path.iterdir())))
        else:
            detail = ("file", path.read_bytes())
        entries[str(path.relative_to(folder))] = (*detail, info.st_size, info.st_mtime_ns)
    return entries
