"""Property tests: random clips, random operation sequences (hypothesis)."""

from __future__ import annotations

import contextlib
import tempfile

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backends.audio import Audio
from studio.editing import EditError, EditProject, EditStore

OPS = ["delete", "cut_paste", "insert", "insert_silence", "silence", "gain", "fade_in", "fade_out",
       "crop", "normalize_peak", "restore", "undo"]


@st.composite
def clips(draw: st.DrawFn) -> Audio:
    rate = draw(st.sampled_from([8000, 16000, 22050]))
    seconds = draw(st.floats(0.3, 3.0))
    seed = draw(st.integers(0, 2**16))
    rng = np.random.default_rng(seed)
    n = int(rate * seconds)
    t = np.arange(n) / rate
    x = 0.3 * np.sin(2 * np.pi * rng.uniform(80, 400) * t) + 0.05 * rng.standard_normal(n)
    return Audio(x.astype(np.float32), rate)


steps = st.lists(st.tuples(st.sampled_from(OPS), st.floats(0, 1), st.floats(0, 1), st.floats(-12, 12)),
                 min_size=1, max_size=12)


def _apply(project: EditProject, op: str, u: float, v: float, x: float) -> bool:
    """Run one step; False when the project refused it (EditError)."""
    d = project.duration
    a, b = sorted((u * d, v * d))
    try:
        if op == "delete":
            project.delete(a, b)
        elif op == "cut_paste":
            clip = project.cut(a, b)
            with contextlib.suppress(EditError):  # the cut is done: the step counts either way
                project.paste(min(a, project.duration), clip)
        elif op == "insert":
            project.insert(a, Audio(np.full(int(0.05 * 16000 + abs(x) * 100), 0.2, dtype=np.float32), 16000))
        elif op == "insert_silence":
            project.insert_silence(a, abs(x) / 24 + 0.001)
        elif op == "silence":
            project.silence(a, b)
        elif op == "gain":
            project.gain(a, b, x)
        elif op == "fade_in":
            project.fade_in(a, b)
        elif op == "fade_out":
            project.fade_out(a, b)
        elif op == "crop":
            project.crop(a, b)
        elif op == "normalize_peak":
            project.normalize_peak(a, b, -abs(x))
        elif op == "restore":
            project.restore(int(u * (len(project.versions) - 1)))
        elif op == "undo" and project.can_undo:
            project.undo()
    except EditError:
        return False  # a refused edit (empty selection, silent span, ...) must leave no trace
    return True


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(clip=clips(), ops=steps)
def test_undo_all_is_the_source_and_redo_the_same_renders(clip: Audio, ops: list) -> None:  # type: ignore[type-arg]
    project = EditProject(clip)
    for step in ops:
        before = (list(project.versions), project.current, len(project.buffers))
        if not _apply(project, *step):
            assert (project.versions, project.current, len(project.buffers)) == before
        assert len(project.buffers) == len(project.pyramids)
    # the versions the history now holds, as they render
    renders = [project.render(i).samples.copy() for i in range(len(project.versions))]
    top = len(project.versions) - 1
    while project.can_undo:
        project.undo()
    assert np.array_equal(project.render().samples, clip.samples)  # bit for bit
    while project.current < top:
        project.redo()
        assert np.array_equal(project.render().samples, renders[project.current])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(clip=clips(), ops=steps)
def test_save_and_reopen_give_the_same_project(clip: Audio, ops: list) -> None:  # type: ignore[type-arg]
    with tempfile.TemporaryDirectory() as root:
        with EditStore(root) as store:
            project = store.create(clip, title="prop")
            for step in ops:
                _apply(project, *step)
            project_id = project.id or ""
        with EditStore(root) as store:
            again = store.open(project_id)
    assert again.current == project.current and len(again.versions) == len(project.versions)
    for i, (va, vb) in enumerate(zip(project.versions, again.versions, strict=True)):
        assert va.op == vb.op and va.table == vb.table
        assert np.array_equal(project.render(i).samples, again.render(i).samples)
