"""The kept prompt prefix: a prompt that begins like the last one prefills only what differs, and
its logits are the very numbers a full prefill gives (whole chunks are reused, so the rest is
computed in the same chunks)."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from backends.base import CancelToken
from backends.step.llm import SamplingSettings, Step1LM
from backends.step.llm import model as model_module
from backends.step.llm.model import PREFILL_CHUNK


@pytest.fixture
def lm(tiny_folder: Path) -> Step1LM:
    return Step1LM.load(tiny_folder, dtype=torch.float32)


def _run(lm: Step1LM, prompt: list[int],
         monkeypatch: pytest.MonkeyPatch) -> tuple[list[int], torch.Tensor, int]:
    """Tokens, the logits the first token was drawn from, and how many prompt positions the
    forward passes computed."""
    seen: list[torch.Tensor] = []
    computed = [0]
    pick = model_module.Sampler.pick
    forward = Step1LM.forward

    def recording_pick(self, logits, history):  # type: ignore[no-untyped-def]
        seen.append(logits.detach().clone())
        return pick(self, logits, history)

    def counting_forward(self, ids, *args, **kwargs):  # type: ignore[no-untyped-def]
        if ids.shape[-1] > 1:  # a prefill chunk (the prompts here leave none of one id)
            computed[0] += ids.shape[-1]
        return forward(self, ids, *args, **kwargs)

    monkeypatch.setattr(model_module.Sampler, "pick", recording_pick)
    monkeypatch.setattr(Step1LM, "forward", counting_forward)
    settings = SamplingSettings(seed=3, max_length=len(prompt) + 4)
    tokens = list(lm.generate(prompt, settings, CancelToken(), stop_ids=()))
    monkeypatch.undo()
    return tokens, seen[0], computed[0]


def _prompt(start: int, n: int) -> list[int]:
    return [1] + [100 + (start + 7 * i) % 5000 for i in range(n - 1)]


@pytest.mark.parametrize("mode", ["eager", "static"])  # static: the fixed-capacity cache a GPU decodes with
def test_a_prompt_sharing_whole_chunks_reuses_them_with_identical_logits(
        lm: Step1LM, monkeypatch: pytest.MonkeyPatch, mode: str) -> None:
    lm.decode_mode = mode
    first = _prompt(0, PREFILL_CHUNK + 60)
    second = first[: PREFILL_CHUNK + 30] + _prompt(9, 45)[1:]
    _run(lm, first, monkeypatch)
    tokens, logits, computed = _run(lm, second, monkeypatch)
    assert lm.last_reused == PREFILL_CHUNK and computed == len(second) - PREFILL_CHUNK

    lm.prefix.clear()
    fresh_tokens, fresh_logits, fresh_computed = _run(lm, second, monkeypatch)
    assert lm.last_reused == 0 and fresh_computed == len(second)
    assert torch.equal(logits, fresh_logits)  # bit for bit, not merely close
    assert tokens == fresh_tokens


def test_what_is_not_reused(lm: Step1LM, monkeypatch: pytest.MonkeyPatch) -> None:
    # Shorter than a chunk: nothing to keep.
    _run(lm, _prompt(0, 40), monkeypatch)
    assert lm.prefix.ids == () and lm.prefix.nbytes() == 0
    # Different from the first id: nothing reused, the new prompt's chunk kept instead.
    _run(lm, _prompt(0, PREFILL_CHUNK + 5), monkeypatch)
    assert len(lm.prefix.ids) == PREFILL_CHUNK and lm.prefix.nbytes() > 0
    other = [2, *_prompt(0, PREFILL_CHUNK + 5)[1:]]
    _run(lm, other, monkeypatch)
    assert lm.last_reused == 0
    # The same prompt again reuses its whole chunks but still computes the last id's logits.
    same = _prompt(0, 2 * PREFILL_CHUNK)
    _run(lm, same, monkeypatch)
    _, _, computed = _run(lm, same, monkeypatch)
    assert lm.last_reused == PREFILL_CHUNK and computed == PREFILL_CHUNK
    # A cancelled prefill keeps nothing new, and unloading drops what was kept.
    cancel = CancelToken()
    cancel.cancel()
    kept = lm.prefix.ids
    assert list(lm.generate(_prompt(50, PREFILL_CHUNK + 9), SamplingSettings(seed=0, max_length=400),
                            cancel)) == []
    assert lm.prefix.ids == kept
    lm.unload()
    assert lm.prefix.ids == () and lm.prefix.nbytes() == 0
