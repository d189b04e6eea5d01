from __future__ import annotations

from pathlib import Path

from studio.conversation.personas import load_persona_file, load_personas


def test_shipped_personas_load() -> None:
    personas = load_personas()
    ids = {p.id for p in personas}
    assert {"assistant", "tutor", "detective", "barista"} <= ids
    for p in personas:
        assert p.name and len(p.system_prompt) > 40 and p.description


def test_user_folder_overrides_and_bad_files_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "assistant.toml").write_text('name = "Mine"\nsystem_prompt = "Talk like a pirate."\n')
    (tmp_path / "broken.toml").write_text("name = ")
    (tmp_path / "json_one.json").write_text('{"name": "J", "system_prompt": "x", "voice_id": "piper:joe"}')
    by_id = {p.id: p for p in load_personas([tmp_path])}
    assert by_id["assistant"].name == "Mine"
    assert by_id["json_one"].voice_id == "piper:joe"
    assert "broken" not in by_id


def test_missing_prompt_is_an_error(tmp_path: Path) -> None:
    f = tmp_path / "x.toml"
    f.write_text('name = "X"\n')
    try:
        load_persona_file(f)
    except ValueError as exc:
        assert "system_prompt" in str(exc)
    else:
        raise AssertionError("a persona without a prompt was accepted")
