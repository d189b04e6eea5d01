from __future__ import annotations

from pathlib import Path

from studio.ui.common.files import with_chosen_suffix

SUBS = "SubRip (*.srt);;WebVTT (*.vtt)"


def test_the_typed_suffix_wins_and_a_missing_one_comes_from_the_chosen_filter() -> None:
    assert with_chosen_suffix("/a/talk", "WebVTT (*.vtt)", SUBS) == Path("/a/talk.vtt")
    assert with_chosen_suffix("/a/talk", "SubRip (*.srt)", SUBS) == Path("/a/talk.srt")
    assert with_chosen_suffix("/a/talk.SRT", "WebVTT (*.vtt)", SUBS) == Path("/a/talk.SRT")
    assert with_chosen_suffix("/a/talk.v1", "", SUBS) == Path("/a/talk.v1.srt")  # no filter: the first
    assert with_chosen_suffix("/a/t", "x", "") == Path("/a/t")  # nothing offered: as typed
