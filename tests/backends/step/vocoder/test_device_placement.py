"""The decoders on a device that is not the CPU, checked here without a GPU: on torch's `meta` device.

A meta tensor has a shape, dtype and device but no data, and torch refuses to mix it with CPU tensors
just as it refuses CPU + CUDA. So a run on `meta` finds every CPU tensor (a ramp, a noise draw, a CPU
generator used for a device draw) that would break or force a copy on CUDA, and every dtype mismatch
of the bf16 flow, in a fraction of a second and on any machine.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from backends.step.vocoder.config import HiftConfig
from backends.step.vocoder.flow import FlowModel, decode_window, flow_config_from_yaml_node, plan_windows
from backends.step.vocoder.flow.streaming import MelChunk, MelStitcher, PositionNoise
from backends.step.vocoder.hift import HiFTGenerator
from tests.backends.step.tiny_cosyvoice import build_tiny_flow, build_tiny_hift

META = torch.device("meta")


def _meta_flow(path: Path, node: dict) -> FlowModel:
    """The tiny flow in bf16 on `meta`, as the engine runs it on CUDA."""
    config = flow_config_from_yaml_node(node)
    return FlowModel.load(path / "flow.pt", config, device=META, dtype=torch.bfloat16)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, dict]:
    path = tmp_path_factory.mktemp("meta")
    return path, build_tiny_flow(path, seed=0), build_tiny_hift(path, seed=0)


def test_bf16_flow_takes_cpu_inputs_and_a_cpu_generator(folder: tuple[Path, dict, dict]) -> None:
    path, node, _ = folder
    flow = _meta_flow(path, node)
    g = torch.Generator().manual_seed(1)
    mel = flow.inference(torch.randint(0, 5120, (1, 20), generator=g), torch.tensor([20]),
                         torch.randint(0, 5120, (1, 10), generator=g), torch.tensor([10]),
                         torch.randn(1, 24, 80, generator=g), torch.tensor([24]),
                         torch.randn(1, 192, generator=g),
                         generator=torch.Generator().manual_seed(3))
    assert mel.device == META and mel.dtype == torch.float32
    assert mel.shape == (1, 80, flow.config.mel_frames(20))


def test_windows_and_stitcher_keep_device_mels_on_the_device(folder: tuple[Path, dict, dict]) -> None:
    path, node, _ = folder
    flow = _meta_flow(path, node)
    g = torch.Generator().manual_seed(2)
    tokens = torch.randint(0, 5120, (1, 30), generator=g)
    windows = plan_windows(30, hop_tokens=15, context_tokens=5, final=True)
    stitcher = MelStitcher(4)
    for w in windows:
        chunk = decode_window(flow, tokens, w, torch.randint(0, 5120, (1, 10), generator=g),
                              torch.randn(1, 24, 80, generator=g), torch.randn(1, 192, generator=g),
                              crossfade_frames=4, prompt_noise=torch.randn(80, 24, generator=g),
                              noise=PositionNoise(80, 1), total_frames=flow.config.mel_frames(30),
                              n_timesteps=2)
        assert chunk.mel.device == META
        assert stitcher.push(MelChunk(chunk.mel, chunk.start_frame, chunk.overlap)).device == META
    assert stitcher.finish().device == META


def test_hift_source_and_analysis_with_a_cpu_generator(folder: tuple[Path, dict, dict]) -> None:
    # (istft has no meta kernel, so the run stops before the last step of decode.)
    path, _, node = folder
    hift = HiFTGenerator.load(path / "hift.pt", HiftConfig.from_node(node), device=META)
    mel = torch.randn(1, 80, 30)
    with torch.inference_mode():
        source = hift.source(mel.to(META), torch.Generator().manual_seed(1))
        spec = hift._stft(source.squeeze(1))
    assert source.device == META and source.shape == (1, 1, 30 * hift.hop_length)
    assert spec.device == META and spec.shape[1] == hift.n_fft + 2
