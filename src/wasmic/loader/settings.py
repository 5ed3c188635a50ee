"""How the import hook compiles, links and instantiates: the settings users
give with ``configure`` before importing, for every module or for one.

Settings are read when a module is imported (or reloaded), so changing them
affects later imports only.  A module's settings are the global ones with
that module's overrides applied on top.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..runtime import Engine, Store

# The runtime is imported by the checks, when a setting is given: importing
# the hook stays cheap until it is used.


@dataclasses.dataclass(frozen=True)
class Settings:
    """What the loader uses for one module (see ``configure`` for each field)."""

    engine: Engine | None = None
    store: Store | None = None
    shared_store: bool = False
    wasi: Any = None
    imports: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    assemblyscript: Mapping[str, Any] = dataclasses.field(default_factory=dict)


def _describe(value: Any) -> str:
    from ..runtime.describe import describe

    return describe(value)


def _check_engine(value: Any) -> Engine | None:
    from ..runtime import Engine

    if value is not None and not isinstance(value, Engine):
        raise TypeError(f"engine must be an Engine or None, got {_describe(value)}")
    return value


def _check_store(value: Any) -> Store | None:
    from ..runtime import Store

    if value is not None and not isinstance(value, Store):
        raise TypeError(f"store must be a Store or None, got {_describe(value)}")
    return value


def _check_shared_store(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"shared_store must be a bool, got {_describe(value)}")
    return value


def _check_wasi(value: Any) -> Any:
    from .wasi_support import is_wasi_config

    if value is None or isinstance(value, bool) or callable(value):
        return value
    if not is_wasi_config(value):
        raise TypeError("wasi must be a WasiConfig, a function returning one, True, False or "
                        f"None, got {_describe(value)}")
    return value


def _check_imports(value: Any) -> Mapping[str, Any]:
    if not isinstance(value, Mapping) or not all(isinstance(key, str) for key in value):
        raise TypeError("imports must be a mapping from wasm import module names to objects "
                        f"or mappings, got {_describe(value)}")
    return dict(value)


ASSEMBLYSCRIPT_OPTIONS = ("signatures", "type_ids", "records")
"""The options of ``wasmic.assemblyscript.load`` the ``assemblyscript`` setting may give."""


def _check_assemblyscript(value: Any) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise TypeError(f"assemblyscript must be a mapping of options, got {_describe(value)}")
    unknown = sorted(set(value) - set(ASSEMBLYSCRIPT_OPTIONS))
    if unknown:
        raise TypeError(f"assemblyscript got an unknown option {unknown[0]!r}; expected "
                        f"{', '.join(ASSEMBLYSCRIPT_OPTIONS)}")
    return dict(value)


_CHECKS: dict[str, Callable[[Any], Any]] = {
    "engine": _check_engine, "store": _check_store, "shared_store": _check_shared_store,
    "wasi": _check_wasi, "imports": _check_imports, "assemblyscript": _check_assemblyscript,
}

_lock = threading.Lock()
_global = Settings()
_per_module: dict[str, dict[str, Any]] = {}


def configure(module: str | None = None, **settings: Any) -> None:
    """Set how wasm modules imported from now on are loaded.

    With ``module`` (a full module name such as ``"pkg.lib"``), the settings
    apply to that module only; without, to every module.  Settings:

    - ``engine``: the ``Engine`` compiling the modules (default: the one
      ``wasmic.instantiate`` uses, so modules of both can be linked; the
      native tier caches compiled code across runs either way).
    - ``store``: the ``Store`` to instantiate in (default: a new store per
      module; see ``shared_store``).
    - ``shared_store``: ``True`` to instantiate every such module in one
      store of the loader (per engine).
    - ``wasi``: for modules importing WASI, a ``WasiConfig`` or a function
      returning one (called once per store); ``None`` (default) gives each
      store a ``WasiConfig`` inheriting stdin, stdout and stderr, with no
      preopened directories (``True`` is the same); ``False`` refuses
      modules importing WASI.
    - ``imports``: ``{wasm module name: object or mapping}`` consulted before
      importing a Python module of that name, e.g. ``{"env": {"log": print}}``.
    - ``assemblyscript``: for AssemblyScript modules, options of
      ``wasmic.assemblyscript.load``: ``signatures``, ``type_ids``,
      ``records`` (e.g. ``{"records": "dataclass"}``; checked when the
      module is loaded).
    """
    if module is not None and not isinstance(module, str):
        raise TypeError(f"module must be a module name (str) or None, got {_describe(module)}")
    checked = {}
    for name, value in settings.items():
        check = _CHECKS.get(name)
        if check is None:
            raise TypeError(f"configure() got an unknown setting {name!r}; expected one of "
                            f"{', '.join(_CHECKS)}")
        checked[name] = check(value)
    global _global
    with _lock:
        if module is None:
            _global = dataclasses.replace(_global, **checked)
        else:
            _per_module.setdefault(module, {}).update(checked)


def reset() -> None:
    """Forget every setting given to ``configure`` (modules already imported
    keep theirs)."""
    global _global
    with _lock:
        _global = Settings()
        _per_module.clear()


def settings_for(module: str) -> Settings:
    """The settings of the module named ``module``."""
    with _lock:
        return dataclasses.replace(_global, **_per_module.get(module, {}))
