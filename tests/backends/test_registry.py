"""Engine discovery through real entry points.

Each test writes a tiny installed distribution (a `*.dist-info` folder with `entry_points.txt`)
and the plugin modules it names into a temporary folder on sys.path, so `importlib.metadata`
finds them exactly as it finds pip-installed plugins. Module names are unique per test so that
nothing leaks between tests through `sys.modules`.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from backends.base import Backend, BackendError
from backends.registry import BUILT_IN, BUILT_INS, ENTRY_POINT_GROUP, EngineEntry, Registry, discover

# A test-only engine: the smallest object that satisfies the Backend protocol.
FAKE_ENGINE = '''
from backends.base import Availability, Finished, Manifest

class FakeBackend:
    made = 0

    def __init__(self):
        type(self).made += 1

    @property
    def manifest(self):
        return Manifest(id="{id}", name="Fake", version="0", licence="MIT", description="test double",
                        languages=("en",), tags={{}})

    def availability(self):
        return Availability(True)

    def load(self):
        pass

    def unload(self):
        pass

    def voices(self):
        return []

    def synthesize(self, request, cancel):
        yield Finished({{}})


class ExplodingBackend(FakeBackend):
    def __init__(self):
        raise RuntimeError("the GPU driver is missing\\n(second line)")


class NotAnEngine:
    def load(self):
        pass


class BadManifest(FakeBackend):
    @property
    def manifest(self):
        raise ValueError("no manifest today")


NOT_CALLABLE = 42
'''


@dataclass
class Plugins:
    root: Path
    module: str  # the unique name of the importable test module
    # A group of this test's own: the real group also lists the installed studio's own engines.
    group: str = ""

    def add_dist(self, dist: str, entries: dict[str, str], group: str | None = None) -> None:
        group = group or self.group
        info = self.root / f"{dist.replace('-', '_')}-1.0.dist-info"
        info.mkdir()
        metadata = f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n"
        (info / "METADATA").write_text(metadata, encoding="utf-8")
        lines = "\n".join(f"{name} = {target}" for name, target in entries.items())
        (info / "entry_points.txt").write_text(f"[{group}]\n{lines}\n", encoding="utf-8")


@pytest.fixture
def plugins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Plugins]:
    module = f"fake_engines_{uuid.uuid4().hex}"
    (tmp_path / f"{module}.py").write_text(FAKE_ENGINE.format(id="fake"), encoding="utf-8")
    broken = "raise ImportError('needs onnxruntime')\n"
    (tmp_path / f"{module}_broken.py").write_text(broken, encoding="utf-8")
    (tmp_path / f"{module}_exits.py").write_text("import sys\nsys.exit(3)\n", encoding="utf-8")
    (tmp_path / f"{module}_syntax.py").write_text("def oops(:\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield Plugins(tmp_path, module, f"{ENTRY_POINT_GROUP}.test_{uuid.uuid4().hex}")
    for name in [n for n in sys.modules if n.startswith(module)]:
        del sys.modules[name]


def by_id(entries: list[EngineEntry]) -> dict[str, EngineEntry]:
    return {e.id: e for e in entries}


def test_a_working_plugin_is_found_through_its_entry_point(plugins: Plugins) -> None:
    plugins.add_dist("studio-fake-plugin", {"fake": f"{plugins.module}:FakeBackend"})
    entries = by_id(discover(group=plugins.group, built_ins={}))
    entry = entries["fake"]
    assert entry.origin == "studio-fake-plugin"
    assert entry.error is None
    assert entry.ok
    engine = Registry(list(entries.values())).create("fake")
    assert isinstance(engine, Backend)
    assert engine.manifest.id == "fake"


def test_broken_plugins_become_entries_with_readable_errors(plugins: Plugins) -> None:
    m = plugins.module
    plugins.add_dist("studio-broken-plugins", {
        "noimport": f"{m}_broken:Engine",
        "missing": f"{m}_no_such_module:Engine",
        "noattr": f"{m}:NoSuchClass",
        "exits": f"{m}_exits:Engine",
        "syntax": f"{m}_syntax:Engine",
        "notcallable": f"{m}:NOT_CALLABLE",
    })
    entries = by_id(discover(group=plugins.group, built_ins={}))
    assert set(entries) == {"noimport", "missing", "noattr", "exits", "syntax", "notcallable"}
    for engine_id, entry in entries.items():
        assert entry.factory is None
        assert entry.error is not None
        assert not entry.ok
        assert f"'{engine_id}'" in entry.error
        assert "studio-broken-plugins" in entry.error
        assert "\n" not in entry.error
    assert "needs onnxruntime" in entries["noimport"].error
    assert "ModuleNotFoundError" in entries["missing"].error
    assert "NoSuchClass" in entries["noattr"].error
    assert "SystemExit" in entries["exits"].error
    assert "SyntaxError" in entries["syntax"].error
    assert "not a class or function" in entries["notcallable"].error
    registry = Registry(list(entries.values()))
    with pytest.raises(BackendError, match="needs onnxruntime"):
        registry.create("noimport")


def test_construction_failure_raises_backend_error_and_is_remembered(plugins: Plugins) -> None:
    plugins.add_dist("studio-exploding", {"boom": f"{plugins.module}:ExplodingBackend"})
    registry = Registry(discover(group=plugins.group, built_ins={}))
    assert registry.entry("boom").ok  # importing worked; only constructing fails
    with pytest.raises(BackendError, match=r"'boom' \(from studio-exploding\) failed to start: RuntimeError"):
        registry.create("boom")
    entry = registry.entry("boom")
    assert entry.error is not None and "GPU driver is missing (second line)" in entry.error
    assert not entry.ok
    with pytest.raises(BackendError, match="GPU driver"):
        registry.create("boom")


@pytest.mark.parametrize(("attr", "expected"), [
    ("NotAnEngine", r"does not implement the engine interface \(missing: manifest, availability, unload"),
    ("BadManifest", r"does not implement the engine interface\.$"),
])
def test_object_that_is_not_an_engine_is_refused(plugins: Plugins, attr: str, expected: str) -> None:
    plugins.add_dist("studio-odd", {"odd": f"{plugins.module}:{attr}"})
    registry = Registry(discover(group=plugins.group, built_ins={}))
    with pytest.raises(BackendError, match=expected):
        registry.create("odd")
    assert registry.entry("odd").error is not None


def test_built_ins_load_lazily_by_import_path_without_installation(plugins: Plugins) -> None:
    entries = discover(group="step_studio.nothing_here", built_ins={"local": f"{plugins.module}:FakeBackend"})
    assert [e.id for e in entries] == ["local"]
    assert entries[0].origin == BUILT_IN
    assert entries[0].ok
    made = sys.modules[plugins.module].FakeBackend.made
    assert made == 0  # discovery imports, it does not construct
    Registry(entries).create("local")
    assert sys.modules[plugins.module].FakeBackend.made == 1


def test_broken_built_in_is_an_entry_not_an_exception(plugins: Plugins) -> None:
    entries = discover(group="step_studio.nothing_here", built_ins={"embedded": f"{plugins.module}_gone:E"})
    assert entries[0].id == "embedded"
    assert entries[0].error is not None and "built in" in entries[0].error
    assert Registry(entries).default_id is None


def test_built_in_declared_again_by_the_installed_package_is_listed_once(plugins: Plugins) -> None:
    target = f"{plugins.module}:FakeBackend"
    plugins.add_dist("step-audio-studio-copy", {"embedded": target})
    entries = discover(group=plugins.group, built_ins={"embedded": target})
    assert [e.id for e in entries if e.id.endswith("embedded")] == ["embedded"]
    assert by_id(entries)["embedded"].origin == BUILT_IN


def test_plugin_cannot_take_a_built_in_or_another_plugins_id(plugins: Plugins) -> None:
    m = plugins.module
    plugins.add_dist("aaa-first", {"shared": f"{m}:FakeBackend"})
    plugins.add_dist("zzz-second", {"shared": f"{m}:ExplodingBackend", "embedded": f"{m}:ExplodingBackend"})
    entries = by_id(discover(group=plugins.group, built_ins={"embedded": f"{m}:FakeBackend"}))
    assert entries["embedded"].origin == BUILT_IN and entries["embedded"].ok
    assert entries["shared"].origin == "aaa-first" and entries["shared"].ok
    assert "already used by a built-in engine" in (entries["zzz-second:embedded"].error or "")
    assert "already used by aaa-first" in (entries["zzz-second:shared"].error or "")


def test_entry_points_of_other_groups_are_ignored(plugins: Plugins) -> None:
    plugins.add_dist("studio-other-group", {"other": f"{plugins.module}:FakeBackend"},
                     group="console_scripts")
    assert "other" not in by_id(discover(group=plugins.group, built_ins={}))


def test_discover_defaults_list_the_embedded_engine_first() -> None:
    # Whether backends.embedded imports here depends on the checkout; either way it is listed.
    assert BUILT_INS == {"embedded": "backends.embedded:EmbeddedBackend"}
    entries = discover()
    assert entries[0].id == "embedded"
    assert entries[0].origin == BUILT_IN
    # The installed studio declares the same engine as an entry point: still listed once.
    assert [e.id for e in entries if e.id.endswith("embedded")] == ["embedded"]
    assert (entries[0].factory is None) == (entries[0].error is not None)


def make_entry(engine_id: str, ok: bool = True) -> EngineEntry:
    def factory() -> Backend:
        raise AssertionError("not constructed in this test")

    return EngineEntry(engine_id, "test", factory if ok else None, None if ok else "broken on purpose")


def test_registry_lookup_and_unknown_ids() -> None:
    registry = Registry([make_entry("a"), make_entry("b", ok=False)])
    assert registry.ids() == ["a", "b"]
    assert registry.entry("b").error == "broken on purpose"
    with pytest.raises(KeyError) as info:
        registry.entry("nope")
    assert info.value.args[0] == "No engine called 'nope' is installed (known engines: a, b)."
    with pytest.raises(KeyError, match="nope"):
        registry.create("nope")
    with pytest.raises(BackendError, match="broken on purpose"):
        registry.create("b")


def test_default_id_prefers_a_working_embedded_engine() -> None:
    assert Registry([make_entry("x"), make_entry("embedded")]).default_id == "embedded"
    assert Registry([make_entry("embedded", ok=False), make_entry("x")]).default_id == "x"
    assert Registry([make_entry("x", ok=False)]).default_id is None
    assert Registry([]).default_id is None


def test_duplicate_ids_in_explicit_entries_are_refused() -> None:
    with pytest.raises(ValueError, match="share the id 'a'"):
        Registry([make_entry("a"), make_entry("a")])


def test_registry_without_entries_discovers(monkeypatch: pytest.MonkeyPatch) -> None:
    import backends.registry as registry_module

    monkeypatch.setattr(registry_module, "discover", lambda: [make_entry("only")])
    assert Registry().ids() == ["only"]


def test_entry_is_frozen() -> None:
    entry = make_entry("a")
    with pytest.raises(AttributeError):
        entry.id = "b"  # type: ignore[misc]
