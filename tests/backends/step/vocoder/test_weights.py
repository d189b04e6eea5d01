from __future__ import annotations

import pytest
import torch
from torch import nn

from backends.step.vocoder.weights import fold_weight_norm

pytestmark = pytest.mark.filterwarnings("ignore:.*weight_norm.*:FutureWarning")


def _check(layer: nn.Module) -> None:
    wn = nn.utils.weight_norm(layer)
    with torch.no_grad():
        wn.weight_g.mul_(torch.rand_like(wn.weight_g) + 0.5)
    expected = torch._weight_norm(wn.weight_v, wn.weight_g, 0).detach()  # what the hook computes per call
    legacy = fold_weight_norm({k: v.detach() for k, v in wn.state_dict().items()})
    assert set(legacy) == {"weight", "bias"}
    torch.testing.assert_close(legacy["weight"], expected)


def test_legacy_conv_and_transposed() -> None:
    _check(nn.Conv1d(4, 6, 3))
    _check(nn.ConvTranspose1d(6, 4, 16, 8))  # weight norm runs along the input channels here


def test_parametrization_naming() -> None:
    layer = nn.utils.parametrizations.weight_norm(nn.Conv1d(4, 6, 3))
    state = {k: v.detach() for k, v in layer.state_dict().items()}
    assert "parametrizations.weight.original0" in state
    torch.testing.assert_close(fold_weight_norm(state)["weight"], layer.weight.detach())
