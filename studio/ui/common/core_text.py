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

import re
from functools import cache

from PySide6.QtCore import QCoreApplication

from studio.ui.common.core_messages import TEMPLATES

CONTEXT = "core"
_PLACEHOLDER = re.compile(r"\\\{(\d+)\\\}")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z(])")
_CJK_END = "。！？；）"


@cache
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    """Each template as a regex (its placeholders as groups), most specific (longest literal) first."""
    out = []
    for template in TEMPLATES:
        if "{" not in template:
            continue
        body = _PLACEHOLDER.sub(lambda m: f"(?P<p{m.group(1)}>.+?)", re.escape(template))
        out.append((re.compile(f"^{body}$", re.DOTALL), template))
    out.sort(key=lambda p: -len(re.sub(r"\{\d+\}", "", p[1])))
    return out


def _lookup(text: str) -> str | None:
    translated = QCoreApplication.translate(CONTEXT, text)
    if translated != text:
        return translated
    tag_name = QCoreApplication.translate("TagNames", text)
    return tag_name if tag_name != text else None


def translate_core(text: str, _depth: int = 0) -> str:
    """`text`, a message from the core, in the UI language (unchanged when no entry knows it)."""
    if not text or _depth > 3:
        return text
    if "\n" in text:
        return "\n".join(translate_core(line, _depth) for line in text.split("\n"))
    found = _lookup(text)
    if found is not None:
        return found
    for pattern, template in _patterns():
        match = pattern.match(text)
        if match is None:
            continue
        translated = QCoreApplication.translate(CONTEXT, template)
        if translated == template:
            break  # the UI runs in English (or this template is not translated): keep the original
        values = {name: translate_core(value, _depth + 1) for name, value in match.groupdict().items()}
        return re.sub(r"\{(\d+)\}", lambda m, v=values: v.get(f"p{m.group(1)}", m.group(0)), translated)
    sentences = _SENTENCE_END.split(text)
    if len(sentences) > 1:
        parts = [translate_core(s, _depth + 1) for s in sentences]
        if parts != sentences:
            return "".join(p if p.endswith(tuple(_CJK_END)) else p + " " for p in parts).strip()
    return text
