"""Studio edit requests in EditX's terms, and what an EditX engine declares."""

from __future__ import annotations

import pytest

from backends.base import InvalidRequest, Support
from backends.edits import EMOTIONS, STYLES, EditKind, EditRequest
from backends.step.editx.edits import edit_table, editx_request, insert_sound, speed_value


def test_every_kind_is_declared_with_the_30_second_limit() -> None:
    table = edit_table()
    assert set(table) == {k.value for k in EditKind}
    assert table["emotion"].values == EMOTIONS and table["style"].values == STYLES
    assert table["pitch"].support is Support.UNSUPPORTED and "pitch" in table["pitch"].how
    assert table["speed"].support is Support.APPROXIMATED
    assert all(t.max_seconds == 30.0 for t in table.values() if t.honoured)


def test_a_speed_factor_picks_one_of_the_four_speeds() -> None:
    assert [speed_value(f) for f in (0.5, 0.79, 0.8, 0.95, 1.1, 1.25, 1.26, 3.0)] == [
        "more slower", "more slower", "slower", "slower", "faster", "faster", "more faster", "more faster"]
    with pytest.raises(InvalidRequest, match="changes nothing"):
        speed_value(1.0)


def test_a_sound_goes_before_the_word_nearest_its_time() -> None:
    text = "It is raining again today"
    assert insert_sound(text, "[Sigh]", 0.0, 2.0) == "[Sigh] It is raining again today"
    assert insert_sound(text, "[Sigh]", 1.0, 2.0) == "It is raining [Sigh] again today"
    assert insert_sound(text, "[Sigh]", 2.0, 2.0) == "It is raining again today [Sigh]"
    assert insert_sound("我觉得这个计划可行", "[Laughter]", 1.0, 2.0) == "我觉得这[Laughter]个计划可行"


def test_requests_map_to_editx_edits() -> None:
    assert editx_request(EditRequest("emotion", "sad"), 3.0) == ("emotion", "sad", "")
    assert editx_request(EditRequest("remove_silence"), 3.0) == ("vad", "", "")
    assert editx_request(EditRequest("speed", amount=0.7), 3.0) == ("speed", "more slower", "")
    para = EditRequest("paralinguistic", "laughter", at=0.0, transcript="hello there")
    assert editx_request(para, 3.0) == ("paralinguistic", "", "[Laughter] hello there")
    with pytest.raises(InvalidRequest, match="no pitch edit"):
        editx_request(EditRequest("pitch", amount=3.0), 3.0)
