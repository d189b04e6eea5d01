from __future__ import annotations

import json

import numpy as np
import pytest
from tok_paths import DATA

from backends.step.tokenizer import AudioTokens, deinterleave, interleave, llm_ids_to_codes, text_to_codes


def test_matches_reference_interleaving_ids_and_text():
    cases = json.loads((DATA / "interleave_golden.json").read_text())
    assert len(cases) == 8
    for case in cases:
        tokens = AudioTokens(case["vq02"], case["vq06"])
        assert tokens.llm_ids() == case["llm_ids"]
        assert tokens.as_text() == case["text"]


def test_groups_of_two_then_three_with_offsets():
    t = AudioTokens([5, 6, 7, 8, 9], [0, 1, 2, 3, 4, 5, 4095])
    assert t.interleaved().tolist() == [5, 6, 1024, 1025, 1026, 7, 8, 1027, 1028, 1029]
    assert t.llm_ids()[:3] == [65541, 65542, 66560]
    assert t.as_text().startswith("<audio_5><audio_6><audio_1024>")


def test_leftovers_that_fill_no_group_are_dropped():
    assert interleave(np.arange(3), np.arange(9)).size == 5  # one group: vq02 runs out
    assert interleave(np.arange(10), np.arange(5)).size == 5  # one group: vq06 runs out
    assert interleave(np.arange(1), np.arange(100)).size == 0


def test_text_round_trip_and_parsing():
    t = AudioTokens(np.arange(8) * 100, np.arange(12) * 300)
    back = AudioTokens.from_text("prefix " + t.as_text() + " suffix")
    assert np.array_equal(back.vq02, t.vq02) and np.array_equal(back.vq06, t.vq06)
    assert text_to_codes("no audio here").size == 0
    with pytest.raises(ValueError):
        text_to_codes("<audio_5120>")
    with pytest.raises(ValueError):
        deinterleave(np.array([-1]))


def test_llm_ids_to_codes_keeps_only_audio_ids():
    assert llm_ids_to_codes([1, 4, 65536, 70655, 70656, 3]).tolist() == [0, 5119]
