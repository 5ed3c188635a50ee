"""The import system's side: a ``sys.meta_path`` finder locating
``NAME.wasm`` / ``NAME.wat`` on the search path, and the loader making a
``WasmModule`` from it.

The finder stands in front of Python's path finder and asks it first: a
Python module or package of the same name anywhere on the path wins; a
wasm file wins over a plain directory of that name (which Python would take
as a namespace package: the weakest kind of match, as in Python's own
rules).  It searches exactly where Python would: the entries of
``sys.path`` (an empty entry is the current directory, as for Python
modules; the hook adds no entry of its own) or a package's ``__path__``;
``.wasm`` is preferred to ``.wat`` in the same directory.  An entry that is
a zip archive (or a folder in one, as a zipped package's ``__path__``) is
searched too, as Python's zipimport does for Python modules.
"""

from __future__ import annotations

import os
import sys
import zipimport
from collections.abc import Sequence
from importlib.abc import Loader, MetaPathFinder
from importlib.machinery import ModuleSpec, PathFinder
from importlib.util import spec_from_file_location
from types import CodeType, ModuleType

from .module import WasmModule

SUFFIXES = (".wasm", ".wat")
"""File name suffixes the hook imports, in order of preference."""


class WasmLoader(Loader):
    """Loads one ``.wasm`` or ``.wat`` file as a module (from a directory, or
    from a zip archive on the path through its ``archive`` importer)."""

    def __init__(self, fullname: str, path: str, archive: zipimport.zipimporter | None = None):
        self.name = fullname
        self.path = path
        self.archive = archive

    def get_data(self, path: str) -> bytes:
        """The bytes of the file ``path`` (in the archive, if the module is in one)."""
        if self.archive is not None:
            return self.archive.get_data(path)
        with open(path, "rb") as file:
            return file.read()

    def create_module(self, spec: ModuleSpec) -> ModuleType:
        """A new ``WasmModule`` (filled in by ``exec_module``)."""
        return WasmModule(spec.name)

    def exec_module(self, module: ModuleType) -> None:
        """Compile, link and instantiate the file; exports become attributes.
        On reload, the file is read again and a new instance replaces the
        old one (whose exports stay valid for whoever holds them)."""
        from .link import load_into  # the runtime: imported once a wasm file is

        load_into(module.__dict__, module.__spec__)

    def get_filename(self, fullname: str) -> str:
        """The module's file."""
        return self.path

    def is_package(self, fullname: str) -> bool:
        """Never: a wasm file is a plain module."""
        return False

    def get_source(self, fullname: str) -> None:
        """No Python source."""
        return None

    def get_code(self, fullname: str) -> CodeType:
        """Code running the module as ``__main__`` (``python -m``): it loads
        the module into the running namespace and calls its ``_start``."""
        return compile("from wasmic.loader.command import run_command\n"
                       "run_command(globals())\n", f"<wasm module {self.path}>", "exec")


def _directory(entry: object) -> str | None:
    if isinstance(entry, bytes):
        entry = os.fsdecode(entry)
    elif isinstance(entry, os.PathLike):
        entry = os.fspath(entry)
    if not isinstance(entry, str):
        return None
    try:
        return entry or os.getcwd()
    except OSError:  # the current directory was removed
        return None


def _is_file_stem(stem: str) -> bool:
    """Whether ``stem`` can only name a file in the searched directory (a
    name given to ``importlib.import_module`` may hold path separators)."""
    return stem not in ("", ".", "..") and not any(
        separator and separator in stem for separator in ("/", "\\", os.sep, os.altsep, "\0"))


def _is_namespace(spec: ModuleSpec) -> bool:
    return spec.origin is None and spec.submodule_search_locations is not None


class WasmFinder(MetaPathFinder):
    """Finds ``NAME.wasm`` or ``NAME.wat`` for ``import NAME``, unless
    Python's path finder finds a module or package (see the module's docstring)."""

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        """Python's spec for a module or package, else the spec of the first
        matching wasm file on ``path`` (or ``sys.path``), else Python's spec
        for a namespace package (or None)."""
        python = PathFinder.find_spec(fullname, path, target)
        if python is not None and not _is_namespace(python):
            return python
        return self._find_file(fullname, path) or python

    def _find_file(self, fullname: str, path: Sequence[str] | None) -> ModuleSpec | None:
        stem = fullname.rpartition(".")[2]
        if not _is_file_stem(stem):
            return None
        for entry in sys.path if path is None else path:
            directory = _directory(entry)
            if directory is None:
                continue
            archive = None if os.path.isdir(directory) else _zip_archive(directory)
            for suffix in SUFFIXES:
                if archive is not None:
                    origin = os.path.join(archive.archive, archive.prefix + stem + suffix)
                    if not _in_archive(archive, origin):
                        continue
                else:
                    origin = os.path.abspath(os.path.join(directory, stem + suffix))
                    if not os.path.isfile(origin):
                        continue
                return spec_from_file_location(fullname, origin,
                                               loader=WasmLoader(fullname, origin, archive))
        return None


def _zip_archive(entry: str) -> zipimport.zipimporter | None:
    """The importer of the zip archive (or folder inside one) ``entry`` names, if it does."""
    try:
        return zipimport.zipimporter(entry)
    except (zipimport.ZipImportError, OSError):
        return None


def _in_archive(archive: zipimport.zipimporter, path: str) -> bool:
    try:
        archive.get_data(path)
    except OSError:
        return False
    return True
