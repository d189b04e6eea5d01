"""Tokens for any clip through the tokenizer's child process, with a tiny tokenizer in the official layout."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from backends.audio import Audio
from backends.base import Cancelled, CancelToken
from backends.step.files import find_tokenizer_folder
from studio.timeline.clip_tokens import ClipTokensError, check_streams, tokenize_clip
from studio.timeline.tokens import TokenTimeline

pytestmark = pytest.mark.timeout(300)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.backends.step.tiny_tokenizer import build_tiny_tokenizer

    return build_tiny_tokenizer(tmp_path_factory.mktemp("clip_tokenizer"), seed=2)


def speechlike(seconds: float, rate: int) -> Audio:
    rng = np.random.default_rng(11)
    t = np.arange(round(seconds * rate)) / rate
    tone = 0.3 * np.sin(2 * np.pi * 180 * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 3 * t))
    return Audio((tone + 0.02 * rng.standard_normal(len(t))).astype(np.float32), rate)


def test_a_clip_at_its_own_rate_gets_the_tokenizers_codes_at_their_slots(folder: Path) -> None:
    from backends.step.tokenizer import StepAudioTokenizer

    audio = speechlike(2.5, 22050)
    reports: list[float] = []
    timeline = tokenize_clip(audio, folder, CancelToken(), reports.append)
    # The same codes as the tokenizer run here on the same clip (the child saves it as a WAV file
    # of 32-bit floats, so nothing is lost on the way).
    direct = StepAudioTokenizer(folder).tokenize(audio)
    expected = TokenTimeline.from_streams(direct.vq02, direct.vq06)
    assert len(timeline) > 0 and np.array_equal(timeline.codes(), expected.codes())
    vq02, vq06 = timeline.lane("vq02"), timeline.lane("vq06")
    assert np.allclose(vq02.starts[:4], [0.0, 0.06, 0.12, 0.18])
    assert np.allclose(vq06.starts[:3], [0, 0.04, 0.08])
    assert timeline.duration <= audio.duration + 0.12
    assert reports[0] == 0.0 and reports[-1] == 1.0 and reports == sorted(reports)


def test_a_cancel_ends_the_child_at_once(folder: Path) -> None:
    cancel = CancelToken()
    reports: list[float] = []

    def report(fraction: float) -> None:
        reports.append(fraction)
        cancel.cancel()

    with pytest.raises(Cancelled):
        tokenize_clip(speechlike(240.0, 16000), folder, cancel, report)
    # Eight 30 s pieces report 17 times; killed at the first report, the child wrote a few at most.
    assert 1 <= len(reports) < 8, reports


def test_missing_files_and_silence_get_one_sentence(folder: Path, tmp_path: Path) -> None:
    broken = tmp_path / "tokenizer"
    shutil.copytree(folder, broken)
    (broken / "linguistic_tokenizer.npy").unlink()
    with pytest.raises(ClipTokensError) as caught:
        tokenize_clip(speechlike(1.0, 16000), broken, CancelToken())
    message = str(caught.value)
    assert "linguistic_tokenizer.npy" in message and "\n" not in message and "Traceback" not in message
    with pytest.raises(ClipTokensError, match="no audio"):
        tokenize_clip(Audio(np.zeros(0, np.float32), 16000), folder, CancelToken())


def test_what_the_child_wrote_is_checked() -> None:
    fine = np.zeros(16, np.int16), np.zeros(25, np.int16)
    check_streams(*fine, duration=1.0)
    with pytest.raises(ClipTokensError, match="vq06 codes outside"):
        check_streams(fine[0], np.full(25, 4096, np.int16), duration=1.0)
    with pytest.raises(ClipTokensError, match="vq02 codes for"):
        check_streams(np.zeros(1000, np.int16), fine[1], duration=1.0)
    with pytest.raises(ClipTokensError, match="not a list"):
        check_streams(np.zeros((4, 4), np.int16), fine[1], duration=1.0)


def test_the_tokenizer_folder_is_found_only_when_complete(folder: Path, tmp_path: Path) -> None:
    assert find_tokenizer_folder({"STEP_AUDIO_TOKENIZER_DIR": str(folder)}) == folder
    partial = tmp_path / "partial"
    shutil.copytree(folder, partial)
    (partial / "speech_tokenizer_v1.onnx").unlink()
    assert find_tokenizer_folder({"STEP_AUDIO_TOKENIZER_DIR": str(partial)}) is None
