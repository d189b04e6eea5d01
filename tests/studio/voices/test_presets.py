from __future__ import annotations

import json
from pathlib import Path

import pytest

from backends.tags import TagFamily, parse
from studio.voices.library import VoiceLibrary
from studio.voices.presets import (
    EngineSettings,
    Persona,
    Preset,
    PresetNotFound,
    VoiceRef,
    describe,
    shipped_presets,
)


@pytest.fixture()
def lib(tmp_path: Path):
    with VoiceLibrary(tmp_path) as library:
        yield library


def test_add_list_get_rename_delete(lib: VoiceLibrary, tmp_path: Path) -> None:
    a = lib.presets.add("Narrator", VoiceRef.built_in("embedded", "piper:joe"),
                        engine=EngineSettings("embedded", 0.9, -1.0, {"steps": 2}))
    b = lib.presets.add("Host", VoiceRef.library("abc123"), tags="(高兴1)(快速1)",
                        persona=Persona("小星", "你是主持人。"))
    assert [p.name for p in lib.presets.list()] == ["Host", "Narrator"]
    assert [p.id for p in lib.presets.list("高兴")] == [b.id]
    assert lib.presets.get(a.id) == a and a.engine.options == {"steps": 2}
    assert lib.presets.rename(a.id, " Calm  narrator ").name == "Calm narrator"
    assert lib.presets.update(b.id, tags="(高兴2)").tags == "(高兴2)"
    lib.presets.delete(b.id)
    with pytest.raises(PresetNotFound):
        lib.presets.get(b.id)
    assert sorted(p.name for p in (tmp_path / "presets").iterdir()) == [f"{a.id}.json"]
    lib.close()
    with VoiceLibrary(tmp_path) as again:
        assert [p.name for p in again.presets.list()] == ["Calm narrator"]
        assert again.presets.get(a.id).engine == EngineSettings("embedded", 0.9, -1.0, {"steps": 2})


def test_invalid_presets_are_refused(lib: VoiceLibrary) -> None:
    with pytest.raises(ValueError, match="speed"):
        lib.presets.add("Bad", VoiceRef.built_in("e", "v"), engine=EngineSettings(speed=0))
    with pytest.raises(ValueError, match="not plain JSON"):
        lib.presets.add("Bad", VoiceRef.built_in("e", "v"), engine=EngineSettings(options={"f": object()}))
    with pytest.raises(ValueError, match="valid id"):
        Preset.from_json({"id": "../x", "name": "n", "voice": {"kind": "built-in", "engine_id": "e",
                                                                "voice_id": "v"}})
    assert lib.presets.list() == []


def test_unknown_fields_kept_and_text_for() -> None:
    raw = {"id": "p1", "name": "P", "voice": {"kind": "library", "voice_id": "v1"}, "tags": "(快速1)",
           "future": {"x": 1}}
    preset = Preset.from_json(raw)
    assert preset.to_json()["future"] == {"x": 1}
    assert preset.text_for("Hello") == "(快速1)Hello"


def test_shipped_presets_are_valid_and_use_built_in_voices() -> None:
    from backends.embedded import EmbeddedBackend

    shipped = shipped_presets()
    assert shipped.problems == ()
    names = [p.name for p in shipped.presets]
    assert len(names) >= 3 and len(set(p.id for p in shipped.presets)) == len(names)
    voices = {v.id for v in EmbeddedBackend(preload_kokoro=False).voices()}
    for preset in shipped.presets:
        assert preset.voice.kind == "built-in" and preset.voice.voice_id in voices, describe(preset)
        for tag in parse(preset.tags).tags:
            assert tag.family is not TagFamily.FREE, preset.tags
    tags = {p.tags for p in shipped.presets}
    assert "(高兴1)" in tags and "(快速1)" in tags


def test_shipped_presets_report_broken_files(tmp_path: Path) -> None:
    (tmp_path / "good.json").write_text(json.dumps({
        "format": "step-audio-studio-bundle", "version": 1, "voices": [],
        "presets": [{"id": "g", "name": "G",
                     "voice": {"kind": "built-in", "engine_id": "e", "voice_id": "v"}}]}))
    (tmp_path / "broken.json").write_text("{oops")
    (tmp_path / "newer.json").write_text(json.dumps({"format": "step-audio-studio-bundle", "version": 7}))
    found = shipped_presets(tmp_path)
    assert [p.id for p in found.presets] == ["g"]
    assert len(found.problems) == 2 and any("newer" in p for p in found.problems)
