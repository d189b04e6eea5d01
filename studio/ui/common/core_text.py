"""Messages from the Qt-free core (engine errors, reference-check findings, capability reasons,
device reasons, progress lines) in the UI's language.

The core speaks English and knows nothing of Qt, and its messages carry numbers and names
("Only 2.1 s of speech; …"). Rather than thread a translation layer through every core package,
the UI keeps the core's message shapes as templates (`core_messages.py`, where lupdate collects
them under the "core" context) and translates a message when it reaches the screen: an exact
entry first, else the template it matches, with the values put back in (each value itself
translated when it is a known message, such as a tag's name). A message no template knows is
shown as the core wrote it, so nothing is ever lost.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QCoreApplication

from studio.translation import TemplatePattern, template_patterns, translate_message
from studio.ui.common.core_messages import TEMPLATES

CONTEXT = "core"


@cache
def _patterns() -> list[tuple[TemplatePattern, str]]:
    return template_patterns(TEMPLATES)


def _lookup(text: str) -> str | None:
    translated = QCoreApplication.translate(CONTEXT, text)
    if translated != text:
        return translated
    for context in ("TagNames", "Languages"):  # a tag's or a language's name inside a message
        name = QCoreApplication.translate(context, text)
        if name != text:
            return name
    return None


def translate_core(text: str) -> str:
    """`text`, a message from the core, in the UI language (unchanged when no entry knows it)."""
    return translate_message(text, _lookup, _patterns())
