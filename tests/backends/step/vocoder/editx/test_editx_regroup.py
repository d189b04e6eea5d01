"""The 5 -> 3 regrouping of mixed codes into the flow's two-column frames (note §3.4)."""

from __future__ import annotations

import numpy as np

from backends.step.vocoder.editx.flow import regroup_codes


def test_a_whole_group_becomes_three_frames_of_one_table() -> None:
    # vq02 codes 7 and 9, vq06 codes 0, 1 and 4095 as they sit in the stream (1024 + k).
    frames = regroup_codes([7, 9, 1024, 1025, 5119])
    assert frames.tolist() == [[7, 1025], [9, 1026], [1024, 5120]]


def test_an_incomplete_tail_is_padded_as_the_reference_pads_it() -> None:
    group = [1, 2, 1030, 1031, 1032]
    # k = 4 left: one vq06 code 0 (1024) is appended.
    assert regroup_codes([*group, 3, 4, 1040, 1041])[3:].tolist() == [[3, 1041], [4, 1042], [1024, 1025]]
    # k = 1 left: [0, 1024, 1024, 1024] is appended.
    assert regroup_codes([*group, 5])[3:].tolist() == [[5, 1025], [0, 1025], [1024, 1025]]


def test_every_frame_indexes_the_5121_row_table() -> None:
    rng = np.random.default_rng(0)
    codes = np.concatenate([np.r_[rng.integers(0, 1024, 2), rng.integers(1024, 5120, 3)] for _ in range(40)])
    frames = regroup_codes(codes[:-2])
    assert frames.shape == (120, 2)
    assert frames.min() >= 0 and frames.max() <= 5120
    assert (frames[:, 1] >= 1025).all()
