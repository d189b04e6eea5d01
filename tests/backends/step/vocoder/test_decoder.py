from __future__ import annotations

import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

from backends.audio import Audio
from backends.step.vocoder import CosyVoiceDecoder, VocoderFileError
from tests.backends.step.tiny_cosyvoice import build_tiny_cosyvoice


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_cosyvoice(tmp_path_factory.mktemp("cv") / "CosyVoice-300M-25Hz", seed=0)


@pytest.fixture(scope="module")
def clip() -> Audio:
    t = np.arange(int(1.2 * 24000)) / 24000
    x = 0.3 * np.sin(2 * np.pi * 180 * t) * (1 + 0.5 * np.sin(2 * np.pi * 3 * t))
    return Audio(x.astype(np.float32), 24000)


def test_package_import_does_not_import_torch() -> None:
    import subprocess

    code = "import sys, backends.step.vocoder as v; v.CosyVoiceDecoder; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[4])
    assert out.stdout.strip() == "False"


def test_lazy_parts_and_prompt_side(folder: Path, clip: Audio) -> None:
    dec = CosyVoiceDecoder(folder)
    assert dec.loaded == {"flow": False, "hift": False, "campplus": False}
    assert dec.sample_rate == 22050
    emb = dec.speaker_embedding(clip)
    assert emb.shape == (192,) and dec.loaded == {"flow": False, "hift": False, "campplus": True}
    feats = dec.prompt_features(clip)
    assert feats.shape == (int(1.2 * 22050) // 256, 80) and feats.dtype == np.float32
    assert dec.loaded["flow"] is False


def test_token2wav_lengths_seed_and_unload(folder: Path, clip: Audio) -> None:
    dec = CosyVoiceDecoder(folder)
    rng = np.random.default_rng(0)
    tokens, prompt = rng.integers(0, 5120, 17), rng.integers(0, 5120, 10)
    feats, emb = dec.prompt_features(clip)[:20], dec.speaker_embedding(clip)
    a = dec.token2wav(tokens, prompt, feats, emb, seed=7)
    frames = int(17 / (125 / 3) * 22050 / 256)  # the flow's 41.67 Hz tokens -> 22.05 kHz / 256 frames
    assert a.dtype == np.float32 and a.shape == (frames * 256,)
    assert np.isfinite(a).all() and 0 < np.abs(a).max() <= 0.99
    np.testing.assert_array_equal(a, dec.token2wav(tokens, prompt, feats, emb, seed=7))
    assert not np.array_equal(a, dec.token2wav(tokens, prompt, feats, emb, seed=8))
    assert dec.token2wav(np.zeros(0, np.int64), prompt, feats, emb).shape == (0,)
    dec.unload()
    assert dec.loaded == {"flow": False, "hift": False, "campplus": False}
    np.testing.assert_array_equal(a, dec.token2wav(tokens, prompt, feats, emb, seed=7))


def test_token2wav_on_the_test_device(folder: Path, clip: Audio, step_device) -> None:
    """The facade on STEP_TEST_DEVICE: CPU generators, CPU inputs and device models meet here. On the CPU
    this repeats the float32 path; on CUDA the default bf16 flow must be reproducible by seed, and a
    float32 flow there must give the CPU's waveform up to float32 rounding."""
    dec = CosyVoiceDecoder(folder, device=str(step_device))
    rng = np.random.default_rng(4)
    tokens, prompt = rng.integers(0, 5120, 17), rng.integers(0, 5120, 10)
    feats, emb = dec.prompt_features(clip)[:20], dec.speaker_embedding(clip)
    a = dec.token2wav(tokens, prompt, feats, emb, seed=3)
    assert a.dtype == np.float32 and np.isfinite(a).all() and 0 < np.abs(a).max() <= 0.99
    np.testing.assert_array_equal(a, dec.token2wav(tokens, prompt, feats, emb, seed=3))
    assert not np.array_equal(a, dec.token2wav(tokens, prompt, feats, emb, seed=4))
    if step_device.type == "cpu":
        return
    exact = CosyVoiceDecoder(folder, device=str(step_device), flow_dtype="float32")
    ref = CosyVoiceDecoder(folder).token2wav(tokens, prompt, feats, emb, seed=3)
    # Same seed, same noise (drawn on the CPU), float32 everywhere: only kernel rounding differs (~1e-5
    # on the mel), which the F0-driven phase carries into the waveform; 5e-3 of a +-0.99 signal.
    assert np.abs(exact.token2wav(tokens, prompt, feats, emb, seed=3) - ref).max() < 5e-3


def test_music_folder_differs(tmp_path: Path, folder: Path, clip: Audio) -> None:
    music = build_tiny_cosyvoice(tmp_path / "Music", seed=0, music=True)
    rng = np.random.default_rng(1)
    tokens, prompt = rng.integers(0, 5120, 12), rng.integers(0, 5120, 10)
    speech_dec, music_dec = CosyVoiceDecoder(folder), CosyVoiceDecoder(music)
    feats, emb = speech_dec.prompt_features(clip)[:20], speech_dec.speaker_embedding(clip)
    a = speech_dec.token2wav(tokens, prompt, feats, emb, seed=1)
    b = music_dec.token2wav(tokens, prompt, feats, emb, seed=1)
    assert a.shape == b.shape and not np.allclose(a, b)


def test_bad_inputs(folder: Path, clip: Audio) -> None:
    dec = CosyVoiceDecoder(folder)
    feats, emb = np.zeros((10, 80), np.float32), np.ones(192, np.float32)
    with pytest.raises(ValueError, match=r"\[0, 5121\)"):
        dec.token2wav(np.array([5121]), np.array([1]), feats, emb)
    with pytest.raises(ValueError, match="integers"):
        dec.token2wav(np.array([1.5]), np.array([1]), feats, emb)
    with pytest.raises(ValueError, match="prompt_features"):
        dec.token2wav(np.array([1]), np.array([1]), np.zeros((10, 81), np.float32), emb)
    with pytest.raises(ValueError, match="192"):
        dec.token2wav(np.array([1]), np.array([1]), feats, np.ones(10, np.float32))


@pytest.mark.parametrize("name", ["cosyvoice.yaml", "flow.pt", "hift.pt", "campplus.onnx"])
def test_missing_file_is_named(tmp_path: Path, folder: Path, clip: Audio, name: str) -> None:
    broken = Path(shutil.copytree(folder, tmp_path / "cv"))
    (broken / name).unlink()
    dec = CosyVoiceDecoder(broken)
    assert dec.missing_files() == [broken / name]
    with pytest.raises(VocoderFileError, match=name.replace(".", r"\.")):
        dec.load()


def test_damaged_flow_is_named(tmp_path: Path, folder: Path) -> None:
    broken = Path(shutil.copytree(folder, tmp_path / "cv"))
    (broken / "flow.pt").write_bytes(b"garbage")
    with pytest.raises(VocoderFileError, match=r"flow\.pt.*damaged"):
        CosyVoiceDecoder(broken).flow()
