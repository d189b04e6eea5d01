"""StreamDecoder on the tiny CosyVoice decoder: first audio after the first window, the one-pass length,
mel close to one pass (the reason it was chosen), and the non-streaming path."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from backends.joiner import StreamJoiner
from backends.step.streaming import StreamDecoder
from backends.step.vocoder import CosyVoiceDecoder

RATE = 22050


@pytest.fixture(scope="module")
def parts(tiny_step_folders, step_device):
    """The decoder on STEP_TEST_DEVICE (on CUDA with its default bf16 flow, as the engine runs it)."""
    dec = CosyVoiceDecoder(tiny_step_folders[1] / "CosyVoice-300M-25Hz", device=str(step_device))
    rng = np.random.default_rng(0)
    prompt_codes = rng.integers(0, 5120, 40)
    prompt_feat = rng.standard_normal((dec.flow().config.mel_frames(40), 80)).astype(np.float32)
    emb = rng.standard_normal(192).astype(np.float32)
    return dec, prompt_codes, prompt_feat, emb


def _stream(parts, codes, **kw):
    dec, pc, pf, emb = parts
    joiner = StreamJoiner(RATE, max_overlap=StreamDecoder.max_overlap_samples())
    d = StreamDecoder(dec, pc, pf, emb, joiner, seed=5, **kw)
    pieces, first_at = [], None
    for i, c in enumerate(codes):
        out = d.push(int(c))
        if out and first_at is None:
            first_at = i + 1
        pieces += out
    pieces += d.finish()
    pieces.append(joiner.flush())
    return np.concatenate(pieces), first_at, d


def test_first_audio_after_the_first_window_and_one_pass_length(parts) -> None:
    codes = np.random.default_rng(1).integers(0, 5120, 160)
    wav, first_at, d = _stream(parts, codes)
    assert first_at == 30
    assert d.windows == 1 + int(np.ceil((160 - 30) / 65))
    assert wav.dtype == np.float32 and np.isfinite(wav).all()
    assert len(wav) == parts[0].flow().config.mel_frames(160) * 256


def test_not_streaming_decodes_once_at_the_end(parts, monkeypatch) -> None:
    """Streaming off is the reference's path: one flow pass and one HiFT call over the whole mel. The
    take equals flow + HiFT run by hand from the same noise, apart from the joiner's 8 ms fades at
    its two ends (vocoding in two pieces redrew the excitation of the second and left a seam)."""
    dec, pc, pf, emb = parts
    hift = dec.hift()
    calls: list[int] = []
    original = type(hift).synthesize

    def counted(self, mel, **kw):
        calls.append(mel.shape[-1])
        return original(self, mel, **kw)

    monkeypatch.setattr(type(hift), "synthesize", counted)
    codes = np.random.default_rng(2).integers(0, 5120, 70)
    wav, first_at, d = _stream(parts, codes, streaming=False)
    flow = dec.flow()
    total = flow.config.mel_frames(70)
    assert first_at is None and d.windows == 1
    assert calls == [total] and len(wav) == total * 256

    from backends.step.vocoder.flow.streaming import PositionNoise

    seed = 5  # _stream's
    prompt_noise = torch.randn(80, pf.shape[0], generator=torch.Generator().manual_seed(seed + 1))
    z = torch.cat([prompt_noise, PositionNoise(80, seed).take(0, total)], dim=1)[None]
    mel = flow.inference(torch.from_numpy(codes)[None], torch.tensor([70]), torch.from_numpy(pc)[None],
                         torch.tensor([len(pc)]), torch.from_numpy(pf)[None], None,
                         torch.from_numpy(emb)[None], noise=z)
    ref, _ = original(hift, mel.float(), generator=torch.Generator().manual_seed(seed + 2))
    ref = ref[0].float().cpu().numpy()
    fade = round(RATE * 0.008)
    assert len(ref) == len(wav)
    np.testing.assert_allclose(wav[fade:-fade], ref[fade:-fade], atol=1e-6 * max(1.0, np.abs(ref).max()))


def test_stitched_mel_stays_close_to_one_pass(parts, monkeypatch) -> None:
    """Windows with left context and position-locked noise: the released mel differs from one pass far
    less than the mel itself varies (unrelated renders differ by about one standard deviation)."""
    dec, pc, pf, emb = parts
    flow = dec.flow()
    codes = np.random.default_rng(3).integers(0, 5120, 200)
    released: list[torch.Tensor] = []
    original = StreamDecoder._vocode

    def spy(self, mel, *, last):
        released.append(mel.clone())
        return original(self, mel, last=last)

    monkeypatch.setattr(StreamDecoder, "_vocode", spy)
    _, _, d = _stream(parts, codes)
    mel = torch.cat(released, dim=2)[0]
    cfg = flow.config
    noise = d._noise  # the same start noise per frame position as the windows had
    prompt_noise = torch.randn(cfg.output_size, pf.shape[0], generator=torch.Generator().manual_seed(6))
    total = cfg.mel_frames(len(codes))
    z = torch.cat([prompt_noise, noise.take(0, total)], dim=1)[None]
    ref = flow.inference(torch.from_numpy(codes)[None], torch.tensor([len(codes)]),
                         torch.from_numpy(pc)[None], torch.tensor([len(pc)]),
                         torch.from_numpy(pf)[None], None,
                         torch.from_numpy(emb)[None], noise=z)[0].cpu()
    assert mel.shape == ref.shape
    assert float((mel - ref).abs().mean() / ref.std()) < 0.5  # 0.35 measured when this was written
