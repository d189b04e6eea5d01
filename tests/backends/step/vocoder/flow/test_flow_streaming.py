"""Chunked decoding: windows tile the utterance, lengths add up, and a lone window equals one pass."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from backends.step.vocoder.flow import FlowModel, crossfade_mels, decode_window, plan_windows
from backends.step.vocoder.flow.config import flow_config_from_yaml_node
from backends.step.vocoder.flow.streaming import FlowStreamer, MelChunk, MelStitcher, PositionNoise
from tests.backends.step.tiny_cosyvoice import build_tiny_flow


@pytest.fixture(scope="module")
def flow(tmp_path_factory: pytest.TempPathFactory, step_device: torch.device) -> FlowModel:
    """On STEP_TEST_DEVICE: windows, CPU position noise and the stitcher then meet device mels."""
    folder: Path = tmp_path_factory.mktemp("cosy")
    node = build_tiny_flow(folder, seed=2)
    return FlowModel.load(folder / "flow.pt", flow_config_from_yaml_node(node), device=step_device)


@pytest.fixture(scope="module")
def inputs() -> dict[str, torch.Tensor]:
    g = torch.Generator().manual_seed(7)
    return {
        "tokens": torch.randint(0, 5120, (1, 60), generator=g),
        "prompt_token": torch.randint(0, 5120, (1, 12), generator=g),
        "prompt_feat": torch.randn(1, 24, 80, generator=g),
        "embedding": torch.randn(1, 192, generator=g),
    }


@pytest.mark.parametrize("n", [1, 20, 83, 84, 100, 250])
def test_final_plan_owns_every_token_once(n: int) -> None:
    windows = plan_windows(n, hop_tokens=40, context_tokens=8, lookahead_tokens=3, final=True)
    owned = [i for w in windows for i in range(w.own_start, w.own_end)]
    assert owned == list(range(n))
    assert windows[-1].last and not any(w.last for w in windows[:-1])
    for w in windows:
        assert 0 <= w.start <= w.own_start < w.own_end <= w.end <= n
        assert w.own_start - w.start == min(8, w.own_start)


def test_streaming_plan_waits_for_lookahead() -> None:
    assert plan_windows(42, hop_tokens=40, lookahead_tokens=3) == []
    ready = plan_windows(43, hop_tokens=40, lookahead_tokens=3)
    assert [(w.own_start, w.own_end, w.end) for w in ready] == [(0, 40, 43)]
    assert plan_windows(43, first=40, hop_tokens=40, lookahead_tokens=3) == []


def test_single_window_equals_whole_pass(flow: FlowModel, inputs: dict[str, torch.Tensor]) -> None:
    tokens = inputs["tokens"][:, :30]
    (window,) = plan_windows(30, hop_tokens=84, final=True)
    noise = PositionNoise(80, seed=5)
    prompt_noise = torch.randn(80, 24, generator=torch.Generator().manual_seed(9))
    total = flow.config.mel_frames(30)
    chunk = decode_window(
        flow,
        tokens,
        window,
        inputs["prompt_token"],
        inputs["prompt_feat"],
        inputs["embedding"],
        prompt_noise=prompt_noise,
        noise=noise,
        total_frames=total,
        n_timesteps=3,
    )
    whole = flow.inference(
        tokens,
        torch.tensor([30]),
        inputs["prompt_token"],
        torch.tensor([12]),
        inputs["prompt_feat"],
        torch.tensor([24]),
        inputs["embedding"],
        noise=torch.cat([prompt_noise, noise.take(0, total)], dim=1)[None],
        n_timesteps=3,
    )
    assert chunk.start_frame == 0 and chunk.overlap == 0
    assert torch.allclose(chunk.mel, whole, atol=1e-5)


def test_streamer_length_and_boundary_error(flow: FlowModel, inputs: dict[str, torch.Tensor]) -> None:
    streamer = FlowStreamer(
        flow,
        inputs["prompt_token"],
        inputs["prompt_feat"],
        inputs["embedding"],
        hop_tokens=25,
        context_tokens=8,
        crossfade_frames=8,
        seed=3,
        n_timesteps=3,
    )
    chunks: list[MelChunk] = []
    for start in range(0, 60, 7):
        chunks += streamer.feed(inputs["tokens"][0, start : start + 7].tolist())
    assert len(chunks) == 2  # 25 + 25 owned; the last 10 wait for the end
    tail = streamer.finish()
    assert len(tail) == 1 and tail[0].end_frame == flow.config.mel_frames(60)
    chunks += tail
    assert [c.start_frame + c.overlap for c in chunks][1:] == [c.end_frame for c in chunks][:-1]
    mel = crossfade_mels(chunks, 8)
    assert mel.shape == (1, 80, flow.config.mel_frames(60))
    # The first window (tokens 0..25, no lookahead) is exactly a one-pass decode of those tokens with
    # the same position-locked noise: windows depend on nothing outside their span.
    first = flow.config.mel_frames(25)
    alone = flow.inference(
        inputs["tokens"][:, :25],
        torch.tensor([25]),
        inputs["prompt_token"],
        torch.tensor([12]),
        inputs["prompt_feat"],
        torch.tensor([24]),
        inputs["embedding"],
        noise=torch.cat([streamer._prompt_noise, streamer._noise.take(0, first)], dim=1)[None],
        n_timesteps=3,
    )
    assert torch.allclose(chunks[0].mel, alone, atol=1e-5)
    assert torch.isfinite(mel).all()


def test_stitcher_crossfades_and_holds_back() -> None:
    a = MelChunk(torch.zeros(1, 80, 10), 0, 0)
    b = MelChunk(torch.ones(1, 80, 10), 6, 4)
    st = MelStitcher(4)
    first = st.push(a)
    assert first.shape[-1] == 6
    second = st.push(b)
    rest = st.finish()
    mel = torch.cat([first, second, rest], dim=2)
    assert mel.shape[-1] == 16
    ramp = mel[0, 0, 6:10]
    assert torch.all(ramp[1:] > ramp[:-1]) and 0 < ramp[0] < ramp[-1] < 1
    assert torch.all(mel[0, 0, 10:] == 1) and torch.all(mel[0, 0, :6] == 0)


def test_position_noise_does_not_depend_on_how_it_was_asked_for() -> None:
    """Streaming asks for the noise window by window, one pass all at once: frame j must get the same
    column either way, past the first block too (a draw sized by the request did not)."""
    whole = PositionNoise(80, seed=5).take(0, 700)
    pieces = PositionNoise(80, seed=5)
    parts = [pieces.take(0, 30), pieces.take(20, 300), pieces.take(300, 400)]
    assert torch.equal(parts[0], whole[:, :30])
    assert torch.equal(parts[1], whole[:, 20:320])
    assert torch.equal(parts[2], whole[:, 300:700])
    assert not torch.equal(whole[:, :256], whole[:, 256:512])  # blocks are fresh draws, not repeats
