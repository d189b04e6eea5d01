from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

from backends.step.vocoder.config import HiftConfig
from backends.step.vocoder.f0 import ConvRNNF0Predictor
from backends.step.vocoder.weights import fold_weight_norm
from tests.backends.step.tiny_cosyvoice import tiny_hift_state_dict, tiny_hift_yaml_node

DATA = Path(__file__).resolve().parents[3] / "data" / "step" / "vocoder"


def test_matches_reference(step_device: torch.device) -> None:
    with np.load(DATA / "hift_golden.npz") as z:
        mel, golden = z["mel"], z["f0"]
    cfg = HiftConfig.from_node(tiny_hift_yaml_node()).f0_predictor
    state = fold_weight_norm(tiny_hift_state_dict(0))
    model = ConvRNNF0Predictor(cfg)
    prefix = "f0_predictor."
    model.load_state_dict({k[len(prefix):]: v for k, v in state.items() if k.startswith(prefix)})
    model.to(step_device)
    with torch.no_grad():
        f0 = model(torch.from_numpy(mel)[None].to(step_device))[0].cpu().numpy()
    assert f0.shape == (mel.shape[1],) and (f0 >= 0).all()
    assert 0 < (golden > 10).mean() < 1  # the golden covers voiced and unvoiced frames
    np.testing.assert_allclose(f0, golden, rtol=1e-5, atol=1e-4)
