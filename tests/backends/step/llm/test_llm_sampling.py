"""The sampler: the reference's repetition rule, top-k/top-p, allowed range, seeds."""

from __future__ import annotations

import pytest
import torch

from backends.step.llm.sampling import Sampler, SamplingSettings, repeated_token


def test_repetition_rule_matches_the_reference_definition() -> None:
    # Window of 10 (prompt included); banned when the last id occurs more than 10 % of it, i.e. twice.
    assert repeated_token([5, 1, 2, 3, 4, 6, 7, 8, 9, 5], 10, 0.1) == 5
    assert repeated_token([1, 2, 3, 4, 6, 7, 8, 9, 10, 5], 10, 0.1) is None
    assert repeated_token([5, 5, 5], 10, 0.1) is None  # shorter than the window: the rule waits
    assert repeated_token([5, 0, 1, 2, 3, 4, 6, 7, 8, 9, 5], 10, 0.1) is None  # the old 5 left the window
    assert repeated_token([7] * 12, 0, 0.1) is None


def test_banned_token_gets_no_probability() -> None:
    sampler = Sampler(SamplingSettings(top_k=0), 8, seed=0)
    logits = torch.tensor([0.0, 0, 0, 9, 0, 0, 0, 0])
    history = [3, 0, 1, 2, 4, 5, 6, 7, 1, 3]
    assert sampler.scores(logits, history)[3] == float("-inf")
    assert all(sampler.pick(logits, history) != 3 for _ in range(50))
    assert torch.isfinite(sampler.scores(logits, [*history[1:], 2])[3])  # 3 is allowed again


def test_top_k_and_top_p_keep_the_expected_candidates() -> None:
    logits = torch.log(torch.tensor([0.4, 0.3, 0.2, 0.1]))
    top2 = Sampler(SamplingSettings(temperature=1.0, top_k=2, repeat_window=0), 4, seed=0)
    assert torch.isfinite(top2.scores(logits, [])).tolist() == [True, True, False, False]
    nucleus = Sampler(SamplingSettings(temperature=1.0, top_k=0, top_p=0.65, repeat_window=0), 4, seed=0)
    assert torch.isfinite(nucleus.scores(logits, [])).tolist() == [True, True, False, False]
    draws = {nucleus.pick(logits, []) for _ in range(200)}
    assert draws == {0, 1}


def test_allowed_range_admits_stop_ids_only_besides_the_range() -> None:
    sampler = Sampler(SamplingSettings(temperature=1.0, top_k=0, repeat_window=0), 20, stop_ids=(3,),
                      allowed=(10, 15), seed=1)
    finite = torch.isfinite(sampler.scores(torch.zeros(20), [])).nonzero().reshape(-1).tolist()
    assert finite == [3, 10, 11, 12, 13, 14]
    with pytest.raises(ValueError, match="does not fit"):
        Sampler(SamplingSettings(), 20, allowed=(10, 30))


def test_same_seed_same_draws_and_greedy_at_zero_temperature() -> None:
    logits = torch.randn(1000, generator=torch.Generator().manual_seed(0))
    a = Sampler(SamplingSettings(seed=42, repeat_window=0), 1000)
    b = Sampler(SamplingSettings(seed=42, repeat_window=0), 1000)
    assert [a.pick(logits, []) for _ in range(20)] == [b.pick(logits, []) for _ in range(20)]
    greedy = Sampler(SamplingSettings(temperature=0.0), 1000)
    assert greedy.pick(logits, []) == int(torch.argmax(logits))


@pytest.mark.parametrize("bad", [dict(temperature=-1.0), dict(top_k=-1), dict(top_p=0.0), dict(top_p=1.5),
                                 dict(max_length=0), dict(repeat_window=-1)])
def test_invalid_settings_are_refused(bad: dict) -> None:
    with pytest.raises(ValueError):
        Sampler(SamplingSettings(**bad), 10)


@pytest.fixture()
def device_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """CPU logits take the device path, so it runs here on the same arithmetic as on a GPU."""
    monkeypatch.setattr(Sampler, "_on_device", staticmethod(lambda logits: True))


@pytest.mark.parametrize("top_p", [1.0, 0.8])
def test_device_top_k_draws_the_same_take_as_the_cpu_path(top_p: float,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Same seed, same draws, whether the candidates were chosen on the device or on the CPU.
    The logits are bf16 values (as the model emits them), so equal scores are common."""
    gen = torch.Generator().manual_seed(7)
    steps = [torch.randn(2000, generator=gen).to(torch.bfloat16).float() * 3 for _ in range(60)]
    settings = SamplingSettings(seed=5, top_p=top_p)
    cpu = Sampler(settings, 2000, stop_ids=(3,), allowed=(100, 1900), seed=5)
    dev = Sampler(settings, 2000, stop_ids=(3,), allowed=(100, 1900), seed=5)
    history_cpu: list[int] = list(range(100, 110))
    history_dev = list(history_cpu)
    paths = set()
    monkeypatch.setattr(dev, "_on_device", lambda logits: True)
    for logits in steps:
        history_cpu.append(cpu.pick(logits, history_cpu))
        history_dev.append(dev.pick(logits, history_dev))
        assert cpu.last_path == "cpu"
        paths.add(dev.last_path)
    assert history_dev == history_cpu
    assert "device" in paths


def test_ties_past_the_k_th_candidate_fall_back_to_the_full_path(device_path: None) -> None:
    logits = torch.zeros(200)
    logits[:10] = 5.0  # 50 candidates wanted, 190 tied at the boundary
    sampler = Sampler(SamplingSettings(seed=1, top_k=50, repeat_window=0), 200, seed=1)
    token = sampler.pick(logits, [])
    assert sampler.last_path == "cpu" and 0 <= token < 200


def test_the_ban_never_removes_the_last_candidate_on_the_device_path(device_path: None) -> None:
    logits = torch.full((64,), float("-inf"))
    logits[7] = 1.0
    sampler = Sampler(SamplingSettings(seed=1, top_k=5, repeat_window=2, repeat_ratio=0.1), 64, seed=1)
    assert sampler.pick(logits, [7, 7]) == 7
