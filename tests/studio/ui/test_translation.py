"""The Chinese UI is whole: the catalogue has no unfinished entry, it holds every string the source
marks for translation (menus and core messages alike), and nothing English is shown in zh_CN."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from ui_walk import shown_strings

from studio.ui.common.core_messages import TEMPLATES
from studio.ui.shell.app import install_translations

ROOT = Path(__file__).resolve().parents[3]
TS = ROOT / "studio" / "i18n" / "step_studio_zh_CN.ts"
LUPDATE = Path(sys.executable).parent / "pyside6-lupdate"

# What a zh_CN user may see in Latin letters: names, units and technical words used as such in
# Chinese software, and the test's own data (engine ids, voice and device names, file names).
ALLOWED_WORDS = {
    "Step", "Audio", "Studio", "StepFun", "OpenAI", "Piper", "Joe", "Kokoro", "Gongitsune", "espeak",
    "ng", "misaki", "OpenJTalk", "PyTorch", "CosyVoice", "PortAudio", "Linux", "libportaudio2",
    "NVIDIA", "GPU", "CPU", "RAM", "SNR", "VAD", "dB", "dBFS", "Hz", "kHz", "ms", "MB", "GB", "URL",
    "API", "ID", "LLM", "ASR", "TTS", "WAV", "wav", "MP3", "FLAC", "OGG", "Opus", "JSON", "Markdown",
    "Ctrl", "Shift", "Enter", "Esc", "Space", "Tab", "bf16", "int8", "int4", "float32", "EditX", "RAP",
    "pedalboard", "pinyin", "Whisper", "GPL", "Apache", "Qt", "PySide6", "PCM", "http", "https",
    "localhost", "resemblyzer", "AI", "pip", "install", "huggingface", "Hugging", "Face", "Ollama",
    "vLLM", "Top", "v1", "English", "base", "tiny", "CC", "BY", "NC", "step", "studio", "serve",
    "llama", "cpp", "CC0",
    "Del", "LUFS", "ITU", "BS", "stepedit",  # a key's name, a loudness unit and its standard, a file type
    "Tokenizer",  # Step-Audio-Tokenizer, a model repository's name
    "Alpha", "Nezumi", "Tebukuro", "Kumo",  # Kokoro voices' proper names
    # the test's data
    "embedded", "Embedded", "offline", "broken", "ImportError", "no", "Alto", "Bass", "Speakers",
    "Headphones", "zero", "shot", "en", "prompt", "zh", "Hello", "from", "the", "reference",
    "Ein", "Fehler",
}


def _catalogue() -> list[tuple[str, str, str, str | None]]:
    """(context, source, translation, type) for every live entry of the zh catalogue."""
    out = []
    for context in ET.parse(TS).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            kind = translation.get("type")
            if kind in ("vanished", "obsolete"):
                continue
            out.append((name, message.findtext("source") or "", translation.text or "", kind))
    return out


def test_zh_catalogue_has_no_unfinished_or_empty_entry() -> None:
    bad = [f"[{c}] {s!r}" for c, s, t, kind in _catalogue() if kind == "unfinished" or not t.strip()]
    assert not bad, f"{len(bad)} untranslated:\n" + "\n".join(bad[:80])


@pytest.mark.skipif(not LUPDATE.exists(), reason="pyside6-lupdate is not installed")
def test_catalogue_holds_every_marked_string_of_the_source(tmp_path: Path) -> None:
    """lupdate run over the source (as studio/i18n/update.sh runs it) finds nothing new."""
    copy = tmp_path / TS.name
    shutil.copy(TS, copy)
    files = sorted(str(p.relative_to(ROOT)) for folder in ("studio/ui", "widgets")
                   for p in (ROOT / folder).rglob("*.py"))
    result = subprocess.run([str(LUPDATE), "-tr-function-alias", "tr+=_tr", *files, "-ts", str(copy)],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    unfinished = [f"[{c.findtext('name')}] {m.findtext('source')!r}"
                  for c in ET.parse(copy).getroot().iter("context") for m in c.iter("message")
                  if m.find("translation").get("type") == "unfinished"]  # type: ignore[union-attr]
    assert not unfinished, "marked in the source but not translated:\n" + "\n".join(unfinished[:80])


def test_every_core_template_is_translated() -> None:
    translated = {s for c, s, t, kind in _catalogue() if c == "core" and kind is None and t}
    missing = [t for t in TEMPLATES if t not in translated]
    assert not missing, "\n".join(missing)


def test_core_messages_are_shown_in_chinese(qtbot: Any) -> None:
    import numpy as np

    from backends.audio import Audio, load_audio
    from studio.devices.recording import NO_INPUT_DEVICE
    from studio.ui.common.i18n import translate_core
    from studio.voices.reference import check_reference

    app = QApplication.instance()
    translators = install_translations(app, "zh_CN")
    try:
        assert translate_core(NO_INPUT_DEVICE) == "没有找到麦克风（音频输入设备）。仍可从文件导入录音。"
        report = check_reference(load_audio(str(ROOT / "tests" / "data" / "zero_shot_en_prompt.wav")))
        for item in report.items:
            shown = translate_core(item.message)
            assert not _english_words(shown), f"{item.message!r} shown as {shown!r}"
        short = "Only 2.1 s of speech; record or import at least 5 s of continuous speech."
        assert translate_core(short) == "只有 2.1 秒语音；请录制或导入至少 5 秒的连续语音。"
        # What the voice match and the reference refusal say while the user waits.
        for said in ("Trying voice 3 of 7", "Trying blends 1-2 of 4", "Scored blend 2 of 4", "Done",
                     "Fetching the speaker model (once): 3.2 of 15.7 MB",
                     check_reference(Audio(np.zeros(16000 * 4, dtype=np.float32), 16000)).refusal() or ""):
            shown = translate_core(said)
            assert said and not _english_words(shown), f"{said!r} shown as {shown!r}"
    finally:
        for t in translators:
            app.removeTranslator(t)
    assert translate_core(NO_INPUT_DEVICE) == NO_INPUT_DEVICE  # English UI: as the core wrote it


# Text the user types or picks as such: tags in their canonical spelling ([Laughter], <break …/>)
# and voice ids (kokoro:jf_alpha).
_VERBATIM = re.compile(r"\[[A-Za-z-]+\]|<break[^>]*>|\b[a-z]+:[\w.-]+")


def _english_words(text: str) -> list[str]:
    """Latin words of two letters or more that are not names, units or data (a single letter is a
    menu accelerator such as (E), or a unit)."""
    words = re.findall(r"[A-Za-z][A-Za-z0-9]+", _VERBATIM.sub("", text))
    return [w for w in words if w not in ALLOWED_WORDS]


@cache
def _patterns() -> list[re.Pattern[str]]:
    """Each zh translation with values in it, as a regex; placeholders match any value."""
    out = []
    for _c, _s, t, _k in _catalogue():
        if re.search(r"\{\d+[^}]*\}|%\d", t) and re.search(r"[\u4e00-\u9fff]", t):
            body = re.sub(r"\\\{\d+[^}]*\\\}|%\d", "(.*?)", re.escape(t))
            out.append(re.compile(f"^{body}$", re.DOTALL))
    return out


def _in_catalogue(text: str, exact: set[str], depth: int = 0) -> bool:
    text = text.strip()
    if not _english_words(text) or text in exact:
        return True
    if depth > 3:  # a message in a message in a list in a message
        return False
    if "\n" in text:
        return all(_in_catalogue(line, exact, depth) for line in text.split("\n"))
    for pattern in _patterns():
        match = pattern.match(text)
        if match and all(_in_catalogue(v, exact, depth + 1) for v in match.groups()):
            return True
    return False


def test_zh_ui_shows_only_catalogued_strings(qtbot: Any, studio_home: Path) -> None:
    """Every page and dialog in zh_CN: each label, button, item, tooltip, placeholder, menu entry
    and status line is a catalogue translation (values such as names and numbers aside)."""
    from ui_walk import screens

    exact = {t.strip() for _c, _s, t, _k in _catalogue()}
    app = QApplication.instance()
    translators = install_translations(app, "zh_CN")
    shown_english = []
    try:
        for name, top in screens(qtbot, studio_home):
            for s in shown_strings(top):
                if s.text.strip().startswith(str(studio_home)):  # a folder of the test's own (data)
                    continue
                if not _in_catalogue(s.text, exact):
                    shown_english.append(f"{name}: {s.describe()}")
    finally:
        for t in translators:
            app.removeTranslator(t)
    unique = sorted(set(shown_english))
    assert not unique, f"{len(unique)} strings shown in English:\n" + "\n".join(unique)
