from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import threading
import time
import types
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from backends.audio import load_audio
from backends.base import (
    AudioChunk,
    Availability,
    CancelToken,
    Finished,
    InvalidRequest,
    Manifest,
    Progress,
    Range,
    Support,
    SynthesisEvent,
    SynthesisRequest,
    SynthesisWarning,
    TagSupport,
    VoiceInfo,
)
from backends.registry import EngineEntry, Registry
from studio import cli, paths
from studio.library.takes import TakeLibrary

REPO = Path(__file__).resolve().parents[2]
RATE = 16000


class ToneBackend:
    """Test double: speaks any text as a tone, one chunk per sentence, and can be told to misbehave."""

    def __init__(self, mode: str = "ok", available: bool = True) -> None:
        self.mode = mode
        self.available = available
        self.requests: list[SynthesisRequest] = []
        self._manifest = Manifest(
            id="tone", name="Tone test engine", version="1", licence="MIT", description="Beeps.",
            languages=("en", "zh"),
            tags={
                "speed:快速": TagSupport(Support.NATIVE, "plays faster"),
                "emotion:高兴": TagSupport(Support.APPROXIMATED, "a higher tone"),
                "paralinguistic:Laughter": TagSupport(Support.UNSUPPORTED, "tones cannot laugh"),
            },
            streaming=True, speed=Range(0.5, 2.0, 1.0, "native"), pitch=Range(-12, 12, 0, "native"),
        )

    @property
    def manifest(self) -> Manifest:
        return self._manifest

    def availability(self) -> Availability:
        if self.available:
            return Availability(True)
        return Availability(False, "The tone generator is switched off.", "Switch it on.")

    def load(self) -> None:
        pass

    def unload(self) -> None:
        pass

    def voices(self) -> list[VoiceInfo]:
        return [VoiceInfo("low", "Low tone", ("en",), RATE, "male"),
                VoiceInfo("high", "高音", ("en", "zh"), RATE, "female")]

    def synthesize(self, request: SynthesisRequest, cancel: CancelToken) -> Iterator[SynthesisEvent]:
        self.requests.append(request)
        if self.mode == "invalid":
            raise InvalidRequest("The tone engine cannot speak this.")
        return self._stream(request, cancel)

    def _stream(self, request: SynthesisRequest, cancel: CancelToken) -> Iterator[SynthesisEvent]:
        freq = 880.0 if request.voice_id == "high" else 220.0
        t = np.arange(RATE // 4) / RATE
        tone = (0.3 * np.sin(2 * np.pi * freq * t)).astype(np.float32)
        yield Progress(0, 2, "first sentence")
        if "[Laughter]" in request.text:
            yield SynthesisWarning("tag-unsupported", "[Laughter] is not honoured:\ntones cannot laugh.")
        yield AudioChunk(tone, RATE, 0)
        if self.mode == "interrupt":
            os.kill(os.getpid(), signal.SIGINT)  # the user presses Ctrl-C mid-take
            # Bounded, so a Ctrl-C that never arrives fails the test (the take then ends normally)
            # instead of hanging it: 60 s is about 600 times the 0.1 s the CLI takes to notice.
            give_up = time.monotonic() + 60.0
            while not cancel.cancelled and time.monotonic() < give_up:
                threading.Event().wait(0.01)
            return
        yield Progress(1, 2, "second sentence")
        yield AudioChunk(tone, RATE, 1)
        yield Finished({"engine": "tone", "voice": request.voice_id or "low", "seed": request.seed,
                        "speed": request.speed})


def _registry(backend: ToneBackend | None = None) -> Registry:
    backend = backend or ToneBackend()
    return Registry([
        EngineEntry("tone", "tests", lambda: backend, None),
        EngineEntry("broken", "some-plugin", None, "Engine 'broken' could not be loaded: ImportError: nope."),
    ])


class TTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(args: list[str], backend: ToneBackend | None = None, stdin: str = "",
        err: io.StringIO | None = None) -> tuple[int, str, str]:
    out = io.StringIO()
    err = err if err is not None else io.StringIO()
    code = cli.main(args, registry=_registry(backend), stdout=out, stderr=err, stdin=io.StringIO(stdin))
    return code, out.getvalue(), err.getvalue()


def _one_error_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("step-studio: error: ") and "Traceback" not in err
    return lines[0]


def test_version() -> None:
    out = io.StringIO()
    assert cli.main(["--version"], stdout=out) == 0
    assert out.getvalue().startswith("step-studio ")


def test_speak_writes_wav_with_tags_and_warnings(tmp_path: Path) -> None:
    backend = ToneBackend()
    target = tmp_path / "out.wav"
    code, out, err = run(["speak", "Hi [Laughter] there.", "-o", str(target), "--voice", "high",
                          "--engine", "tone", "--speed", "1.5", "--pitch", "-2", "--seed", "7"], backend)
    assert code == 0, err
    assert err == "step-studio: warning: [Laughter] is not honoured: tones cannot laugh.\n"
    assert out == f"{target}\t0.50 s\n"
    audio = load_audio(target)
    assert audio.sample_rate == RATE and audio.duration == pytest.approx(0.5)
    assert np.argmax(np.abs(np.fft.rfft(audio.samples))) * RATE / len(audio) == pytest.approx(880, abs=4)
    [request] = backend.requests
    assert (request.voice_id, request.speed, request.pitch, request.seed) == ("high", 1.5, -2.0, 7)
    with sf.SoundFile(str(target)) as f:
        assert f.comment == "Hi [Laughter] there." and f.artist == "high"


def test_speak_reads_stdin_and_sidecar(tmp_path: Path) -> None:
    backend = ToneBackend()
    code, _, err = run(["speak", "-", "-o", str(tmp_path / "s.flac"), "--sidecar"], backend,
                       stdin="来自标准输入的文字\n")
    assert code == 0, err
    assert backend.requests[0].text == "来自标准输入的文字\n"
    assert (tmp_path / "s.json").exists()


def test_progress_only_on_a_terminal(tmp_path: Path) -> None:
    code, _, err = run(["speak", "hello", "-o", str(tmp_path / "a.wav")])
    assert code == 0 and err == ""
    tty = TTY()
    code, _, _ = run(["speak", "hello", "-o", str(tmp_path / "b.wav")], err=tty)
    assert code == 0
    assert "[1/2] second sentence" in tty.getvalue()
    assert tty.getvalue().endswith("\r\x1b[2K")  # the progress line is cleared at the end


def test_save_take(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path / "home"))
    code, out, err = run(["speak", "Keep this one", "-o", str(tmp_path / "k.ogg"), "--save-take"])
    assert code == 0, err
    take_line = out.splitlines()[1].split("\t")
    with TakeLibrary(paths.data_dir()) as lib:
        take = lib.get(take_line[1])
        assert take.text == "Keep this one" and take.engine_id == "tone" and take.voice_id == "low"
        assert take.metadata["engine"] == "tone" and "timings" in take.metadata
        assert lib.load_audio(take.id).duration == pytest.approx(0.5)


def test_resample_on_export(tmp_path: Path) -> None:
    code, _, err = run(["speak", "x", "-o", str(tmp_path / "r.wav"), "--sample-rate", "48000"])
    assert code == 0, err
    assert load_audio(tmp_path / "r.wav").sample_rate == 48000


@pytest.mark.parametrize(
    "args, stdin, words",
    [
        (["speak", "   ", "-o", "{tmp}/a.wav"], "", "no text to speak"),
        (["speak", "-", "-o", "{tmp}/a.wav"], "", "standard input was empty"),
        (["speak", "hi", "-o", "{tmp}/a.wav", "--voice", "nobody"], "", "unknown voice 'nobody'"),
        (["speak", "hi", "-o", "{tmp}/a.wav", "--engine", "nope"], "", "unknown engine 'nope'"),
        (["speak", "hi", "-o", "{tmp}/a.wav", "--engine", "broken"], "", "could not be loaded"),
        (["speak", "hi", "-o", "{tmp}/missing/a.wav"], "", "does not exist"),
        (["speak", "hi", "-o", "{tmp}/file/a.wav"], "", "is not a folder"),
        (["speak", "hi", "-o", "{tmp}/a.xyz"], "", "Cannot export “xyz”"),
        (["speak", "hi", "-o", "{tmp}/noext"], "", "add a file extension"),
        (["speak", "hi", "-o", "{tmp}/a.wav", "--speed", "0"], "", "speed must be a positive number"),
        (["speak", "hi", "-o", "{tmp}/a.wav", "--speed", "fast"], "", "invalid float value"),
        (["speak", "hi"], "", "required: -o/--output"),
        (["frobnicate"], "", "invalid choice"),
    ],
)
def test_bad_input_is_one_line(tmp_path: Path, args: list[str], stdin: str, words: str) -> None:
    (tmp_path / "file").write_text("x")
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    code, out, err = run(args, stdin=stdin)
    assert code != 0 and out == ""
    assert words in _one_error_line(err)
    assert not (tmp_path / "a.wav").exists()


def test_engine_failure_and_unavailable_engine(tmp_path: Path) -> None:
    code, _, err = run(["speak", "hi", "-o", str(tmp_path / "a.wav")], ToneBackend("invalid"))
    assert code == 1 and "The tone engine cannot speak this." in _one_error_line(err)
    code, _, err = run(["speak", "hi", "-o", str(tmp_path / "a.wav")], ToneBackend(available=False))
    assert code == 1
    assert "switched off. Switch it on." in _one_error_line(err)
    assert not (tmp_path / "a.wav").exists()


def test_ctrl_c_cancels_cleanly(tmp_path: Path, terminal_ctrl_c: None) -> None:
    code, _, err = run(["speak", "hi", "-o", str(tmp_path / "a.wav")], ToneBackend("interrupt"))
    assert code == 130, "Ctrl-C did not stop the take"
    # What was finished is kept: the tone engine made one 0.25 s sentence before Ctrl-C.
    target = tmp_path / "a.wav"
    kept = f"step-studio: error: cancelled; the 0.2 s made so far were written to {target}"
    assert _one_error_line(err) == kept
    assert load_audio(target).duration == pytest.approx(0.25, abs=0.01)
    assert [p.name for p in tmp_path.iterdir()] == ["a.wav"]  # no temporary file left


def test_unwritable_output_at_write_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from studio.library import storage

    def refuse(src: object, dst: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(storage.os, "replace", refuse)
    code, _, err = run(["speak", "hi", "-o", str(tmp_path / "a.wav")])
    assert code == 1 and "read-only" in _one_error_line(err)


def test_voices_table() -> None:
    code, out, err = run(["voices", "--engine", "tone"])
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "NAME", "LANGUAGES", "GENDER"]
    assert lines[2].split() == ["low", "Low", "tone", "en", "male"]
    assert lines[3].split() == ["high", "高音", "en,", "zh", "female"]
    # columns line up by display width: "高音" is two characters but four columns wide
    assert lines[2].index("en") == lines[3].index("en") + 2 or lines[2].index("en") == lines[3].index("en")


def test_voices_default_engine_and_unknown() -> None:
    code, out, _ = run(["voices"])
    assert code == 0 and "high" in out
    code, _, err = run(["voices", "--engine", "nope"])
    assert code == 1 and "unknown engine" in _one_error_line(err)


def test_engines_lists_support_groups_and_broken(tmp_path: Path) -> None:
    code, out, err = run(["engines"])
    assert code == 0, err
    tone, broken = out.strip().split("\n\n")
    assert tone.startswith("tone: Tone test engine [default] (tests)")
    assert "  available" in tone
    native = tone.index("native:")
    approx = tone.index("approximated (how):")
    impossible = tone.index("not possible (why):")
    assert native < tone.index("speed:快速: plays faster") < approx
    assert approx < tone.index("emotion:高兴: a higher tone") < impossible
    assert impossible < tone.index("paralinguistic:Laughter: tones cannot laugh")
    assert "speed: 0.5..2 (native)" in tone
    assert broken.startswith("broken: BROKEN (some-plugin)") and "ImportError: nope" in broken


def test_engines_shows_unavailable_reason() -> None:
    code, out, _ = run(["engines"], ToneBackend(available=False))
    assert code == 0
    assert "unavailable: The tone generator is switched off. Fix: Switch it on." in out


def test_registry_hook(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "registry_factory", _registry)
    out = io.StringIO()
    assert cli.main(["voices"], stdout=out) == 0
    assert "Low tone" in out.getvalue()


def test_no_arguments_launches_gui(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    fake = types.ModuleType("studio.ui.shell.app")
    fake.main = lambda: calls.append("gui") or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "studio.ui.shell.app", fake)
    assert cli.main([]) == 0
    assert calls == ["gui"]


def test_gui_that_cannot_import_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "studio.ui.shell.app", None)  # import now raises ImportError
    err = io.StringIO()
    assert cli.main([], stderr=err) == 1
    assert "the studio window cannot start (ModuleNotFoundError" in _one_error_line(err.getvalue())


def _subprocess(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), paths.HOME_ENV: str(home)}
    return subprocess.run([sys.executable, "-m", "studio", *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=120)


def test_python_dash_m_studio(tmp_path: Path) -> None:
    done = _subprocess("--version", home=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("step-studio ")
    done = _subprocess("speak", "", "-o", str(tmp_path / "a.wav"), home=tmp_path)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == "step-studio: error: there is no text to speak\n"


@pytest.mark.slow
def test_real_speak_with_embedded_engine(tmp_path: Path) -> None:
    target = tmp_path / "hello.wav"
    done = _subprocess("speak", "(高兴1)Hello from the studio. [Laughter]", "-o", str(target),
                       "--engine", "embedded", "--save-take", home=tmp_path / "home")
    assert done.returncode == 0, done.stderr
    assert "step-studio: warning:" in done.stderr and "Traceback" not in done.stderr
    audio = load_audio(target)
    assert 0.8 < audio.duration < 6 and audio.rms() > 0.01
    with sf.SoundFile(str(target)) as f:
        assert f.comment == "(高兴1)Hello from the studio. [Laughter]"
    take_id = done.stdout.splitlines()[1].split("\t")[1]
    with TakeLibrary(tmp_path / "home" / "data") as lib:
        assert lib.get(take_id).engine_id == "embedded"


# --- voice library, clone, bundles ------------------------------------------------------------


class MatchingToneBackend(ToneBackend):
    """Test double for an engine with a voice match: the profile records the reference's level."""

    def __init__(self, fail: bool = False) -> None:
        super().__init__()
        import dataclasses

        from backends.base import CloneSupport

        self._manifest = dataclasses.replace(self._manifest, cloning=CloneSupport("match", 3, 8, 30))
        self.fail = fail
        self.prepared: list[tuple[float, str | None]] = []

    def prepare_voice(self, reference, transcript, cancel, progress=None):  # type: ignore[no-untyped-def]
        from backends.base import BackendError, VoiceProfile

        if self.fail:
            raise BackendError("The reference is too quiet to match.")
        self.prepared.append((reference.duration, transcript))
        if progress:
            progress(0.5, "matching")
        return VoiceProfile("tone", "match", 1, {"voice": "high", "rms": round(reference.rms(), 4)},
                            0.812, 0.433, "high tone, +0 st")


def _voice_file(tmp_path: Path) -> Path:
    """A real spoken reference (4.7 s of speech): the reference check refuses tones and noise."""
    path = tmp_path / "ref.wav"
    path.write_bytes((REPO / "tests" / "data" / "zero_shot_en_prompt.wav").read_bytes())
    return path


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path / "home"))
    return tmp_path / "home"


def _clone(tmp_path: Path, backend: ToneBackend, *extra: str, consent: bool = True) -> tuple[int, str, str]:
    given = ["--speaker", "Ann", "--consent", "yes"] if consent and "--consent" not in extra else []
    return run(["clone", str(_voice_file(tmp_path)), "--text", "Hello there", "--name", "Ann",
                "--engine", "tone", *given, *extra], backend)


def test_clone_saves_voice_with_profile_and_consent(tmp_path: Path, home: Path) -> None:
    from studio.voices.library import VoiceLibrary

    backend = MatchingToneBackend()
    code, out, err = _clone(tmp_path, backend, "--speaker", "Ann Lee", "--consent", "said yes on tape",
                            "--language", "en", "--licence", "CC-BY-4.0")
    assert code == 0, err
    assert err == ""
    lines = out.splitlines()
    voice_id = lines[0].split("\t")[1]
    assert lines[1] == "similarity\ttone\t0.812\t(default voice 0.433)"
    assert backend.prepared == [(pytest.approx(load_audio(_voice_file(tmp_path)).duration), "Hello there")]
    with VoiceLibrary(paths.data_dir()) as lib:
        voice = lib.get(voice_id)
        assert voice.origin == "matched" and voice.transcript == "Hello there"
        assert voice.consent.given and voice.consent.speaker == "Ann Lee"
        assert voice.consent.how == "said yes on tape" and voice.consent.source == "Imported from ref.wav"
        assert voice.consent.licence == "CC-BY-4.0" and voice.consent.recorded == date.today().isoformat()
        assert voice.profiles["tone"].data["voice"] == "high"


def test_clone_writes_the_same_consent_record_as_the_wizard(tmp_path: Path, home: Path) -> None:
    from studio.ui.clone.services import make_consent
    from studio.voices.library import VoiceLibrary

    code, out, err = _clone(tmp_path, MatchingToneBackend(), "--speaker", "Ann Lee",
                            "--consent", "In writing")
    assert code == 0, err
    wizard = make_consent(speaker="Ann Lee", given=True, how="In writing", source="Imported from ref.wav",
                          licence="Personal use only")
    with VoiceLibrary(paths.data_dir()) as lib:
        saved = lib.get(out.split("\t")[1]).consent
    assert saved.to_json() == wizard.to_json()


class ServerKeptToneBackend(MatchingToneBackend):
    """Prepares like a remote engine: its server keeps the voice and asks for the consent record."""

    def __init__(self) -> None:
        super().__init__()
        self.consents: list[object] = []

    def prepare_voice(self, reference, transcript, cancel, progress=None, consent=None):  # type: ignore[no-untyped-def]
        self.consents.append(consent)
        return super().prepare_voice(reference, transcript, cancel, progress)


def test_clone_through_an_engine_whose_server_keeps_the_voice_sends_the_consent(tmp_path: Path,
                                                                                home: Path) -> None:
    backend = ServerKeptToneBackend()
    code, _out, err = _clone(tmp_path, backend, "--speaker", "Ann Lee", "--consent", "In writing")
    assert code == 0, err
    assert backend.consents == [{"speaker": "Ann Lee", "consent": "In writing",
                                 "source": "Imported from ref.wav", "licence": "Personal use only",
                                 "recorded": date.today().isoformat()}]


@pytest.mark.parametrize("given", [[], ["--speaker", "Ann"], ["--consent", "in writing"],
                                   ["--speaker", " ", "--consent", "yes"]])
def test_clone_refuses_without_consent_and_saves_nothing(tmp_path: Path, home: Path,
                                                         given: list[str]) -> None:
    from studio.voices.library import VoiceLibrary

    backend = MatchingToneBackend()
    code, out, err = _clone(tmp_path, backend, *given, consent=False)
    line = _one_error_line(err)
    assert code == 2 and out == ""
    assert "consent" in line and "--speaker" in line and "--consent" in line
    assert backend.prepared == []  # refused before the slow part, not after it
    with VoiceLibrary(paths.data_dir()) as lib:
        assert lib.list() == []


def test_clone_with_an_engine_that_cannot_prepare_warns(tmp_path: Path, home: Path) -> None:
    code, out, err = _clone(tmp_path, ToneBackend())
    assert code == 0, err
    assert "cannot clone or match" in err
    assert out.startswith("voice\t") and "similarity" not in out


def test_clone_failures_are_one_line_and_save_nothing(tmp_path: Path, home: Path) -> None:
    from studio.voices.library import VoiceLibrary

    code, _, err = _clone(tmp_path, MatchingToneBackend(fail=True))
    assert code == 1 and "too quiet" in _one_error_line(err)
    (tmp_path / "notaudio.wav").write_text("hello")
    t = np.arange(16000 * 6) / 16000
    sf.write(tmp_path / "tone.wav", np.sign(np.sin(2 * np.pi * 220 * t)).astype(np.float32) * 0.5, 16000)
    code, _, err = run(["clone", str(tmp_path / "tone.wav"), "--text", "x", "--name", "n", "--engine", "tone",
                        "--speaker", "n", "--consent", "yes"], MatchingToneBackend())
    assert code == 1 and "No speech was found in the recording, only a steady tone" in _one_error_line(err)
    code, _, err = run(["clone", str(tmp_path / "notaudio.wav"), "--text", "x", "--name", "n",
                        "--speaker", "n", "--consent", "yes"])
    assert code == 1 and "notaudio.wav" in _one_error_line(err)
    with VoiceLibrary(paths.data_dir()) as lib:
        assert lib.list() == []


def test_voices_lists_library_voices_and_speak_uses_the_profile(tmp_path: Path, home: Path) -> None:
    backend = MatchingToneBackend()
    code, out, _ = _clone(tmp_path, backend, "--speaker", "Ann", "--consent", "yes")
    voice_id = out.split("\t")[1]
    code, out, err = run(["voices", "--engine", "tone"], backend)
    assert code == 0, err
    assert "library voices (*):" in out
    row = next(line for line in out.splitlines() if line.startswith(f"* {voice_id}"))
    assert "Ann" in row and "matched" in row and "tone" in row
    code, out, err = run(["speak", "hi", "-o", str(tmp_path / "v.wav"), "--engine", "tone",
                          "--voice", voice_id], backend)
    assert code == 0, err
    request = backend.requests[-1]
    assert request.voice_profile is not None and request.voice_profile.data["voice"] == "high"
    assert request.voice_id == voice_id


def test_speak_with_library_voice_lacking_a_profile(tmp_path: Path, home: Path) -> None:
    code, out, _ = _clone(tmp_path, ToneBackend())
    voice_id = out.split("\t")[1]
    code, _, err = run(["speak", "hi", "-o", str(tmp_path / "v.wav"), "--engine", "tone",
                        "--voice", voice_id])
    line = _one_error_line(err)
    assert code == 1 and "has no profile for engine 'tone'" in line and "clone" in line


def test_export_and_import_preset_round_trip(tmp_path: Path, home: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from studio.voices.library import VoiceLibrary

    code, out, _ = _clone(tmp_path, MatchingToneBackend(), "--speaker", "Ann", "--consent", "yes")
    voice_id = out.split("\t")[1]
    bundle = tmp_path / "ann.zip"
    code, out, err = run(["export-preset", str(bundle), "--voice", voice_id, "--preset", "fast-news-read"])
    assert code == 0, err
    assert out == f"{bundle}\n"
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path / "other"))
    code, out, err = run(["import-preset", str(bundle), "--dry-run"])
    assert code == 0, err
    assert "1 voice(s), 1 preset(s)" in out and "speaker: Ann; consent: yes" in out
    with VoiceLibrary(paths.data_dir()) as lib:
        assert lib.list() == []
    code, out, err = run(["import-preset", str(bundle)])
    assert code == 0, err
    assert f"imported voice\t{voice_id}\tAnn" in out and "imported preset\tfast-news-read" in out
    with VoiceLibrary(paths.data_dir()) as lib:
        assert lib.get(voice_id).profiles["tone"].similarity == 0.812


def test_a_bundle_shares_pronunciations_only_when_asked(tmp_path: Path, home: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from backends.lexicon import Lexicon, check_entry
    from studio.voices.pronunciations import default_path, read_lexicon, write_lexicon

    write_lexicon(default_path(), Lexicon([check_entry("Ana", "Ahna", "respell"),
                                           check_entry("Nguyen", "wɪn", "ipa", "en")]))
    quiet, shared = tmp_path / "quiet.json", tmp_path / "shared.json"
    preset = ["--preset", "fast-news-read"]
    assert run(["export-preset", str(quiet), *preset])[0] == 0
    code, _, err = run(["export-preset", str(shared), *preset, "--pronunciations", "studio"])
    assert code == 0, err
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path / "other"))
    write_lexicon(default_path(), Lexicon([check_entry("ana", "Anna", "respell")]))
    code, out, _ = run(["import-preset", str(quiet)])
    assert code == 0 and "pronunciation" not in out
    code, out, err = run(["import-preset", str(shared)])
    assert code == 0, err
    assert "pronunciation Ana  [respell: Ahna]" in out and "added pronunciations\t1" in out
    readings = {e.word: e.reading for e in read_lexicon(default_path())}
    assert readings == {"ana": "Anna", "Nguyen": "wɪn"}  # the user's own reading stays


def test_import_preset_refuses_hostile_bundle_in_one_line(tmp_path: Path, home: Path) -> None:
    import zipfile

    bad = tmp_path / "evil.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("manifest.json", '{"format": "step-audio-studio-bundle", "version": 1}')
        zf.writestr("../../evil.sh", "rm -rf /")
    code, out, err = run(["import-preset", str(bad)])
    assert code == 1 and out == "" and "tries to leave its folder" in _one_error_line(err)
    code, _, err = run(["export-preset", str(tmp_path / "x.zip")])
    assert code == 1 and "--voice" in _one_error_line(err)
    code, _, err = run(["export-preset", str(tmp_path / "x.zip"), "--voice", "nope"])
    assert code == 1 and "no voice nope" in _one_error_line(err)


class OptionToneBackend(ToneBackend):
    """A tone engine that declares two options (ToneBackend records the requests it gets)."""

    @staticmethod
    def options() -> dict[str, dict[str, object]]:
        return {"temperature": {"default": 0.7}, "streaming": {"default": True}}


def test_speak_passes_declared_options_and_refuses_unknown_ones(tmp_path: Path) -> None:
    backend = OptionToneBackend()
    code, _, err = run(["speak", "Hello.", "-o", str(tmp_path / "a.wav"), "--engine", "tone",
                        "--option", "temperature=0.4", "--option", "streaming=false", "--seed", "7"], backend)
    assert code == 0, err
    (request,) = backend.requests
    assert dict(request.options) == {"temperature": 0.4, "streaming": False} and request.seed == 7

    code, _, err = run(["speak", "Hello.", "-o", str(tmp_path / "b.wav"), "--engine", "tone",
                        "--option", "top_q=1"], backend)
    assert code == 2 and "takes no option 'top_q' (it takes: temperature, streaming)" in err
    code, _, err = run(["speak", "Hello.", "-o", str(tmp_path / "c.wav"), "--engine", "tone",
                        "--option", "temperature"], backend)
    assert code == 2 and "NAME=VALUE" in err
    code, _, err = run(["speak", "Hello.", "-o", str(tmp_path / "d.wav"), "--engine", "tone",
                        "--option", "temperature=0.4"])  # the plain tone engine declares none
    assert code == 2 and "(it takes: none)" in err


def test_a_long_take_reports_each_step_when_stderr_is_not_a_terminal(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from studio.cli import speak

    code, _, err = run(["speak", "One. Two.", "-o", str(tmp_path / "quick.wav")])
    assert code == 0 and err == ""  # a short take stays silent in a log
    monkeypatch.setattr(speak._Progress, "QUIET_S", 0.0)  # as if the take had run for a while
    code, _, err = run(["speak", "One. Two.", "-o", str(tmp_path / "long.wav")])
    assert code == 0
    assert err.splitlines() == ["step-studio: [0/2] first sentence", "step-studio: [1/2] second sentence"]
