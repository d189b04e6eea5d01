"""Words the pages show for the studio's own codes and titles: language names (translated), a
title made safe to offer as a file name, and a tooltip with the keys of its action. Shared by
Speak, Clone's voice library, Chat, Edit and the window's keymap."""

from __future__ import annotations

import re
from collections.abc import Iterable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QKeySequence

LANGUAGE_NAMES = {
    "en": QT_TRANSLATE_NOOP("Languages", "English"), "zh": QT_TRANSLATE_NOOP("Languages", "Mandarin"),
    "ja": QT_TRANSLATE_NOOP("Languages", "Japanese"), "ko": QT_TRANSLATE_NOOP("Languages", "Korean"),
    "yue": QT_TRANSLATE_NOOP("Languages", "Cantonese"),
    "zh-sichuan": QT_TRANSLATE_NOOP("Languages", "Sichuanese"),
    "de": QT_TRANSLATE_NOOP("Languages", "German"), "fr": QT_TRANSLATE_NOOP("Languages", "French"),
    "es": QT_TRANSLATE_NOOP("Languages", "Spanish"), "it": QT_TRANSLATE_NOOP("Languages", "Italian"),
    "pt": QT_TRANSLATE_NOOP("Languages", "Portuguese"), "ru": QT_TRANSLATE_NOOP("Languages", "Russian"),
    "hi": QT_TRANSLATE_NOOP("Languages", "Hindi"),
}


def language_names(codes: tuple[str, ...]) -> str:
    return ", ".join(QCoreApplication.translate("Languages", LANGUAGE_NAMES.get(c, c)) for c in codes)


# Names Windows keeps for devices whatever the extension ("con.wav" opens the console there).
_WINDOWS_DEVICES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                    *(f"lpt{i}" for i in range(1, 10))}


def safe_filename(title: str) -> str:
    """A file name suggested from a title that every platform accepts: none of Windows' forbidden
    characters or device names, no trailing dot or space, at most 60 characters."""
    name = " ".join(re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", title).split())
    name = name.strip(" .…")[:60].rstrip(" .") or "take"
    if name.split(".")[0].lower() in _WINDOWS_DEVICES:
        name = f"{name} take"
    return name


def keys_text(keys: Iterable[QKeySequence]) -> str:
    """Keys as a user reads them ("Ctrl+Return, Ctrl+Enter")."""
    return ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys if not k.isEmpty())


def tip_with_keys(tip: str, keys: Iterable[QKeySequence]) -> str:
    """A tooltip that names the keys of its action, as they are now ("Delete (Del)")."""
    text = keys_text(keys)
    return f"{tip} ({text})" if text else tip
