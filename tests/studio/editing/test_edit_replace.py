"""EditProject.replace: a clip in place of a selection as one version, joins checked for clicks."""

from __future__ import annotations

from pathlib import Path

import pytest

from backends.audio import load_audio
from studio.editing import CLICK_RATIO, EditError, EditProject, seam_discontinuity
from studio.editing.seams import seams_of

DATA = Path(__file__).resolve().parents[2] / "data"


def test_replace_is_one_undoable_version_with_clean_joins() -> None:
    project = EditProject.open(DATA / "zero_shot_en_prompt.wav")
    clip = load_audio(DATA / "fear_zh_female_prompt.wav").slice_seconds(1.0, 1.7)  # 24 kHz into 44.1
    before, source = project.duration, project.render().samples.copy()
    project.replace(1.0, 2.0, clip, {"op": "respeak", "text": "x"})
    assert len(project.versions) == 2
    op = project.versions[-1].op
    assert op["op"] == "respeak" and op["text"] == "x"
    lo, hi = op["range"]
    assert project.length == project.versions[0].length - (hi - lo) + round(0.7 * project.sample_rate)
    assert project.duration == pytest.approx(before - 1.0 + 0.7, abs=0.021)
    x = project.render().samples
    assert max(seam_discontinuity(x, s, project.sample_rate) for s in seams_of(project.table)) < CLICK_RATIO
    project.undo()
    assert (project.render().samples == source).all()


def test_replace_refuses_a_bad_selection_and_changes_nothing() -> None:
    project = EditProject.open(DATA / "zero_shot_en_prompt.wav")
    clip = load_audio(DATA / "fear_zh_female_prompt.wav").slice_seconds(1.0, 1.5)
    with pytest.raises(EditError):
        project.replace(2.0, 2.0, clip)
    with pytest.raises(EditError):
        project.replace(1.0, 99.0, clip)
    assert len(project.versions) == 1 and len(project.buffers) == 1
