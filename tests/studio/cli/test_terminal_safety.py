"""Text from outside never drives the terminal (issue 20): what the CLI prints is escaped, and a
hostile bundle is refused in one line with nothing printed raw."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from backends.audio import Audio
from backends.base import (
    Availability,
    CancelToken,
    InvalidRequest,
    Manifest,
    SynthesisEvent,
    SynthesisRequest,
    VoiceInfo,
)
from backends.registry import EngineEntry, Registry
from studio import cli, paths
from studio.cli.common import format_table, one_line
from studio.voices.library import VoiceLibrary
from studio.voices.manifest import FORMAT

ESCAPES = ["\x1b[2J", "\x1b]0;owned\x07", "\x1b[8m", "\r", "\u202e", "\u2066", "\x9b"]


def clean(text: str) -> bool:
    """No character that a terminal obeys: C0 except the line breaks we print, DEL, C1, bidi."""
    return not any((ord(ch) < 32 and ch not in "\n\t") or 0x7f <= ord(ch) < 0xa0
                   or ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069" for ch in text)


class Voices:
    """A minimal engine whose built-in voice names are hostile (a plugin is outside text too)."""

    manifest = Manifest(id="odd", name="Odd", version="1", licence="MIT", description="x",
                        languages=("en",), tags={})

    def availability(self) -> Availability:
        return Availability(True)

    def load(self) -> None:
        pass

    def unload(self) -> None:
        pass

    def synthesize(self, request: SynthesisRequest, cancel: CancelToken) -> Iterator[SynthesisEvent]:
        raise InvalidRequest("This test engine lists voices only.")

    def voices(self) -> list[VoiceInfo]:
        return [VoiceInfo("a", "Evil\x1b[2J\u202eeno", ("en",), 16000, "\x1b]0;t\x07")]


def run(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    registry = Registry([EngineEntry("odd", "tests", Voices, None)])
    code = cli.main(args, registry=registry, stdout=out, stderr=err, stdin=io.StringIO(""))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.mark.parametrize("bad", ESCAPES, ids=repr)
def test_one_line_and_tables_escape(bad: str) -> None:
    assert clean(one_line(f"a{bad}b"))
    table = format_table(("ID", "NAME"), [("x", f"n{bad}m"), ("y", "中文")])
    assert clean(table) and len(table.splitlines()) == 4


def test_escapes_are_visible_not_dropped() -> None:
    assert one_line("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert one_line("x\u202ey") == "x\\u202ey"
    assert one_line("two\nlines\r") == "two lines"  # line breaks are whitespace: one space


def test_voices_prints_old_hostile_records_escaped(home: Path) -> None:
    # A voice imported before names were checked: its record is edited on disk, the index rebuilt.
    root = paths.data_dir()
    with VoiceLibrary(root) as library:
        voice = library.add("Ann", Audio(np.zeros(2400, np.float32), 24000))
    sidecar = root / "voices" / f"{voice.id}.json"
    record = json.loads(sidecar.read_text("utf-8"))
    record["name"] = "Ann\x1b[2J\x1b]0;title\x07"
    record["language"] = "\u202een"
    sidecar.write_text(json.dumps(record), "utf-8")
    (root / "library.sqlite3").unlink()
    code, out, err = run(["voices", "--engine", "odd"])
    assert code == 0, err
    assert clean(out) and clean(err)
    assert "Ann\\x1b[2J\\x1b]0;title\\x07" in out and "Evil\\x1b[2J\\u202eeno" in out


def test_import_preset_refuses_escapes_in_one_clean_line(home: Path, tmp_path: Path) -> None:
    bundle = tmp_path / "evil.json"
    bundle.write_text(json.dumps({"format": FORMAT, "version": 1, "voices": [], "presets": [
        {"id": "p1", "name": "Calm\x1b[2J\r\u202e", "voice": {"kind": "built-in", "engine_id": "odd",
                                                             "voice_id": "a"}}]}), "utf-8")
    code, out, err = run(["import-preset", str(bundle)])
    assert code != 0 and out == ""
    assert len(err.splitlines()) == 1 and "control character" in err and "U+001B" in err
    assert clean(err)
    with VoiceLibrary(paths.data_dir()) as library:
        assert library.presets.list() == []


def test_import_preset_prints_a_good_bundle_and_refuses_too_many(home: Path, tmp_path: Path) -> None:
    presets = [{"id": f"p{i}", "name": f"中文 {i}", "voice": {"kind": "built-in", "engine_id": "odd",
                                                             "voice_id": "a"}} for i in range(2)]
    bundle = tmp_path / "ok.zip"
    with zipfile.ZipFile(bundle, "w") as zf:
        zf.writestr("manifest.json", json.dumps({"format": FORMAT, "version": 1, "voices": [],
                                                 "presets": presets}))
    code, out, err = run(["import-preset", str(bundle)])
    assert code == 0, err
    assert "imported preset\tp1\t中文 1" in out and clean(out)
    many = tmp_path / "many.json"
    many.write_text(json.dumps({"format": FORMAT, "version": 1, "voices": [],
                                "presets": presets * 600}), "utf-8")
    code, out, err = run(["import-preset", str(many)])
    assert code != 0 and "1200 presets" in err and len(err.splitlines()) == 1
