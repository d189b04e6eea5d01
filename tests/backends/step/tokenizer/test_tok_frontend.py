from __future__ import annotations

import numpy as np
import pytest

from backends.step.tokenizer.frontend import OnlineFrontend, load_cmvn, stack_lfr


def _run(frontend: OnlineFrontend, x: np.ndarray, step: int) -> np.ndarray:
    parts = [frontend.accept(x[i:i + step], final=i + step >= len(x)) for i in range(0, len(x), step)]
    return np.concatenate(parts)


def test_lfr_cmvn_matches_reference_online_frontend(tokenizer, vq02_golden, golden_audio):
    fe = OnlineFrontend(tokenizer.frontend_config, tokenizer.cmvn)
    ours = _run(fe, golden_audio, 3840)
    ref = vq02_golden["lfr_cmvn"]
    assert ours.shape == ref.shape == (42, 560)
    assert np.abs(ours - ref).max() < 1e-3


def test_chunking_does_not_change_features(tokenizer, golden_audio):
    a = _run(OnlineFrontend(tokenizer.frontend_config, tokenizer.cmvn), golden_audio, 3840)
    fe = OnlineFrontend(tokenizer.frontend_config, tokenizer.cmvn)
    b = np.concatenate([fe.accept(golden_audio[:11520]), fe.accept(golden_audio[11520:], final=True)])
    assert np.allclose(a, b, atol=1e-5)


def test_stack_lfr_pads_only_when_final():
    frames = np.arange(12, dtype=np.float32).reshape(12, 1)
    feats, keep = stack_lfr(frames, 7, 6, final=False)
    assert feats.shape == (1, 7) and keep[0, 0] == 6
    feats, _ = stack_lfr(frames, 7, 6, final=True)
    assert feats.shape == (2, 7) and feats[1].tolist() == [6, 7, 8, 9, 10, 11, 11]


def test_final_flush_without_frames_raises(tokenizer):
    fe = OnlineFrontend(tokenizer.frontend_config, tokenizer.cmvn)
    with pytest.raises(ValueError):
        fe.accept(np.zeros(100, np.float32), final=True)


def test_cmvn_parser_reads_kaldi_blocks(tmp_path):
    p = tmp_path / "am.mvn"
    p.write_text("<Nnet>\n<AddShift> 2 2\n<LearnRateCoef> 0 [ -1 -2 ]\n"
                 "<Rescale> 2 2\n<LearnRateCoef> 0 [ 3 4 ]\n")
    shift, scale = load_cmvn(p)
    assert shift.tolist() == [-1, -2] and scale.tolist() == [3, 4]
    p.write_text("<Nnet>\n</Nnet>\n")
    with pytest.raises(ValueError):
        load_cmvn(p)
