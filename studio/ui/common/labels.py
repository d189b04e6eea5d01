"""Words the pages show for the studio's own codes and titles: language names (translated), and a
title made safe to offer as a file name. Shared by Speak, Clone's voice library and Chat."""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

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


def safe_filename(title: str) -> str:
    name = re.sub(r'[\\/:*?"<>|\n\r\t]+', " ", title).strip(" .…") or "take"
    return name[:60]
