"""Finding the engines this installation can offer.

Engines arrive two ways: built in (named here by import path, so a plain checkout that was never
pip-installed still finds them) and as plugins that declare an entry point in the
`step_studio.backends` group, the way napari and pytest find theirs. Both end up as `EngineEntry`
values. A plugin is third-party code: when it fails to import or to construct, the studio still
starts and shows the engine with the reason, so discovery turns every such failure into an entry's
`error` and never raises.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from importlib.metadata import EntryPoint, entry_points

from backends.base import Backend, BackendError

ENTRY_POINT_GROUP = "step_studio.backends"
BUILT_IN = "built-in"

# Engines that ship with the studio: id -> "module:attribute". Imported only by `discover()`.
BUILT_INS: Mapping[str, str] = {"embedded": "backends.embedded:EmbeddedBackend"}

DEFAULT_ENGINE = "embedded"


@dataclass(frozen=True)
class EngineEntry:
    """One engine the studio knows of; `factory` is None exactly when `error` says why not."""

    id: str
    origin: str  # "built-in" or the name of the distribution that declared the entry point
    factory: Callable[[], Backend] | None
    error: str | None

    @property
    def ok(self) -> bool:
        return self.factory is not None and self.error is None


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _load(engine_id: str, origin: str, ep: EntryPoint) -> EngineEntry:
    where = "built in" if origin == BUILT_IN else f"from {origin}"
    try:
        target = ep.load()
    except (Exception, SystemExit) as exc:  # a plugin may fail in any way at import; none may stop the app
        return EngineEntry(engine_id, origin, None,
                           f"Engine '{engine_id}' ({where}) could not be loaded from {ep.value}: "
                           f"{_one_line(exc)}.")
    if not callable(target):
        return EngineEntry(engine_id, origin, None,
                           f"Engine '{engine_id}' ({where}) points at {ep.value}, which is not a class "
                           "or function that makes an engine.")
    return EngineEntry(engine_id, origin, target, None)


def _plugin_entry_points(group: str) -> list[tuple[str, EntryPoint]]:
    """(distribution name, entry point), de-duplicated: a package visible twice on sys.path (an
    editable install beside the checkout) must not list its engines twice."""
    seen: set[tuple[str, str]] = set()
    found: list[tuple[str, EntryPoint]] = []
    for ep in entry_points(group=group):
        dist = getattr(ep, "dist", None)
        origin = (dist.name if dist is not None else None) or "unknown package"
        if (ep.name, ep.value) in seen:
            continue
        seen.add((ep.name, ep.value))
        found.append((origin, ep))
    return sorted(found, key=lambda item: (item[1].name, item[0]))


def discover(group: str = ENTRY_POINT_GROUP, built_ins: Mapping[str, str] | None = None) -> list[EngineEntry]:
    """Every engine: built-ins first (in their listed order), then plugins sorted by id.

    A plugin may not take a built-in's id, nor one another plugin already took; such a clash is
    listed as a broken entry under `distribution:id` so the user sees it instead of an engine
    silently replacing another. The studio's own distribution declares the built-ins as entry
    points too; those are recognised by their target and not listed twice.
    """
    built_ins = BUILT_INS if built_ins is None else built_ins
    entries: list[EngineEntry] = [
        _load(engine_id, BUILT_IN, EntryPoint(engine_id, target, group))
        for engine_id, target in built_ins.items()
    ]
    taken: dict[str, str] = {engine_id: target for engine_id, target in built_ins.items()}
    owner: dict[str, str] = dict.fromkeys(built_ins, BUILT_IN)
    for origin, ep in _plugin_entry_points(group):
        if ep.name in taken:
            if taken[ep.name] == ep.value:
                continue  # the same engine, declared both in code and by its installed package
            holder = "a built-in engine" if owner[ep.name] == BUILT_IN else owner[ep.name]
            entries.append(EngineEntry(
                f"{origin}:{ep.name}", origin, None,
                f"Engine '{ep.name}' from {origin} was ignored: the id is already used by {holder}."))
            continue
        taken[ep.name] = ep.value
        owner[ep.name] = origin
        entries.append(_load(ep.name, origin, ep))
    return entries


class Registry:
    """The engines of this session, by id; the one place the core asks for an engine instance."""

    def __init__(self, entries: list[EngineEntry] | None = None) -> None:
        found: Iterable[EngineEntry] = discover() if entries is None else entries
        self._entries: dict[str, EngineEntry] = {}
        for e in found:
            if e.id in self._entries:
                raise ValueError(f"two engine entries share the id '{e.id}'")
            self._entries[e.id] = e

    def ids(self) -> list[str]:
        """All ids, broken ones included: the UI lists those with their error."""
        return list(self._entries)

    def entries(self) -> list[EngineEntry]:
        return list(self._entries.values())

    def entry(self, engine_id: str) -> EngineEntry:
        try:
            return self._entries[engine_id]
        except KeyError:
            raise KeyError(self._unknown(engine_id)) from None

    @property
    def default_id(self) -> str | None:
        """The embedded engine when it works (it runs anywhere, offline), else the first that works."""
        default = self._entries.get(DEFAULT_ENGINE)
        if default is not None and default.ok:
            return DEFAULT_ENGINE
        return next((e.id for e in self._entries.values() if e.ok), None)

    def create(self, engine_id: str) -> Backend:
        """A new engine instance. Construction failures are remembered on the entry (so the UI can
        show them) and raised as `BackendError` with a message fit for the user."""
        entry = self.entry(engine_id)
        if entry.error is not None or entry.factory is None:
            raise BackendError(entry.error or f"Engine '{engine_id}' cannot be created.")
        where = "built in" if entry.origin == BUILT_IN else f"from {entry.origin}"
        try:
            engine = entry.factory()
        except Exception as exc:
            message = f"Engine '{engine_id}' ({where}) failed to start: {_one_line(exc)}."
            self._entries[engine_id] = replace(entry, factory=None, error=message)
            raise BackendError(message) from exc
        try:
            conforms = isinstance(engine, Backend)
        except Exception:  # runtime_checkable evaluates properties; a raising `manifest` lands here
            conforms = False
        if not conforms:
            missing = [name for name in ("manifest", "availability", "load", "unload", "voices", "synthesize")
                       if not _has(engine, name)]
            message = (f"Engine '{engine_id}' ({where}) does not implement the engine interface"
                       + (f" (missing: {', '.join(missing)})." if missing else "."))
            self._entries[engine_id] = replace(entry, factory=None, error=message)
            raise BackendError(message)
        return engine

    def _unknown(self, engine_id: str) -> str:
        known = ", ".join(self._entries) or "none"
        return f"No engine called '{engine_id}' is installed (known engines: {known})."


def _has(obj: object, name: str) -> bool:
    """Whether `obj` defines `name`, without running it: a property that raises still counts."""
    return any(name in vars(k) for k in type(obj).__mro__) or name in getattr(obj, "__dict__", {})
