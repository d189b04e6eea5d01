"""Messages of the Qt-free core in another language, matched by their shape: shared by the window
(through Qt's catalogues) and the command line (which reads the same catalogue file without Qt).

The core speaks English and its messages carry values ("Only 2.1 s of speech; ..."). Each message
shape is a template with {0}, {1}, ... (studio/ui/common/core_messages.py); a message is translated
by an exact entry first, else by the most specific template it matches, with the values put back
(each translated in turn when it is itself a known message). A message no entry knows is left as
the core wrote it, so nothing is ever lost.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterable
from pathlib import Path

_PLACEHOLDER = re.compile(r"\\\{(\d+)\\\}")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z(])")
_CJK_END = "。！？；）"

Lookup = Callable[[str], str | None]


class TemplatePattern:
    """A template as a regex, compiled when a message first could match it: the UI knows about 170
    templates, and compiling them all at the first translated message cost the window a 200-300 ms
    stall at start-up (bench/gui_stall.py, issue 21). A message that does not start and end with the
    template's literal text cannot match, so most templates are never compiled at all."""

    def __init__(self, template: str) -> None:
        self.template = template
        pieces = re.split(r"\{\d+\}", template)
        self._prefix, self._suffix = pieces[0], pieces[-1]
        self._compiled: re.Pattern[str] | None = None

    def match(self, text: str) -> re.Match[str] | None:
        if not (text.startswith(self._prefix) and text.endswith(self._suffix)):
            return None
        if self._compiled is None:
            body = _PLACEHOLDER.sub(lambda m: f"(?P<p{m.group(1)}>.+?)", re.escape(self.template))
            self._compiled = re.compile(f"^{body}$", re.DOTALL)
        return self._compiled.match(text)


def template_patterns(templates: Iterable[str]) -> list[tuple[TemplatePattern, str]]:
    """Each template with placeholders as a pattern, most specific (longest literal part) first."""
    out = [(TemplatePattern(template), template) for template in templates if "{" in template]
    out.sort(key=lambda p: -len(re.sub(r"\{\d+\}", "", p[1])))
    return out


def translate_message(text: str, lookup: Lookup, patterns: list[tuple[TemplatePattern, str]],
                      _depth: int = 0) -> str:
    """`text` translated through `lookup` (a message or template -> its translation, or None)."""
    if not text or _depth > 3:
        return text
    if "\n" in text:
        return "\n".join(translate_message(line, lookup, patterns, _depth) for line in text.split("\n"))
    found = lookup(text)
    if found is not None:
        return found
    for pattern, template in patterns:
        match = pattern.match(text)
        if match is None:
            continue
        translated = lookup(template)
        if translated is None:
            break  # this language has no entry for it (or the UI is English): keep the original
        raw = match.groupdict()
        values = {name: translate_message(value, lookup, patterns, _depth + 1) for name, value in raw.items()}
        if values == raw and not re.search(r"[A-Za-z]", re.sub(r"\{\d+\}", "", template)):
            continue  # a bare "{0}: {1}" only joins translated parts; around English it would add CJK colons
        return re.sub(r"\{(\d+)\}", lambda m, v=values: v.get(f"p{m.group(1)}", m.group(0)), translated)
    sentences = _SENTENCE_END.split(text)
    if len(sentences) > 1:
        parts = [translate_message(s, lookup, patterns, _depth + 1) for s in sentences]
        if parts != sentences:
            return "".join(p if p.endswith(tuple(_CJK_END)) else p + " " for p in parts).strip()
    return text


def read_catalogue(path: Path, contexts: Iterable[str]) -> dict[str, str]:
    """Finished translations of `contexts` from a Qt Linguist .ts file (source -> translation)."""
    wanted = set(contexts)
    out: dict[str, str] = {}
    for context in ElementTree.parse(path).getroot().iter("context"):
        if context.findtext("name") not in wanted:
            continue
        for message in context.iter("message"):
            source, node = message.findtext("source"), message.find("translation")
            if source and node is not None and node.text and node.get("type") is None:
                out.setdefault(source, node.text)
    return out
