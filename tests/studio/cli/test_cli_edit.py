"""`step-studio edit`: chained operations in command-line order on real speech, each result measured;
every mistake one line and a non-zero status with nothing written; Ctrl+C keeps finished work."""

from __future__ import annotations

import io
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from backends.audio import Audio, load_audio
from backends.base import Availability, BackendError, CancelToken, InvalidRequest, Manifest, Support
from backends.edits import EditRequest, EditSupport
from backends.registry import BUILT_IN, EngineEntry, Registry
from studio import cli, paths
from studio.cli.parser import join_negative_values
from studio.editing import EditStore, integrated_loudness

DATA = Path(__file__).resolve().parents[2] / "data"
SPEECH = DATA / "zero_shot_en_prompt.wav"  # 5.02 s


class HalfEngine:
    """Halves the level of what it is given; mode 'fail' fails, 'interrupt' presses Ctrl+C."""

    mode = "ok"
    max_edit_seconds = 0.0

    def __init__(self) -> None:
        self.manifest = Manifest("half", "Half", "1", "MIT", "", ("en",), {}, edits={
            "denoise": EditSupport(Support.NATIVE, "halves the level"),
            "style": EditSupport(Support.UNSUPPORTED, "Half has no style.")})

    def availability(self) -> Availability:
        return Availability(True)

    def load(self) -> None:
        pass

    def unload(self) -> None:
        pass

    def voices(self) -> list:
        return []

    def synthesize(self, request: object, cancel: CancelToken) -> Iterator:
        raise InvalidRequest("Half only edits.")

    def edit(self, audio: Audio, request: EditRequest, cancel: CancelToken, progress=None) -> Audio:
        if HalfEngine.mode == "fail":
            raise BackendError("the model ran out of memory")
        if HalfEngine.mode == "interrupt":
            os.kill(os.getpid(), signal.SIGINT)
            give_up = time.monotonic() + 60.0
            while not cancel.cancelled and time.monotonic() < give_up:
                time.sleep(0.01)
            cancel.raise_if_cancelled()
        return Audio(audio.samples * np.float32(0.5), audio.sample_rate)


@pytest.fixture(autouse=True)
def _mode() -> None:
    HalfEngine.mode = "ok"


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    registry = Registry([EngineEntry("half", BUILT_IN, HalfEngine, None)])
    code = cli.main(["edit", *args], registry=registry, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _one_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("step-studio: error: ") and "Traceback" not in err, err
    return lines[0]


def test_operations_run_in_command_line_order(tmp_path: Path) -> None:
    a, b = tmp_path / "a.wav", tmp_path / "b.wav"
    assert run(str(SPEECH), "-o", str(a), "--speed", "2", "--crop", "0-1.5")[0] == 0
    assert run(str(SPEECH), "-o", str(b), "--crop", "0-1.5", "--speed", "2")[0] == 0
    assert load_audio(a).duration == pytest.approx(1.5, abs=0.03)
    assert load_audio(b).duration == pytest.approx(0.75, abs=0.02)


def test_cut_then_normalise_to_a_loudness(tmp_path: Path) -> None:
    target = tmp_path / "n.flac"
    code, out, _ = run(str(SPEECH), "-o", str(target), "--cut", "1.2-1.8", "--normalize", "-23LUFS")
    assert code == 0 and out.startswith(f"{target}\t")
    audio = load_audio(target)
    assert audio.duration == pytest.approx(5.02 - 0.6, abs=0.03)
    assert abs(integrated_loudness(audio.samples, audio.sample_rate) - (-23.0)) <= 0.5


def test_spans_on_gain_and_instruct_with_repeat(tmp_path: Path) -> None:
    target = tmp_path / "g.wav"
    code, _, err = run(str(SPEECH), "-o", str(target), "--gain", "-6@0-1", "--instruct", "denoise",
                       "--span", "2.0-4.0", "--repeat", "2", "--engine", "half")
    assert code == 0, err
    src, got = load_audio(SPEECH).samples, load_audio(target).samples
    rate = load_audio(SPEECH).sample_rate

    def rms(x: np.ndarray, a: float, b: float) -> float:
        return float(np.sqrt(np.mean(x[int(a * rate):int(b * rate)] ** 2)))

    assert rms(got, 0.1, 0.9) / rms(src, 0.1, 0.9) == pytest.approx(10 ** (-6 / 20), rel=0.01)
    assert rms(got, 2.5, 3.5) / rms(src, 2.5, 3.5) == pytest.approx(0.25, rel=0.03)  # halved twice
    assert rms(got, 4.6, 5.0) / rms(src, 4.6, 5.0) == pytest.approx(1.0, rel=0.01)


def test_the_embedded_engine_by_default(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    target = tmp_path / "s.wav"
    args = ["edit", str(SPEECH), "-o", str(target), "--instruct", "speed=1.25"]
    code = cli.main(args, stdout=out, stderr=err)
    assert code == 0, err.getvalue()
    assert load_audio(target).duration / 5.02 == pytest.approx(0.8, rel=0.02)


@pytest.mark.parametrize(("args", "expected"), [
    (["--cut", "4-9"], "--cut 4-9: The selection 4.00-9.00 s is outside the clip (0-5.02 s)."),
    (["--cut", "2-2"], "--cut 2-2: the span is empty or ends before it starts"),
    (["--crop", "3-1"], "--crop 3-1: the span is empty or ends before it starts"),
    (["--cut", "soon"], "--cut needs a span A-B in seconds (e.g. 1.2-1.8; B may be 'end'), not 'soon'"),
    (["--fade-in", "6-end"], "--fade-in 6-end: The selection ends (5.02 s) before it starts (6.00 s)."),
    (["--gain", "100"], "--gain 100: A gain of +100.0 dB is outside"),
    (["--normalize", "-3"], "--normalize needs a loudness like -16LUFS or a peak like -1dBFS, not '-3'"),
    (["--insert-silence", "2"], "--insert-silence needs AT:SECONDS"),
    (["--span", "1-2"], "--span belongs after the --instruct it applies to"),
    (["--instruct", "emotion=joy"], "--instruct emotion=joy: 'joy' is not a known emotion value"),
    (["--instruct", "style=whisper", "--engine", "half"], "engine 'half': Half has no style."),
    (["--instruct", "denoise", "--repeat", "50", "--engine", "half"], "--repeat takes 1 to 10"),
    (["--instruct", "emotion=happy", "--engine", "half"], "Half does not do emotion edits."),
    (["--instruct", "denoise@2", "--engine", "half"], "only a paralinguistic sound takes a place (@SECONDS)"),
    (["--instruct", "paralinguistic=sigh@x"], "--instruct needs a time in seconds after @, not 'x'"),
    ([], "say what to do"),
])
def test_mistakes_are_one_line_and_nothing_is_written(tmp_path: Path, args: list[str], expected: str) -> None:
    target = tmp_path / "x.wav"
    code, _, err = run(str(SPEECH), "-o", str(target), *args)
    assert code == 2 and expected in _one_line(err)
    assert not target.exists()


def test_unreadable_input_and_output(tmp_path: Path) -> None:
    (tmp_path / "notes.wav").write_text("not audio")
    code, _, err = run(str(tmp_path / "notes.wav"), "-o", str(tmp_path / "x.wav"), "--cut", "0-1")
    assert code == 1 and "not a readable audio file" in _one_line(err)
    code, _, err = run(str(tmp_path / "none.wav"), "-o", str(tmp_path / "x.wav"), "--cut", "0-1")
    assert code == 2 and "there is no such file" in _one_line(err)
    code, _, err = run(str(SPEECH), "-o", str(tmp_path / "no" / "x.wav"), "--cut", "0-1")
    assert code == 1 and "does not exist" in _one_line(err)


def test_an_engine_failure_is_one_line(tmp_path: Path) -> None:
    HalfEngine.mode = "fail"
    code, _, err = run(str(SPEECH), "-o", str(tmp_path / "x.wav"), "--instruct", "denoise",
                       "--engine", "half")
    assert code == 1 and "the model ran out of memory" in _one_line(err)


def test_ctrl_c_keeps_the_finished_operations(tmp_path: Path) -> None:
    HalfEngine.mode = "interrupt"
    target = tmp_path / "p.wav"
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # as a user's shell has it
    try:
        code, _, err = run(str(SPEECH), "-o", str(target), "--cut", "1-2", "--gain", "-6",
                           "--instruct", "denoise", "--engine", "half", "--fade-out", "3-end")
    finally:
        signal.signal(signal.SIGINT, previous)
    assert code == 130
    assert _one_line(err) == (f"step-studio: error: cancelled; the first 2 of 4 operations were applied and "
                              f"written to {target}")
    assert load_audio(target).duration == pytest.approx(4.02, abs=0.03)


def test_save_project_keeps_every_step(tmp_path: Path) -> None:
    code, out, err = run(str(SPEECH), "-o", str(tmp_path / "x.wav"), "--cut", "1-2", "--pitch", "-2@0-1",
                         "--save-project")
    assert code == 0, err
    project_id = out.splitlines()[1].split("\t")[1]
    with EditStore(paths.data_dir()) as store:
        project = store.open(project_id)
        assert [v.op["op"] for v in project.versions] == ["open", "cut", "pitch"]
        assert project.title == "zero_shot_en_prompt"


def test_negative_values_may_be_written_apart() -> None:
    argv = ["edit", "a.wav", "-o", "b.wav", "--normalize", "-16LUFS", "--gain", "-3@1-2", "--cut", "1-2"]
    assert join_negative_values(argv) == ["edit", "a.wav", "-o", "b.wav", "--normalize=-16LUFS",
                                          "--gain=-3@1-2", "--cut", "1-2"]
    assert join_negative_values(["speak", "--pitch", "-2"]) == ["speak", "--pitch", "-2"]


def test_ctrl_c_during_repeats_keeps_the_finished_repeats(tmp_path: Path) -> None:
    calls = {"n": 0}
    original = HalfEngine.edit

    def second_call_interrupts(self: HalfEngine, audio: Audio, request: EditRequest, cancel: CancelToken,
                               progress: object = None) -> Audio:
        calls["n"] += 1
        HalfEngine.mode = "interrupt" if calls["n"] == 2 else "ok"
        return original(self, audio, request, cancel, progress)

    target = tmp_path / "r.wav"
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        HalfEngine.edit = second_call_interrupts  # type: ignore[method-assign]
        code, _, err = run(str(SPEECH), "-o", str(target), "--gain", "-6", "--instruct", "denoise",
                           "--repeat", "3", "--engine", "half")
    finally:
        HalfEngine.edit = original  # type: ignore[method-assign]
        signal.signal(signal.SIGINT, previous)
    assert code == 130
    assert _one_line(err) == ("step-studio: error: cancelled; the first 1 of 2 operations and 1 of 3 "
                              f"repeats of --instruct denoise were applied and written to {target}")
    src, got = load_audio(SPEECH).samples, load_audio(target).samples
    ratio = np.sqrt(np.mean(got ** 2) / np.mean(src[:len(got)] ** 2))
    assert ratio == pytest.approx(10 ** (-6 / 20) * 0.5, rel=0.03)  # the gain and one halving
