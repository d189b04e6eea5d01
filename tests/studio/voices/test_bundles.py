from __future__ import annotations

import io
import json
import os
import stat
import zipfile
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from backends.audio import Audio
from backends.base import VoiceProfile
from studio.voices import bundles
from studio.voices.bundles import BundleError, export_bundle, import_bundle, preview_bundle
from studio.voices.library import Consent, VoiceLibrary
from studio.voices.presets import EngineSettings, Persona, VoiceRef

CONSENT = Consent("Ann Lee", True, "said yes on the recording", "recorded in the studio", "2026-01-02",
                  "CC-BY-4.0", "tester")
PROFILE = VoiceProfile("embedded", "match", 1,
                       {"voices": [["kokoro:jf_alpha", 0.7]], "pitch": 1.5, "speed": 1.0},
                       0.71, 0.52, "blend")


def tone(seconds: float = 0.5, rate: int = 24000) -> Audio:
    t = np.arange(int(seconds * rate)) / rate
    return Audio((0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32), rate)


@pytest.fixture()
def source(tmp_path: Path):
    with VoiceLibrary(tmp_path / "source") as lib:
        voice = lib.add("Ann", tone(), transcript="Hello", language="en", consent=CONSENT,
                        profiles=[PROFILE], tags=["warm"])
        lib.presets.add("Happy Ann", VoiceRef.library(voice.id), tags="(高兴1)",
                        engine=EngineSettings("embedded", 1.1, 2.0, {"steps": 4}),
                        persona=Persona("Ann", "Be kind."))
        lib.presets.add("Joe", VoiceRef.built_in("embedded", "piper:joe"))
        yield lib


@pytest.fixture()
def target(tmp_path: Path):
    with VoiceLibrary(tmp_path / "target") as lib:
        yield lib


def _bundle(source: VoiceLibrary, path: Path) -> Path:
    return export_bundle(path, [v.id for v in source.list()], [p.id for p in source.presets.list()], source)


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and "sqlite3" not in p.name}


def test_round_trip_is_exact(source: VoiceLibrary, target: VoiceLibrary, tmp_path: Path) -> None:
    path = _bundle(source, tmp_path / "b.zip")
    with zipfile.ZipFile(path) as zf:
        assert zf.namelist()[0] == "manifest.json"
        manifest = json.loads(zf.read("manifest.json"))
    assert manifest["format"] == "step-audio-studio-bundle" and manifest["version"] == 1
    preview = preview_bundle(path)
    assert [v.name for v in preview.voices] == ["Ann"] and len(preview.presets) == 2
    assert preview.voices[0].consent == CONSENT and preview.problems == ()
    result = import_bundle(path, target)
    [voice] = result.voices
    original = source.list()[0]
    assert voice.audio_path.read_bytes() == original.audio_path.read_bytes()  # bit-exact FLAC
    assert voice.to_json() == original.to_json()
    assert sorted(p.to_json()["name"] for p in target.presets.list()) == ["Happy Ann", "Joe"]
    again = export_bundle(tmp_path / "c.zip", [voice.id], [p.id for p in target.presets.list()], target)
    with zipfile.ZipFile(again) as zf:
        manifest2 = json.loads(zf.read("manifest.json"))
        assert zf.read(f"audio/{voice.id}.flac") == original.audio_path.read_bytes()
    for key in ("voices", "format", "version"):
        assert manifest2[key] == manifest[key]
    assert sorted(manifest2["presets"], key=lambda p: p["id"]) == sorted(manifest["presets"],
                                                                         key=lambda p: p["id"])


def test_unknown_fields_survive_import_and_export(source: VoiceLibrary, target: VoiceLibrary,
                                                  tmp_path: Path) -> None:
    path = _bundle(source, tmp_path / "b.zip")
    with zipfile.ZipFile(path) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        members = {n: zf.read(n) for n in zf.namelist()}
    manifest["future_top"] = {"a": [1, 2]}
    manifest["voices"][0]["future_voice"] = "kept"
    manifest["voices"][0]["consent"]["witness"] = "Bob"
    manifest["presets"][0]["future_preset"] = 3
    members["manifest.json"] = json.dumps(manifest).encode()
    future = _write_zip(tmp_path / "future.zip", members)
    import_bundle(future, target)
    out = export_bundle(tmp_path / "out.zip", [v.id for v in target.list()],
                        [p.id for p in target.presets.list()], target)
    with zipfile.ZipFile(out) as zf:
        back = json.loads(zf.read("manifest.json"))
    assert back["future_top"] == {"a": [1, 2]}
    assert back["voices"][0]["future_voice"] == "kept" and back["voices"][0]["consent"]["witness"] == "Bob"
    by_id = {p["id"]: p for p in back["presets"]}
    assert by_id[manifest["presets"][0]["id"]]["future_preset"] == 3
    assert "bundle_extra" not in back["voices"][0]


def test_import_twice_gets_new_ids_and_presets_follow(source: VoiceLibrary, target: VoiceLibrary,
                                                      tmp_path: Path) -> None:
    path = _bundle(source, tmp_path / "b.zip")
    import_bundle(path, target)
    preview = preview_bundle(path, target)
    assert any("new id" in p for p in preview.problems)
    second = import_bundle(path, target)
    [voice] = second.voices
    assert voice.id != source.list()[0].id and len(target.list()) == 2
    happy = next(p for p in second.presets if p.name == "Happy Ann")
    assert happy.voice.voice_id == voice.id


def test_preset_only_json_bundle(source: VoiceLibrary, target: VoiceLibrary, tmp_path: Path) -> None:
    joe = next(p for p in source.presets.list() if p.name == "Joe")
    path = export_bundle(tmp_path / "p.json", [], [joe.id], source)
    assert json.loads(path.read_text())["voices"] == []
    assert preview_bundle(path).kind == "json"
    result = import_bundle(path, target)
    assert [p.name for p in result.presets] == ["Joe"] and target.list() == []
    with pytest.raises(BundleError, match="only presets"):
        export_bundle(tmp_path / "v.json", [source.list()[0].id], [], source)


def test_missing_consent_is_flagged(target: VoiceLibrary, tmp_path: Path) -> None:
    with VoiceLibrary(tmp_path / "s2") as lib:
        voice = lib.add("Nobody asked", tone())
        path = export_bundle(tmp_path / "n.zip", [voice.id], [], lib)
    preview = preview_bundle(path)
    assert any("agreed" in p for p in preview.problems)
    assert "NOT RECORDED" in "\n".join(preview.summary())


# --- hostile bundles --------------------------------------------------------------------------


def _write_zip(path: Path, members: dict[str, bytes], infos: dict[str, zipfile.ZipInfo] | None = None,
               compress: int = zipfile.ZIP_STORED) -> Path:
    with zipfile.ZipFile(path, "w", compression=compress) as zf:
        for name, data in members.items():
            if infos and name in infos:
                zf.writestr(infos[name], data)
            else:
                zf.writestr(name, data)
    return path


def _good(source: VoiceLibrary, tmp_path: Path) -> tuple[dict[str, object], dict[str, bytes]]:
    path = _bundle(source, tmp_path / "good.zip")
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    return json.loads(members["manifest.json"]), members


def _with_manifest(members: dict[str, bytes], manifest: object) -> dict[str, bytes]:
    return {**members, "manifest.json": json.dumps(manifest).encode()}


def _flac(audio: Audio) -> bytes:
    buffer = io.BytesIO()
    sf.write(buffer, audio.samples, audio.sample_rate, format="FLAC")
    return buffer.getvalue()


def _hostile_cases(source: VoiceLibrary, tmp_path: Path) -> dict[str, tuple[Path, str]]:
    manifest, members = _good(source, tmp_path)
    voice = manifest["voices"][0]  # type: ignore[index]
    audio_name = voice["audio"]
    cases: dict[str, tuple[dict[str, bytes], str]] = {}
    for bad in ("../evil.flac", "/etc/evil", "audio\\evil.flac", "C:/evil.flac", "audio/../../x"):
        cases[f"path {bad}"] = ({**members, bad: b"x"}, "refused")
    cases["stranger"] = ({**members, "audio/extra.flac": members[audio_name]}, "does not name")
    cases["wrong format"] = (_with_manifest(members, {**manifest, "format": "zipper"}), "not a Step Audio")
    cases["newer"] = (_with_manifest(members, {**manifest, "version": 2}), "newer")
    cases["bad version"] = (_with_manifest(members, {**manifest, "version": "1"}), "version")
    cases["malformed"] = ({**members, "manifest.json": b"{\"format\": "}, "not valid JSON")
    nan = members["manifest.json"].replace(b'"created":', b'"x": NaN, "created":', 1)
    cases["nan"] = ({**members, "manifest.json": nan},
                    "not valid JSON")
    cases["no manifest"] = ({k: v for k, v in members.items() if k != "manifest.json"}, "no manifest")
    cases["not audio"] = ({**members, audio_name: b"#!/bin/sh\nrm -rf /\n" * 50},
                          "checksum")
    unsummed = json.loads(json.dumps(manifest))
    unsummed["voices"][0]["sha256"] = ""
    cases["not audio, no checksum"] = ({**_with_manifest(members, unsummed), audio_name: b"MZ\x90\x00" * 500},
                                       "not audio")
    wav = io.BytesIO()
    sf.write(wav, tone().samples, 24000, format="WAV")
    cases["wav not flac"] = ({**_with_manifest(members, unsummed), audio_name: wav.getvalue()}, "not FLAC")
    long = tone(seconds=301, rate=8000)
    cases["too long"] = ({**_with_manifest(members, unsummed), audio_name: _flac(long)}, "longer")
    evil_profile = json.loads(json.dumps(manifest))
    evil_profile["voices"][0]["profiles"]["embedded"]["data"] = "__import__('os').system('x')"
    cases["profile data not an object"] = (_with_manifest(members, evil_profile), "data must be an object")
    other_engine = json.loads(json.dumps(manifest))
    other_engine["voices"][0]["profiles"]["embedded"]["engine_id"] = "other"
    cases["profile key mismatch"] = (_with_manifest(members, other_engine), "is for engine")
    traversal_id = json.loads(json.dumps(manifest))
    traversal_id["voices"][0]["id"] = "../../x"
    cases["voice id traversal"] = (_with_manifest(members, traversal_id), "valid id")
    wrong_audio = json.loads(json.dumps(manifest))
    wrong_audio["voices"][0]["audio"] = "../" + audio_name
    cases["audio name elsewhere"] = (_with_manifest(members, wrong_audio), "expected")
    dup = json.loads(json.dumps(manifest))
    dup["presets"].append(dup["presets"][0])
    cases["duplicate preset id"] = (_with_manifest(members, dup), "appears twice")
    bad_preset = json.loads(json.dumps(manifest))
    bad_preset["presets"][0]["engine"]["speed"] = -1
    cases["bad preset"] = (_with_manifest(members, bad_preset), "speed")
    huge = {**manifest, "padding": "x" * (bundles.MAX_MANIFEST_BYTES + 10)}
    cases["huge manifest"] = (_with_manifest(members, huge), "larger than")
    out: dict[str, tuple[Path, str]] = {}
    for i, (name, (files, words)) in enumerate(cases.items()):
        out[name] = (_write_zip(tmp_path / f"hostile{i}.zip", files), words)
    # a symlink member
    link = zipfile.ZipInfo("audio/link.flac")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    out["symlink"] = (_write_zip(tmp_path / "link.zip", {**members, "audio/link.flac": b"/etc/passwd"},
                                 {"audio/link.flac": link}), "symbolic link")
    # duplicate member names
    dup_path = tmp_path / "dup.zip"
    with zipfile.ZipFile(dup_path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        with pytest.warns(UserWarning):
            zf.writestr(audio_name, members[audio_name])
    out["duplicate member"] = (dup_path, "appears twice")
    # a zip bomb: a small file that inflates hugely
    bomb = {**members, "audio/bomb.flac": b"\0" * (20 * 1024 * 1024)}
    out["bomb"] = (_write_zip(tmp_path / "bomb.zip", bomb, compress=zipfile.ZIP_DEFLATED), "zip bomb")
    # a header that lies about the size: patch the central directory's uncompressed size down
    liar = _write_zip(tmp_path / "liar.zip", members)
    data = bytearray(liar.read_bytes())
    name_bytes = b"manifest.json"
    offset = data.find(name_bytes, data.find(b"PK\x01\x02"))
    header = offset - 46
    assert data[header:header + 4] == b"PK\x01\x02"
    data[header + 24:header + 28] = (10).to_bytes(4, "little")
    liar.write_bytes(bytes(data))
    out["lying header"] = (liar, "refused")
    # not a zip and not JSON; too big a file
    (tmp_path / "junk.zip").write_bytes(os.urandom(2048))
    out["junk"] = (tmp_path / "junk.zip", "neither")
    return out


def test_hostile_bundles_are_refused_and_change_nothing(source: VoiceLibrary, target: VoiceLibrary,
                                                        tmp_path: Path) -> None:
    target.add("Existing", tone(), consent=CONSENT)
    before_files = _snapshot(target.root)
    before = [v.to_json() for v in target.list()], [p.to_json() for p in target.presets.list()]
    (tmp_path / "cases").mkdir()
    cases = _hostile_cases(source, tmp_path / "cases")
    assert len(cases) >= 28
    for name, (path, words) in cases.items():
        with pytest.raises(BundleError) as preview_error:
            preview_bundle(path, target)
        with pytest.raises(BundleError) as import_error:
            import_bundle(path, target)
        message = str(import_error.value)
        assert str(preview_error.value) == message
        assert words in message, (name, message)
        assert "\n" not in message and message.endswith("."), (name, message)
    assert ([v.to_json() for v in target.list()], [p.to_json() for p in target.presets.list()]) == before
    assert _snapshot(target.root) == before_files


def test_bundle_size_caps(source: VoiceLibrary, target: VoiceLibrary, tmp_path: Path,
                          monkeypatch: pytest.MonkeyPatch) -> None:
    path = _bundle(source, tmp_path / "b.zip")
    monkeypatch.setattr(bundles, "MAX_BUNDLE_BYTES", 1000)
    with pytest.raises(BundleError, match="larger than"):
        preview_bundle(path)
    monkeypatch.setattr(bundles, "MAX_BUNDLE_BYTES", 10**9)
    monkeypatch.setattr(bundles, "MAX_TOTAL_UNCOMPRESSED", 1000)
    with pytest.raises(BundleError, match="unpack to more"):
        import_bundle(path, target)
    assert target.list() == []


def test_import_killed_before_commit_leaves_nothing(source: VoiceLibrary, target: VoiceLibrary,
                                                    tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _bundle(source, tmp_path / "b.zip")

    class Killed(BaseException):
        pass

    def die() -> None:
        raise Killed()

    monkeypatch.setattr(target, "_before_import_commit", die)
    with pytest.raises(Killed):
        import_bundle(path, target)
    assert target.list() == [] and target.presets.list() == []
    assert list(target.voices_dir.iterdir()) == []


def test_staged_import_files_are_cleaned_or_finished_on_open(source: VoiceLibrary, tmp_path: Path) -> None:
    voice = source.list()[0]
    folder = source.voices_dir
    # an import killed before its commit left staged files: they go
    (folder / "abc.json.importing").write_text("{}")
    (folder / "abc.flac.importing").write_bytes(b"x")
    # an import killed after its commit: the staged file is moved into place
    (folder / f"{voice.id}.json").replace(folder / f"{voice.id}.json.importing")
    source.close()
    with VoiceLibrary(source.root) as lib:
        names = sorted(p.name for p in folder.iterdir())
        assert names == sorted([f"{voice.id}.flac", f"{voice.id}.json"])
        assert lib.get(voice.id).name == "Ann"


def test_pronunciations_travel_in_both_kinds_of_bundle(source: VoiceLibrary, target: VoiceLibrary,
                                                       tmp_path: Path) -> None:
    from backends.lexicon import check_entry

    said = (check_entry("Siobhan", "Shiv-awn", "respell", "en"),
            check_entry("重庆", "chong2 qing4", "pinyin"))
    zipped = export_bundle(tmp_path / "b.zip", [v.id for v in source.list()], [], source, said)
    preview = preview_bundle(zipped)
    assert preview.pronunciations == said
    assert any("pronunciation 重庆  [pinyin: chong2 qing4]" in line for line in preview.summary())
    assert import_bundle(zipped, target).pronunciations == said
    bare = export_bundle(tmp_path / "p.json", [], [p.id for p in source.presets.list() if p.name == "Joe"],
                         source, said[:1])
    assert preview_bundle(bare).pronunciations == said[:1]
    assert preview_bundle(_bundle(source, tmp_path / "none.zip")).pronunciations == ()


def test_hostile_pronunciations_refuse_the_bundle_and_change_nothing(target: VoiceLibrary,
                                                                     tmp_path: Path) -> None:
    manifest = {"format": bundles.FORMAT, "version": bundles.VERSION, "voices": [], "presets": [],
                "pronunciations": [{"word": "a\u202eb", "reading": "x", "kind": "respell"}]}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(manifest), encoding="utf-8")
    for call in (lambda: preview_bundle(path), lambda: import_bundle(path, target)):
        with pytest.raises(BundleError, match="its pronunciations: Entry 1") as caught:
            call()
        assert "\u202e" not in str(caught.value)
    assert target.list() == [] and target.presets.list() == []
