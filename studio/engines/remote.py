"""Remote engines the user added by URL: their definitions, kept in settings, and registry entries.

A remote engine is one engine on a `step-studio serve` server, reached through
`backends.remote.client.RemoteBackend`. The user names it; its id in the studio is `remote:<name>`.

The definitions live in the settings file under `remote_engines` (a list of objects; this module
owns the key, `Settings.extra` carries it). The key is stored as the user typed it, in plain text
in the settings file; the dialog says so. An entry this version cannot read is kept as it is, so
a newer version's definitions survive a round trip through this one.

`probe()` asks a server which engines it offers, through the client's own HTTP code, and turns every
way of failing (nothing listening, a wrong key, something that is not an engine server) into a
`BackendUnavailable` whose availability says why and what to do. It blocks up to `timeout`: call it
off the GUI thread. Qt-free.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

from backends.base import Availability, BackendError, BackendUnavailable
from backends.registry import EngineEntry
from studio.settings import Settings

SETTINGS_KEY = "remote_engines"
ID_PREFIX = "remote:"
ORIGIN = "remote"
DEFAULT_URL = "http://127.0.0.1:8765"
DEFAULT_TIMEOUT = 10.0
MAX_NAME = 60


@dataclass(frozen=True)
class RemoteEngine:
    """One engine on one server, as the user added it."""

    name: str  # the user's name for it; unique among remote engines
    url: str  # the server's base URL
    engine_id: str  # the engine's id on that server
    key: str | None = None  # the server's bearer key, if it needs one
    extra: dict[str, Any] = field(default_factory=dict, compare=False)  # fields this version does not know

    @property
    def id(self) -> str:
        """The studio's engine id (registry, settings, takes)."""
        return ID_PREFIX + self.name

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "url": self.url, "engine_id": self.engine_id}
        if self.key:
            data["key"] = self.key
        return {**self.extra, **data}

    @classmethod
    def from_json(cls, raw: Any) -> RemoteEngine:
        """Raises ValueError when `raw` is not a definition this version can use."""
        if not isinstance(raw, dict):
            raise ValueError("expected an object")
        values = {}
        for name in ("name", "url", "engine_id"):
            value = raw.get(name)
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"'{name}' must be non-empty text")
            values[name] = value.strip()
        key = raw.get("key")
        if key is not None and not isinstance(key, str):
            raise ValueError("'key' must be text")
        extra = {k: v for k, v in raw.items() if k not in ("name", "url", "engine_id", "key")}
        return cls(values["name"], normalise_url(values["url"]), values["engine_id"], key or None, extra)


def is_remote_id(engine_id: str | None) -> bool:
    return bool(engine_id) and str(engine_id).startswith(ID_PREFIX)


def normalise_url(url: str) -> str:
    """`url` without surrounding space or a trailing slash, `http://` added when no scheme was typed."""
    url = url.strip()
    if url and "://" not in url:
        url = "http://" + url
    return url.rstrip("/")


def url_problem(url: str) -> str | None:
    """Why `url` cannot be a server address, in words for the user; None when it can."""
    url = normalise_url(url)
    if not url:
        return "Type the server's address, for example " + DEFAULT_URL + "."
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return f"The address must start with http:// or https:// (not {parts.scheme}://)."
    if not parts.hostname:
        return "The address has no host name."
    try:
        parts.port  # noqa: B018 - raises ValueError for a port out of range or not a number
    except ValueError:
        return "The address has a port that is not a number between 0 and 65535."
    return None


def name_problem(name: str, taken: list[RemoteEngine] | tuple[RemoteEngine, ...]) -> str | None:
    """Why `name` cannot name a new remote engine; None when it can."""
    name = name.strip()
    if not name:
        return "Give the engine a name."
    if len(name) > MAX_NAME:
        return f"Keep the name under {MAX_NAME} characters."
    if any(not ch.isprintable() for ch in name):
        return "The name cannot hold control characters."
    if any(e.name.casefold() == name.casefold() for e in taken):
        return f"There is already a remote engine called “{name}”."
    return None


# --- settings ------------------------------------------------------------------------------------


def _raw_list(settings: Settings) -> list[Any]:
    raw = settings.extra.get(SETTINGS_KEY)
    return list(raw) if isinstance(raw, list) else []


def load(settings: Settings) -> list[RemoteEngine]:
    """The remote engines in `settings`, in the order added; unreadable or duplicate entries skipped."""
    found: list[RemoteEngine] = []
    for raw in _raw_list(settings):
        try:
            engine = RemoteEngine.from_json(raw)
        except ValueError:
            continue
        if any(e.name.casefold() == engine.name.casefold() for e in found):
            continue
        found.append(engine)
    return found


def store(settings: Settings, engines: list[RemoteEngine]) -> Settings:
    """`settings` holding exactly `engines`; entries this version could not read are kept after them."""
    unreadable = []
    for raw in _raw_list(settings):
        try:
            RemoteEngine.from_json(raw)
        except ValueError:
            unreadable.append(raw)
    extra = dict(settings.extra)
    extra[SETTINGS_KEY] = [e.to_json() for e in engines] + unreadable
    return replace(settings, extra=extra)


def add(settings: Settings, engine: RemoteEngine) -> Settings:
    """Raises ValueError (with a sentence for the user) when the name is unusable or taken."""
    engines = load(settings)
    problem = name_problem(engine.name, engines) or url_problem(engine.url)
    if problem:
        raise ValueError(problem)
    cleaned = replace(engine, name=engine.name.strip(), url=normalise_url(engine.url))
    return store(settings, [*engines, cleaned])


def remove(settings: Settings, engine_id: str) -> Settings:
    """`settings` without the remote engine whose studio id is `engine_id` (no change if absent)."""
    return store(settings, [e for e in load(settings) if e.id != engine_id])


# --- the registry --------------------------------------------------------------------------------


def entry(engine: RemoteEngine, timeout: float = DEFAULT_TIMEOUT) -> EngineEntry:
    """A registry entry whose factory makes a `RemoteBackend` for `engine` (no network until used)."""

    def make() -> Any:
        from backends.remote.client import RemoteBackend

        return RemoteBackend(engine.url, engine.engine_id, engine.key, timeout=timeout)

    return EngineEntry(engine.id, ORIGIN, make, None)


def entries(engines: list[RemoteEngine], timeout: float = DEFAULT_TIMEOUT) -> list[EngineEntry]:
    return [entry(e, timeout) for e in engines]


# --- probing a server ----------------------------------------------------------------------------


@dataclass(frozen=True)
class OfferedEngine:
    """One engine a server offers: its id there, its name, and whether it can run there now."""

    engine_id: str
    name: str
    availability: Availability

    def __iter__(self) -> Any:  # unpacks as (engine id, name, availability)
        return iter((self.engine_id, self.name, self.availability))


NOT_A_SERVER_FIX = "Check the address: it must be a server started with 'step-studio serve'."


def probe(url: str, key: str | None = None, timeout: float = 5.0) -> list[OfferedEngine]:
    """The engines the server at `url` offers (GET /v1/engines, through the client).

    Raises `BackendUnavailable` when the server cannot be asked: its `availability` says why (nothing
    listening, no answer in time, a refused key, not a Step Audio Studio engine server) and the fix.
    """
    from backends.remote import wire
    from backends.remote.client import RemoteBackend

    problem = url_problem(url)
    if problem:
        raise BackendUnavailable(Availability(False, problem, ""))
    client = RemoteBackend(normalise_url(url), "", key or None, timeout=timeout)
    try:
        try:
            listing = client.list_engines()
        except BackendUnavailable:
            raise
        except BackendError as exc:
            raise BackendUnavailable(Availability(
                False, f"The server at {client.url} is not a Step Audio Studio engine server ({exc}).",
                NOT_A_SERVER_FIX)) from exc
        try:
            raw_engines = listing["engines"]
            offered = []
            for raw in raw_engines:
                manifest = raw.get("manifest") or {}
                try:
                    availability = wire.decode_availability(raw["availability"])
                except (KeyError, wire.WireError) as exc:
                    availability = Availability(False, f"Its state could not be read ({exc}).",
                                                "Use the same studio version on both machines.")
                name = manifest.get("name") if isinstance(manifest, dict) else None
                offered.append(OfferedEngine(str(raw["id"]), str(name or raw["id"]), availability))
        except (KeyError, TypeError, AttributeError) as exc:
            raise BackendUnavailable(Availability(
                False, f"The server at {client.url} did not answer like a Step Audio Studio engine server "
                       f"({type(exc).__name__}: {exc}).", NOT_A_SERVER_FIX)) from exc
        return offered
    finally:
        with contextlib.suppress(Exception):
            client.close()
