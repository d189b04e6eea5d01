"""The model-folder layout check: bounded (never a walk of the tree, whatever the folder holds), and a
chosen folder's problem said in one sentence."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from backends.step.engine import StepLocalBackend
from backends.step.files import TOKENIZER_SPEC, TTS_SPEC, ModelFiles, check_folder, missing_files
from backends.step.layout import PARAFORMER_DIR


def big_tree(root: Path, dirs: int = 40, files: int = 25) -> Path:
    """A folder that is not a model, with a deep tree under `trap/` that no check may enter."""
    trap = root / "trap"
    for d in range(dirs):
        sub = trap / f"d{d}" / "deeper"
        sub.mkdir(parents=True)
        for f in range(files):
            (sub / f"f{f}.safetensors").write_bytes(b"x")
    (root / "notes.txt").write_text("not a model")
    return root


class ScanRecorder:
    """Records every folder listed through os.scandir (os.walk, Path.glob and rglob list with it)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.listed: list[str] = []
        real = os.scandir

        def scandir(path: Any = ".") -> Any:
            self.listed.append(os.fspath(path))
            return real(path)

        monkeypatch.setattr(os, "scandir", scandir)

    def entered(self, folder: Path) -> list[str]:
        return [p for p in self.listed if Path(p).is_relative_to(folder)]


def test_availability_of_a_huge_non_model_folder_never_enters_its_tree(tmp_path, monkeypatch) -> None:
    import backends.step.engine as eng

    monkeypatch.setattr(eng, "gpu_info", lambda: None)
    root = big_tree(tmp_path / "big")
    scans = ScanRecorder(monkeypatch)
    engine = StepLocalBackend(tokenizer_folder=root, tts_folder=root, state_dir=tmp_path / "s", offline=True)
    state = engine.availability()
    assert scans.entered(root / "trap") == []
    assert len(scans.listed) <= 4  # the wildcard patterns' own folders, nothing more
    assert not state.available and "Step-Audio-TTS-3B is not downloaded" in state.reason


def test_missing_files_looks_only_where_the_layout_puts_each_file(tiny_step_folders, monkeypatch) -> None:
    tok, tts = tiny_step_folders
    scans = ScanRecorder(monkeypatch)
    assert missing_files(tok, TOKENIZER_SPEC) == []
    assert missing_files(tts, TTS_SPEC, music=True) == []
    assert scans.listed == [str(tts)]  # "*.safetensors": one listing of the top folder, not below


def test_a_wildcard_is_not_matched_below_its_folder(tmp_path) -> None:
    folder = tmp_path / "tts"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "model.safetensors").write_bytes(b"1")
    assert "*.safetensors" in missing_files(folder, TTS_SPEC)
    (folder / "model.safetensors").write_bytes(b"1")
    assert "*.safetensors" not in missing_files(folder, TTS_SPEC)
    (folder / "config.json").write_bytes(b"")  # empty: a download that stopped
    assert "config.json" in missing_files(folder, TTS_SPEC)


def _tokenizer(folder: Path, skip: str = "") -> Path:
    for rel in TOKENIZER_SPEC.required:
        if rel != skip:
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_bytes(b"1")
    return folder


def _tts(folder: Path) -> Path:
    for rel in TTS_SPEC.required:
        path = folder / rel.replace("*", "model")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"1")
    return folder


def test_a_chosen_folder_is_checked_and_its_problem_said_in_one_sentence(tmp_path) -> None:
    specs = (TOKENIZER_SPEC, TTS_SPEC)
    partial = _tokenizer(tmp_path / "partial", skip="speech_tokenizer_v1.onnx")
    result = check_folder(partial, TOKENIZER_SPEC, specs)
    assert not result.ok and result.missing == ("speech_tokenizer_v1.onnx",)
    assert result.sentence() == "This folder has no audio tokenizer: speech_tokenizer_v1.onnx is missing."

    tts = _tts(tmp_path / "tts")
    wrong_slot = check_folder(tts, TOKENIZER_SPEC, specs)
    assert wrong_slot.problem == "other_model"
    assert wrong_slot.sentence().startswith("This folder holds Step-Audio-TTS-3B, not Step-Audio-Tokenizer")

    parent = tmp_path / "models"
    _tokenizer(parent / "stepfun-ai" / "Step-Audio-Tokenizer")
    above = check_folder(parent, TOKENIZER_SPEC, specs)
    assert above.problem == "in_subfolder" and above.hint == "stepfun-ai/Step-Audio-Tokenizer"

    empty = check_folder(big_tree(tmp_path / "big"), TTS_SPEC, specs)
    assert empty.nothing_present and empty.sentence() == (
        "This folder has no TTS-3B model: none of its files (config.json, tokenizer.model, ...) is there.")
    assert check_folder(tmp_path / "nowhere", TTS_SPEC).problem == "absent"
    assert check_folder(tmp_path / "big" / "notes.txt", TTS_SPEC).problem == "not_a_folder"
    assert check_folder(_tokenizer(tmp_path / "whole"), TOKENIZER_SPEC, specs).ok
    assert f"{PARAFORMER_DIR}/model.pt" in check_folder(tmp_path / "big", TOKENIZER_SPEC).missing


def test_a_folder_with_more_entries_than_a_model_has_is_not_listed_to_the_end(tmp_path, monkeypatch) -> None:
    import backends.step.layout as layout

    monkeypatch.setattr(layout, "_LISTING_LIMIT", 50)
    folder = tmp_path / "crowded"
    folder.mkdir()
    for i in range(200):
        (folder / f"a{i:03d}.bin").write_bytes(b"1")
    read = [0]
    real = os.scandir

    class Counted:
        def __init__(self, path: Any) -> None:
            self.inner = real(path)

        def __enter__(self) -> Any:
            return self

        def __exit__(self, *exc: object) -> None:
            self.inner.close()

        def __iter__(self) -> Any:
            for entry in self.inner:
                read[0] += 1
                yield entry

    monkeypatch.setattr(os, "scandir", Counted)
    files = ModelFiles(tts_folder=folder, offline=True, specs=(TOKENIZER_SPEC, TTS_SPEC))
    assert "Step-Audio-TTS-3B: *.safetensors" in files.missing()
    assert read[0] <= 51
