"""Rendering scripts line by line: a stopped render goes on where it stopped, a changed line is the
only one made again, a failing line does not stop the others, and the join puts each line where
its cue says, with the gaps between lines and between speakers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from backends.audio import load_audio
from backends.base import Cancelled, CancelToken, SynthesisRequest
from studio.scripts.render import (
    LineResult,
    chapter_marks,
    choose_take,
    join,
    remake_line,
    render_lines,
    takes_of,
)
from studio.scripts.script import Line, parse_dialogue
from tests.studio.test_cli import RATE, ToneBackend

SCRIPT = "Ana: One.\nBen: Two.\nBen: Three.\nAna: Four.\n"


def plan_with(backend: ToneBackend, refuse: str = "") -> Any:
    def plan(line: Line) -> tuple[str, Any, SynthesisRequest]:
        if refuse and refuse in line.text:
            raise ValueError(f"unknown voice for '{refuse}'")
        voice = "high" if line.speaker == "Ana" else "low"
        return "tone", backend, SynthesisRequest(text=line.text, voice_id=voice)
    return plan


def test_a_stopped_render_goes_on_where_it_stopped(tmp_path: Path) -> None:
    script = parse_dialogue(SCRIPT)
    backend = ToneBackend()
    cancel = CancelToken()
    seen: list[str] = []

    def stop_after_two(result: LineResult, _total: int) -> None:
        seen.append(result.status)
        if len(seen) == 2:
            cancel.cancel()  # as the user's Stop, or a kill, between lines

    with pytest.raises(Cancelled):
        render_lines(script, plan_with(backend), tmp_path, cancel, stop_after_two)
    assert seen == ["made", "made"] and len(backend.requests) == 2
    state = json.loads((tmp_path / "render.json").read_text())
    assert [name.split("-")[0] for name in sorted(state["lines"])] == ["Ana", "Ben"]

    results = render_lines(script, plan_with(backend), tmp_path, CancelToken())
    assert [r.status for r in results] == ["kept", "kept", "made", "made"]
    assert len(backend.requests) == 4  # the first two were not made again
    # One line changed: only it is made again; a line file deleted by hand is made again too.
    results[3].path.unlink()
    changed = parse_dialogue(SCRIPT.replace("Three.", "Three, again."))
    results = render_lines(changed, plan_with(backend), tmp_path, CancelToken())
    assert [r.status for r in results] == ["kept", "kept", "made", "made"]
    assert [r.text for r in backend.requests[4:]] == ["Three, again.", "Four."]


def test_a_failing_line_is_reported_and_the_others_are_made(tmp_path: Path) -> None:
    results = render_lines(parse_dialogue(SCRIPT), plan_with(ToneBackend(), refuse="Two"), tmp_path,
                           CancelToken())
    assert [r.status for r in results] == ["made", "failed", "made", "made"]
    assert "unknown voice" in results[1].error and results[1].path is None
    failing = ToneBackend(mode="invalid")
    results = render_lines(parse_dialogue("Ana: Five."), plan_with(failing), tmp_path / "b", CancelToken())
    assert results[0].status == "failed" and "cannot speak" in results[0].error


def test_the_join_puts_every_line_at_its_cue(tmp_path: Path) -> None:
    script = parse_dialogue("Ana: (高兴1)One.\nBen: Two.\nBen: Three.\n")
    script.gap_line, script.gap_speaker = 0.25, 0.75
    results = render_lines(script, plan_with(ToneBackend()), tmp_path, CancelToken())
    audio, cues = join(script, results)
    line = load_audio(results[0].path).duration  # every tone line lasts the same: 2 x 0.25 s
    assert line == pytest.approx(0.5)
    assert [(round(c.start, 3), round(c.end, 3), c.text) for c in cues] == [
        (0.0, 0.5, "One."), (1.25, 1.75, "Two."), (2.0, 2.5, "Three.")]  # tags are not subtitles
    assert audio.sample_rate == RATE and audio.duration == pytest.approx(2.5)
    quiet = audio.samples[round(0.55 * RATE):round(1.2 * RATE)]
    assert np.all(quiet == 0) and np.abs(audio.samples[round(1.3 * RATE):round(1.7 * RATE)]).max() > 0.2


def test_chapter_headings_mark_where_their_first_line_starts(tmp_path: Path) -> None:
    script = parse_dialogue("# Part One\n## The Meeting\nAna: One.\nBen: Two.\n# 第二章\nBen: Three.\n"
                            "# Lost\nAna: Four.\n# Last\nAna: Five.\n")
    assert script.chapters == {0: "Part One — The Meeting", 2: "第二章", 3: "Lost", 4: "Last"}
    assert [line.text for line in script.lines] == ["One.", "Two.", "Three.", "Four.", "Five."]  # not spoken
    script.gap_line, script.gap_speaker = 0.25, 0.75
    results = render_lines(script, plan_with(ToneBackend(), refuse="Four"), tmp_path, CancelToken())
    _, cues = join(script, results)
    marks = chapter_marks(script, results, cues)
    # "Lost" has no line made, so the next made line (Five) opens "Last" alone.
    assert [(round(m.start, 3), m.title) for m in marks] == [(0.0, "Part One — The Meeting"),
                                                            (2.0, "第二章"), (3.25, "Last")]


def test_moving_lines_makes_nothing_again(tmp_path: Path) -> None:
    backend = ToneBackend()
    render_lines(parse_dialogue(SCRIPT), plan_with(backend), tmp_path, CancelToken())
    moved = parse_dialogue("Ben: Three.\nAna: One.\nAna: Four.\nBen: Two.\nAna: One.\n")
    results = render_lines(moved, plan_with(backend), tmp_path, CancelToken())
    assert [r.status for r in results] == ["kept"] * 5 and len(backend.requests) == 4
    assert results[1].path == results[4].path  # the same line said twice is one file


def test_another_take_of_one_line_is_kept_beside_the_first_and_either_can_be_used(tmp_path: Path) -> None:
    script = parse_dialogue(SCRIPT)
    backend = ToneBackend()
    first = render_lines(script, plan_with(backend), tmp_path, CancelToken())
    path, before = first[1].path, first[1].path.read_bytes()
    again = remake_line(script.lines[1], 1, plan_with(backend), tmp_path, CancelToken())
    assert again.path == path and backend.requests[-1].seed is not None  # a new seed, not the line's own
    takes = takes_of(path)
    assert len(takes) == 2 and takes[1].read_bytes() == before
    # A later render keeps the take in use and makes nothing.
    statuses = [r.status for r in render_lines(script, plan_with(backend), tmp_path, CancelToken())]
    assert statuses == ["kept"] * 4
    after = path.read_bytes()
    choose_take(path, takes[1])
    assert path.read_bytes() == before and takes_of(path)[1].read_bytes() == after
    remake_line(script.lines[1], 1, plan_with(backend), tmp_path, CancelToken())
    assert [p.name.rsplit(".", 2)[-2] for p in takes_of(path)[1:]] == ["take-1", "take-2"]
    with pytest.raises(ValueError, match="not one of this line's"):
        choose_take(path, first[0].path)

