"""WASI for imported modules: which wasm import modules are WASI's, and the
WASI context a store gets the first time a module in it needs one.

WASI imports are never looked up as Python modules: they come from wasmic's
own WASI implementation (``Linker.define_wasi``), with the ``WasiConfig``
the loader's ``wasi`` setting gives, set on a store the first time a
module in it needs WASI (a store that already has WASI keeps it).
"""

from __future__ import annotations

from typing import Any

from ..errors import WasmError
from ..runtime import Linker, Store
from ..wasi import WasiConfig
from ..wasi.linking import MODULES as WASI_MODULES


def is_wasi_config(value: Any) -> bool:
    """Whether ``value`` is a ``WasiConfig``."""
    return isinstance(value, WasiConfig)


def default_wasi_config(command: bool) -> WasiConfig:
    """A ``WasiConfig`` inheriting stdin, stdout and stderr, no preopened
    directories; a command (a module run as ``__main__``) also gets the
    process's arguments."""
    config = WasiConfig()
    config.inherit_stdin()
    config.inherit_stdout()
    config.inherit_stderr()
    if command:
        config.inherit_argv()
    return config


def _config_from_setting(setting: Any, command: bool, origin: str) -> WasiConfig:
    if setting is None or setting is True:
        return default_wasi_config(command)
    config = setting() if callable(setting) else setting
    if not is_wasi_config(config):
        raise TypeError(f"the wasi setting for {origin} returned {type(config).__name__}, "
                        "not a WasiConfig")
    return config


def wasi_externs(store: Store, imports: list, setting: Any, command: bool,
                 origin: str) -> dict[int, Any]:
    """The externs for the WASI imports (``(position, ImportType)`` pairs) of
    the module in ``origin``, giving ``store`` a WASI context first unless it
    has one."""
    if setting is False:
        first = imports[0][1]
        raise WasmError(f"{origin} imports WASI (`{first.module}::{first.name}`) but the "
                        "loader's wasi setting is False")
    if getattr(store, "_wasi", None) is None:
        store.set_wasi(_config_from_setting(setting, command, origin))
    linker = Linker(store.engine)
    linker.define_wasi()
    return {position: linker.get(store, imp.module, imp.name) for position, imp in imports}
