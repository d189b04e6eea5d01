"""`step-studio batch`: a table with a bad row finishes the rest and says which row failed; a
script becomes one take with subtitles a parser reads back; a second run makes only what is
missing; with the real Embedded engine, three speakers are heard saying their lines in their
places, each in a voice of their own."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import srt

from backends.audio import load_audio
from tests.studio.test_cli import ToneBackend, run


def test_a_table_with_a_bad_row_makes_the_rest_and_fails(tmp_path: Path) -> None:
    table = tmp_path / "lines.csv"
    table.write_text("text,voice,output\nHello.,low,hello\nBad voice.,nobody,bad\n你好。,high,nihao\n",
                     encoding="utf-8")
    backend = ToneBackend()
    code, out, err = run(["batch", str(table), "-o", str(tmp_path / "out"), "--engine", "tone"], backend)
    assert code == 1
    assert out.split() == [str(tmp_path / "out" / "hello.flac"), str(tmp_path / "out" / "nihao.flac")]
    failures = [line for line in err.splitlines() if "line 3" in line]
    assert failures == ["step-studio: line 3: unknown voice 'nobody' for engine 'tone'"]
    assert err.splitlines()[-1] == "step-studio: 2 made, 0 kept from an earlier run, 1 failed"
    # Fixed and run again: only the row that failed is made.
    table.write_text(table.read_text().replace("nobody", "low"), encoding="utf-8")
    code, out, err = run(["batch", str(table), "-o", str(tmp_path / "out"), "--engine", "tone"], backend)
    assert code == 0 and err.splitlines()[-1] == "step-studio: 1 made, 2 kept from an earlier run, 0 failed"
    assert len(backend.requests) == 3 + 1 - 1  # the bad row never reached the engine


def test_a_script_becomes_one_take_with_subtitles(tmp_path: Path) -> None:
    script = tmp_path / "talk.txt"
    script.write_text("Ana: (高兴1)One.\nBen：Two.\n", encoding="utf-8")
    code, out, err = run(["batch", str(script), "-o", str(tmp_path), "--engine", "tone", "--format", "wav",
                          "--voice", "Ana=high"], ToneBackend())
    assert code == 0, err
    take, subtitles = tmp_path / "talk.wav", tmp_path / "talk.srt"
    web = tmp_path / "talk.vtt"
    assert out.splitlines() == [f"{take}\t1.60 s", str(subtitles), str(web)]  # 0.5 + 0.6 gap + 0.5
    vtt = web.read_text(encoding="utf-8")
    assert vtt.startswith("WEBVTT") and "00:00:01.100 --> 00:00:01.600" in vtt
    assert "step-studio: Ana: voice high" in err and "step-studio: Ben: voice low" in err
    cues = list(srt.parse(subtitles.read_text(encoding="utf-8")))
    assert [(c.start.total_seconds(), c.end.total_seconds(), c.content) for c in cues] == [
        (0.0, 0.5, "One."), (1.1, 1.6, "Two.")]
    assert load_audio(take).duration == pytest.approx(1.6)


@pytest.mark.parametrize(("content", "words"), [
    (b"\xff\xfe not utf-8", "not UTF-8"),
    (b"", "no lines"),
    (b"Ana: fine\nBen: \x1b]0;title\x07", "Line 2"),
])
def test_bad_files_are_one_line(tmp_path: Path, content: bytes, words: str) -> None:
    script = tmp_path / "bad.txt"
    script.write_bytes(content)
    code, _out, err = run(["batch", str(script), "-o", str(tmp_path / "out"), "--engine", "tone"])
    assert code != 0 and len(err.splitlines()) == 1 and words in err and "\x1b" not in err


@pytest.mark.slow
def test_three_speakers_with_the_embedded_engine(tmp_path: Path) -> None:
    """Each cue of the take is heard (Whisper) saying its line, and each speaker's lines sound more
    like each other than like the other speakers' (the studio's speaker encoder)."""
    from backends.embedded.speaker import SpeakerEncoder
    from studio import cli
    from studio.editing.transcript import transcribe, word_error_rate

    lines = {
        "Ana": ["Good morning, everyone.", "The weather is lovely today."],
        "Ben": ["I brought fresh bread from the market.", "It is still warm."],
        "Cleo": ["Then let us have breakfast outside.", "I will make the coffee."],
    }
    order = [("Ana", 0), ("Ben", 0), ("Cleo", 0), ("Ana", 1), ("Ben", 1), ("Cleo", 1)]
    script = tmp_path / "breakfast.txt"
    script.write_text("".join(f"{who}: {lines[who][k]}\n" for who, k in order), encoding="utf-8")
    code = cli.main(["batch", str(script), "-o", str(tmp_path)])
    assert code == 0
    take = load_audio(tmp_path / "breakfast.flac")
    cues = list(srt.parse((tmp_path / "breakfast.srt").read_text(encoding="utf-8")))
    assert [c.content for c in cues] == [lines[who][k] for who, k in order]
    clips = [take.slice_seconds(c.start.total_seconds(), c.end.total_seconds()) for c in cues]
    for clip, (who, k) in zip(clips, order, strict=True):
        heard = transcribe(clip, language="en").text
        assert word_error_rate(lines[who][k], heard) <= 0.2, (who, k, heard)
    encoder = SpeakerEncoder()
    embeddings = encoder.embed_many(clips)
    similarity = embeddings @ embeddings.T
    for i, (who, _k) in enumerate(order):
        same = [similarity[i, j] for j, (other, _) in enumerate(order) if other == who and j != i]
        others = [similarity[i, j] for j, (other, _) in enumerate(order) if other != who]
        assert min(same) > max(others), (who, np.round(similarity[i], 3))


@pytest.mark.slow
def test_a_killed_render_goes_on_where_it_stopped(tmp_path: Path) -> None:
    """SIGKILL in the middle of a script (no cleanup of any kind): the next run keeps every line
    that was finished and makes the rest."""
    import os
    import signal
    import subprocess
    import sys

    script = tmp_path / "story.txt"
    script.write_text("".join(f"Ana: This is sentence number {k} of the story.\n" for k in range(1, 9)),
                      encoding="utf-8")
    command = [sys.executable, "-m", "studio", "batch", str(script), "-o", str(tmp_path / "out")]
    env = dict(os.environ)
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env,
                            cwd=Path(__file__).resolve().parents[3])
    assert proc.stderr is not None
    for line in proc.stderr:
        if "[3/8] made" in line:
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(60)
    assert proc.returncode == -signal.SIGKILL
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300,
                          cwd=Path(__file__).resolve().parents[3])
    assert done.returncode == 0, done.stderr
    summary = done.stderr.splitlines()[-1]
    kept = int(summary.split(" made, ")[1].split(" kept")[0])
    assert kept >= 3 and summary.startswith(f"step-studio: {8 - kept} made"), summary
    cues = list(srt.parse((tmp_path / "out" / "story.srt").read_text(encoding="utf-8")))
    assert [c.content for c in cues] == [f"This is sentence number {k} of the story." for k in range(1, 9)]


def test_pronunciations_reach_every_line_and_a_changed_one_remakes_only_its_lines(tmp_path: Path,
                                                                                  studio_home: Path) -> None:
    from backends.lexicon import Lexicon, check_entry
    from studio.voices.pronunciations import default_path, write_lexicon

    script = tmp_path / "talk.txt"
    script.write_text("Ana: Hello Siobhan.\nBen: Goodbye.\n", encoding="utf-8")
    write_lexicon(default_path(), Lexicon([check_entry("Siobhan", "Shiv-awn", "respell")]))
    backend = ToneBackend()
    args = ["batch", str(script), "-o", str(tmp_path / "out"), "--engine", "tone", "--format", "wav"]
    code, _, err = run(args, backend)
    assert code == 0, err
    assert [[e.word for e in r.lexicon] for r in backend.requests] == [["Siobhan"], ["Siobhan"]]
    # A new reading of a word in line 1 remakes line 1 only.
    write_lexicon(default_path(), Lexicon([check_entry("Siobhan", "Shivawn", "respell")]))
    code, _, err = run(args, backend)
    assert code == 0 and err.splitlines()[-1] == "step-studio: 1 made, 1 kept from an earlier run, 0 failed"
    # Another file, or none; a damaged one is one sentence.
    code, _, err = run([*args, "--pronunciations", "none"], backend)
    assert code == 0 and backend.requests[-1].lexicon == ()
    bad = tmp_path / "bad.json"
    bad.write_text("[{\"word\": 1}]", encoding="utf-8")
    code, _, err = run([*args, "--pronunciations", str(bad)], backend)
    assert code == 1 and err.strip().count("\n") == 0 and "Entry 1" in err


def test_a_script_with_chapter_headings_writes_them_into_the_take(tmp_path: Path) -> None:
    import mutagen

    script = tmp_path / "book.txt"
    script.write_text("# Chapter One\nAna: One.\nBen: Two.\n# Chapter Two\nAna: Three.\n", encoding="utf-8")
    code, _out, err = run(["batch", str(script), "-o", str(tmp_path), "--engine", "tone"], ToneBackend())
    assert code == 0, err
    tags = mutagen.File(tmp_path / "book.flac").tags
    assert (tags["CHAPTER001NAME"], tags["CHAPTER002NAME"]) == (["Chapter One"], ["Chapter Two"])
    cues = list(srt.parse((tmp_path / "book.srt").read_text(encoding="utf-8")))
    assert tags["CHAPTER001"] == ["00:00:00.000"] and [c.content for c in cues] == ["One.", "Two.", "Three."]
    _h, m, s = tags["CHAPTER002"][0].split(":")
    assert abs(float(s) + 60 * int(m) - cues[2].start.total_seconds()) < 0.002  # where "Three." starts
