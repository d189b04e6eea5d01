"""The EditX model folder's layout: what is fetched, what must be there, and a chosen folder's check."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from backends.step.layout import EDITX_SPEC, check_folder, missing_files
from backends.step.vocoder.config import VocoderFileError
from backends.step.vocoder.editx.decoder import EditxDecoder
from tests.backends.step.tiny_cosyvoice import build_tiny_cosyvoice

DATA = Path(__file__).resolve().parents[3] / "data" / "step"


def test_the_duplicate_tokenizer_model_and_remote_code_are_not_fetched() -> None:
    assert EDITX_SPEC.wanted("CosyVoice-300M-25Hz/flow.pt")
    assert EDITX_SPEC.wanted("CosyVoice-300M-25Hz/FLOW_VERSION")
    assert EDITX_SPEC.wanted("model-00001.safetensors") and EDITX_SPEC.wanted("tokenizer_config.json")
    assert not EDITX_SPEC.wanted("CosyVoice-300M-25Hz/speech_tokenizer_v1.onnx")
    assert not EDITX_SPEC.wanted("modeling_step1.py") and not EDITX_SPEC.wanted("README.md")


def _folder(root: Path) -> Path:
    (root / "CosyVoice-300M-25Hz").mkdir(parents=True)
    for name in ("config.json", "tokenizer.model", "model-00001.safetensors"):
        (root / name).write_bytes(b"x")
    shutil.copy(DATA / "editx" / "cosyvoice_tiny.yaml", root / "CosyVoice-300M-25Hz" / "cosyvoice.yaml")
    for name in ("flow.pt", "hift.pt", "campplus.onnx"):
        (root / "CosyVoice-300M-25Hz" / name).write_bytes(b"x")
    return root


def test_a_complete_folder_passes_and_a_gap_is_named(tmp_path: Path) -> None:
    folder = _folder(tmp_path / "Step-Audio-EditX")
    assert check_folder(folder, EDITX_SPEC).problem == ""
    assert check_folder(tmp_path, EDITX_SPEC).problem == "in_subfolder"
    (folder / "CosyVoice-300M-25Hz" / "hift.pt").unlink()
    assert missing_files(folder, EDITX_SPEC) == ["CosyVoice-300M-25Hz/hift.pt"]


def test_a_tts_3b_decoder_in_the_editx_slot_is_refused_by_its_yaml(tmp_path: Path) -> None:
    """Both folders have the same file names; the decoder's yaml tells them apart, naming the key."""
    folder = tmp_path / "CosyVoice-300M-25Hz"
    build_tiny_cosyvoice(folder)
    with pytest.raises(VocoderFileError, match=r"key 'flow' must construct CausalMaskedDiffWithXvec, "
                                                 r"found .*\.MaskedDiffWithXvec"):
        EditxDecoder(folder).flow()
