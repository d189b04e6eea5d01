"""The command line as a newcomer meets it (issue 19): real `python -m studio` processes on the
installed embedded engine. A user's mistake is one sentence on stderr and a non-zero status, the
traceback goes only to the log file, no library chatter reaches the terminal, and a take records the
voice that actually spoke."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from studio import paths
from studio.library.takes import TakeLibrary

REPO = Path(__file__).resolve().parents[3]


def _cli(*args: str, home: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), paths.HOME_ENV: str(home)}
    env.pop("STEP_STUDIO_VERBOSE", None)
    return subprocess.run([sys.executable, "-m", "studio", *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=240, input=stdin)


def _one_sentence(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode != 0
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("step-studio: error: ") and "Traceback" not in done.stderr
    return lines[0]


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, Path]:
    noise = tmp_path / "noise.wav"
    sf.write(noise, (0.1 * np.random.default_rng(0).standard_normal(16000 * 6)).astype(np.float32), 16000)
    (tmp_path / "corrupt.wav").write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunk")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    (tmp_path / "null.wav").symlink_to("/dev/null")
    return {"noise": noise, "corrupt": tmp_path / "corrupt.wav", "locked": locked, "tmp": tmp_path,
            "device": tmp_path / "null.wav"}


# Each row: the arguments (with {tmp}, {noise}, {corrupt}, {locked}) and words the sentence must hold.
MISTAKES = [
    (["speak", "(高兴1)", "-o", "{tmp}/a.wav"], ["only tags", "add the words"]),
    (["speak", "   ", "-o", "{tmp}/a.wav"], ["no text"]),
    (["speak", "Hello there.", "--speed", "5", "-o", "{tmp}/a.wav"], ["--speed 5", "from 0.5 to 2"]),
    (["speak", "Hello there.", "--pitch", "40", "-o", "{tmp}/a.wav"], ["--pitch 40", "from -12 to 12"]),
    (["speak", "Hello there.", "--speed", "fast", "-o", "{tmp}/a.wav"], ["--speed", "invalid float"]),
    (["speak", "Hello there.", "--voice", "nobody", "-o", "{tmp}/a.wav"], ["unknown voice 'nobody'"]),
    (["speak", "Hello there.", "--engine", "nope", "-o", "{tmp}/a.wav"], ["unknown engine 'nope'"]),
    (["speak", "Hello there.", "-o", "{tmp}/no/such/folder/a.wav"], ["does not exist"]),
    pytest.param(["speak", "Hello there.", "-o", "{locked}/a.wav"], ["permission"], id="unwritable folder",
                 marks=pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                                          reason="root writes into any folder")),
    (["speak", "Hello there.", "-o", "{noise}/a.wav"], ["not a folder"]),
    (["speak", "Hello there.", "-o", "{device}"], ["is a device, not a file"]),
    (["speak", "Hello there.", "-o", "{tmp}/a.xyz"], ["xyz"]),
    (["speak", "Hello there.", "--option", "temperature=2", "-o", "{tmp}/a.wav"], ["takes no option"]),
    (["clone", "{tmp}/missing.wav", "--text", "hi", "--name", "n", "--speaker", "n", "--consent", "yes"],
     ["missing.wav"]),
    (["clone", "{corrupt}", "--text", "hi", "--name", "n", "--speaker", "n", "--consent", "yes"],
     ["corrupt.wav"]),
    (["clone", "{noise}", "--text", "hi", "--name", "n"], ["consent", "--speaker"]),
    (["voices", "--engine", "nope"], ["unknown engine"]),
    (["import-preset", "{corrupt}"], ["corrupt.wav"]),
    (["export-preset", "{tmp}/out.zip", "--voice", "nobody"], ["nobody"]),
    (["serve", "--port", "99999"], ["port"]),
    (["serve", "--host", "0.0.0.0"], ["--key"]),
    (["nonsense"], ["invalid choice"]),
]


@pytest.mark.parametrize(("args", "words"), MISTAKES)
def test_a_mistake_is_one_sentence_and_the_traceback_only_in_the_log(
        files: dict[str, Path], args: list[str], words: list[str]) -> None:
    home = files["tmp"] / "home"
    argv = [a.format(**{k: str(v) for k, v in files.items()}) for a in args]
    done = _cli(*argv, home=home)
    line = _one_sentence(done)
    for word in words:
        assert word in line, line
    assert done.stdout == ""


def test_an_unexpected_failure_names_the_log_and_keeps_the_traceback_there(tmp_path: Path) -> None:
    """A bug (here: an engine whose synthesis raises something no engine should) is one line that
    points at the log; the log has the traceback."""
    plugin = tmp_path / "plugin"
    plugin.mkdir()
    (plugin / "broken_engine.py").write_text(
        "from tests.studio.test_cli import ToneBackend\n"
        "class Broken(ToneBackend):\n"
        "    def synthesize(self, request, cancel):\n"
        "        raise ZeroDivisionError('deep inside')\n")
    code = ("import sys; from backends.registry import Registry, EngineEntry; import studio.cli as c;"
            "from broken_engine import Broken;"
            "c.registry_factory = lambda: Registry([EngineEntry('tone', 'tests', Broken, None)]);"
            "sys.exit(c.main(sys.argv[1:]))")
    env = {**os.environ, "PYTHONPATH": f"{REPO}{os.pathsep}{plugin}", paths.HOME_ENV: str(tmp_path / "home")}
    done = subprocess.run([sys.executable, "-c", code, "speak", "Hello.", "-o", str(tmp_path / "a.wav")],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    line = _one_sentence(done)
    assert "deep inside" in line or "failed" in line
    log = (tmp_path / "home" / "logs" / "cli.log").read_text()
    assert "Traceback" in log and "ZeroDivisionError" in log


@pytest.mark.slow
def test_an_english_line_prints_no_library_chatter_and_verbose_shows_it(tmp_path: Path) -> None:
    done = _cli("speak", "Hello there. 你好。", "-o", str(tmp_path / "a.wav"), home=tmp_path / "home")
    assert done.returncode == 0, done.stderr
    # Only the studio's own lines: the warning that another voice spoke the Mandarin, and progress
    # lines if the take ran long on a busy machine; no library chatter.
    assert [line for line in done.stderr.splitlines() if not line.startswith("step-studio: ")] == []
    assert "prefix dict" not in done.stderr
    loud = _cli("-v", "speak", "你好。", "-o", str(tmp_path / "b.wav"), home=tmp_path / "home2")
    assert loud.returncode == 0 and "prefix dict" in loud.stderr


@pytest.mark.slow
def test_a_take_records_the_voice_that_spoke(tmp_path: Path) -> None:
    """Mandarin text with the default (English) voice: another voice speaks it, and the take, the
    file's sidecar and the provenance all say which."""
    home = tmp_path / "home"
    target = tmp_path / "zh.wav"
    done = _cli("speak", "你好，今天怎么样？", "-o", str(target), "--sidecar", "--save-take",
                "--speed", "1.2", home=home)
    assert done.returncode == 0, done.stderr
    sidecar = json.loads(target.with_suffix(".json").read_text())
    meta = sidecar["take"]
    spoke = meta["voices_used"]
    assert len(spoke) == 1 and spoke[0].startswith("kokoro:")
    take_id = done.stdout.splitlines()[1].split("\t")[1]
    with TakeLibrary(home / "data") as lib:
        take = lib.get(take_id)
    assert take.voice_id == spoke[0] == meta["voice_id"] and take.engine_id == "embedded"
    made = take.metadata["made_with"]
    assert made["front_end"] == "cli" and made["engine_id"] == "embedded" and made["studio_version"]
    assert made["request"]["speed"] == 1.2 and made["request"]["voice_id"] is None
    assert take.metadata["versions"]  # the packages that spoke, with their versions


@pytest.mark.parametrize(("stdin", "words"), [
    (b"Hello there.\n\xff\xfe broken", ["standard input is not UTF-8", "byte 14", "line 2"]),
    (b"Hello\x00 there.", ["control character (U+0000)", "character 6"]),
    (b"Hi \x1b]0;owned\x07 there.", ["control character (U+001B)"]),
])
def test_text_that_is_not_text_is_refused_where_it_enters(tmp_path: Path, stdin: bytes,
                                                          words: list[str]) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO), paths.HOME_ENV: str(tmp_path / "home")}
    done = subprocess.run([sys.executable, "-m", "studio", "speak", "-", "-o", str(tmp_path / "a.wav")],
                          cwd=REPO, env=env, capture_output=True, timeout=120, input=stdin)
    err = done.stderr.decode()
    assert done.returncode == 2 and err.count("\n") == 1 and "Traceback" not in err, err
    for word in words:
        assert word in err
    assert not (tmp_path / "a.wav").exists()


def test_an_argument_with_bytes_that_are_not_utf8_is_refused(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO), paths.HOME_ENV: str(tmp_path / "home")}
    done = subprocess.run([sys.executable, "-m", "studio", "speak", b"caf\xe9 au lait", "-o",
                           str(tmp_path / "a.wav")], cwd=REPO, env=env, capture_output=True, timeout=120)
    err = done.stderr.decode()
    assert done.returncode == 2 and "not valid Unicode at character 4" in err and "byte 0xe9" in err, err
