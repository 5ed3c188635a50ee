"""``StateBuilder``: a fluent way to make a ``WasiConfig`` (Wasmer's
``wasi.StateBuilder``), and the ``Environment`` it finalizes to, which
sets up a store and a linker for a WASI program in one call."""

from __future__ import annotations

import os
from typing import Any

from ..runtime.describe import describe
from ..runtime.linker import Linker
from ..runtime.store import store_of
from .config import DirPerms, FilePerms, WasiConfig


class Environment:
    """A finished WASI configuration, ready to be given to stores."""

    def __init__(self, config: WasiConfig):
        self.config = config

    def apply(self, store: Any, linker: Linker) -> None:
        """``store.set_wasi`` with this configuration and ``linker.define_wasi()``."""
        store_of(store).set_wasi(self.config)
        linker.define_wasi()


class StateBuilder:
    """``StateBuilder("prog").argument("--x").environment("K", "V")
    .map_directory("data", "./data").finalize()``: each method returns
    the builder; ``finalize`` returns an ``Environment``."""

    def __init__(self, program_name: str):
        if not isinstance(program_name, str):
            raise TypeError(f"expected a str program name, got {describe(program_name)}")
        self._args = [program_name]
        self._env: dict[str, str] = {}
        self._dirs: list[tuple[str, str, DirPerms, FilePerms]] = []
        self._streams: dict[str, Any] = {}

    def argument(self, value: str) -> StateBuilder:
        """Add one argument."""
        return self.arguments([value])

    def arguments(self, values: list[str]) -> StateBuilder:
        """Add several arguments."""
        for value in values:
            if not isinstance(value, str):
                raise TypeError(f"expected a str argument, got {describe(value)}")
            self._args.append(value)
        return self

    def environment(self, key: str, value: str) -> StateBuilder:
        """Set one environment variable."""
        return self.environments({key: value})

    def environments(self, pairs: dict[str, str]) -> StateBuilder:
        """Set several environment variables."""
        for key, value in dict(pairs).items():
            if not isinstance(key, str) or not isinstance(value, str):
                raise TypeError(f"expected str environment pairs, got {describe((key, value))}")
            self._env[key] = value
        return self

    def preopen_directory(self, path: str | os.PathLike,
                          dir_perms: DirPerms = DirPerms.READ_WRITE,
                          file_perms: FilePerms = FilePerms.READ_WRITE) -> StateBuilder:
        """Offer the host directory ``path`` under the same name."""
        return self.map_directory(os.fspath(path), path, dir_perms, file_perms)

    def preopen_directories(self, paths: list[str | os.PathLike]) -> StateBuilder:
        """Offer several host directories under their own names."""
        for path in paths:
            self.preopen_directory(path)
        return self

    def map_directories(self, aliases: dict[str, str | os.PathLike]) -> StateBuilder:
        """Offer several host directories: ``{alias: host path}``."""
        for alias, path in dict(aliases).items():
            self.map_directory(alias, path)
        return self

    def map_directory(self, alias: str, path: str | os.PathLike,
                      dir_perms: DirPerms = DirPerms.READ_WRITE,
                      file_perms: FilePerms = FilePerms.READ_WRITE) -> StateBuilder:
        """Offer the host directory ``path`` to the program as ``alias``."""
        self._dirs.append((os.fspath(path), alias, dir_perms, file_perms))
        return self

    def stdin_file(self, path: str | os.PathLike) -> StateBuilder:
        """Read stdin from a file."""
        self._streams["stdin_file"] = path
        return self

    def stdout_file(self, path: str | os.PathLike) -> StateBuilder:
        """Write stdout to a file."""
        self._streams["stdout_file"] = path
        return self

    def stderr_file(self, path: str | os.PathLike) -> StateBuilder:
        """Write stderr to a file."""
        self._streams["stderr_file"] = path
        return self

    def inherit_stdio(self) -> StateBuilder:
        """Use this process's stdin, stdout and stderr."""
        for name in ("stdin", "stdout", "stderr"):
            self._streams[f"inherit_{name}"] = True
        return self

    def finalize(self) -> Environment:
        """The configuration built so far."""
        config = WasiConfig()
        config.argv = self._args
        config.env = list(self._env.items())
        for host, alias, dir_perms, file_perms in self._dirs:
            config.preopen_dir(host, alias, dir_perms, file_perms)
        for name, value in self._streams.items():
            if name.startswith("inherit_"):
                getattr(config, name)()
            else:
                setattr(config, name, value)
        return Environment(config)
