"""A script: lines of speech, each with a speaker, and the speakers' voices.

Users bring dialogue as text: a podcast draft, a screenplay excerpt, a chat log, a batch of lines
in a spreadsheet. `parse_dialogue` reads labelled text (`Ana: (高兴1)Good morning!`, `小明：早上好！`,
a full-width colon, a blank line or none between lines), keeps each line's inline tags in its text,
reads `# Title` lines as chapter headings (marked in the exported audio, never spoken),
and treats a line without a label as the previous speaker going on (or a narrator when the text
starts without one). `read_table` reads CSV or TSV rows (text, voice, tags, output, engine).
Everything that comes from a file is bounded and checked here, where it enters, with one sentence
naming the line that is wrong. Qt-free.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from backends.base import InvalidRequest, VoiceInfo
from backends.text import check_text

MAX_LINES = 5_000  # about ten hours of speech
MAX_LINE_CHARS = 2_000
MAX_SPEAKERS = 64
MAX_LABEL_CHARS = 32
NARRATOR = "Narrator"
MAX_CHAPTER_CHARS = 120
_HEADING = re.compile(r"^\s*#{1,6}\s+(\S.*)$")  # "# Chapter One", as in Markdown: a chapter starts

# A label: a name of at most four words (letters of any script, digits, and . _ ' - inside) that
# starts with a letter, then a colon, ASCII or full-width, at the start of the line, then text.
# "Note: ..." is read as a speaker named Note; a time ("10:30", "At 10:30 ...") is not a label.
_LABEL = re.compile(r"^\s*(?P<name>[^\W\d_][\w.'’\- ]{0,"
                    + str(MAX_LABEL_CHARS - 1) + r"}?)\s*[:：]\s*(?P<text>.*)$")
_MAX_LABEL_WORDS = 4


class ScriptError(ValueError):
    """A script or table that cannot be used; the message names the line and what is wrong."""


@dataclass(frozen=True)
class Speaker:
    """Who speaks a line and how: a voice (an engine voice id or a library voice id; None: the
    engine's default), default tags put before each of their lines, and speed and pitch."""

    name: str
    voice: str | None = None
    tags: str = ""
    speed: float = 1.0
    pitch: float = 0.0


@dataclass(frozen=True)
class Line:
    """One line: its speaker's name, its text with inline tags, and where it came from (1-based)."""

    speaker: str
    text: str
    source_line: int = 0
    output: str = ""  # a table's output name for this line ("" for a script's lines)
    voice: str | None = None  # a table row's own voice (overrides the speaker's)
    engine: str | None = None  # a table row's own engine


@dataclass
class Script:
    lines: list[Line] = field(default_factory=list)
    speakers: dict[str, Speaker] = field(default_factory=dict)
    gap_line: float = 0.35  # seconds between two lines of one speaker
    gap_speaker: float = 0.6  # seconds between two speakers
    # Chapter headings ("# Chapter One" lines, not spoken): index of the line each one opens -> title.
    chapters: dict[int, str] = field(default_factory=dict)

    def speaker(self, name: str) -> Speaker:
        return self.speakers.get(name) or Speaker(name)

    def speaker_names(self) -> list[str]:
        """Speakers in the order they first speak."""
        seen: dict[str, None] = {}
        for line in self.lines:
            seen.setdefault(line.speaker, None)
        return list(seen)


def _label(raw: str) -> tuple[str, str] | None:
    match = _LABEL.match(raw)
    if match is None:
        return None
    name, text = match.group("name").strip(), match.group("text").strip()
    if not text or len(name.split()) > _MAX_LABEL_WORDS:
        return None
    if name[-1].isdigit() and match.group("text")[:1].isdigit():
        return None  # "At 10:30 the bell rang": a time, not "At 10" speaking ("Speaker 2: Hi." is a label)
    return name, text


def _checked(text: str, where: str) -> str:
    if len(text) > MAX_LINE_CHARS:
        raise ScriptError(f"{where} has {len(text):,} characters; a line may have {MAX_LINE_CHARS:,}: "
                          "split it into shorter lines.")
    try:
        check_text(text)
    except InvalidRequest as exc:
        raise ScriptError(f"{where}: {exc}") from None
    return text


def parse_dialogue(text: str) -> Script:
    """Labelled dialogue (or plain text, read as one narrator) as a script."""
    script = Script()
    current: str | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        heading = _HEADING.match(raw)
        if heading is not None:
            title = _checked(heading.group(1).strip(), f"Line {number}")
            if len(title) > MAX_CHAPTER_CHARS:
                raise ScriptError(f"Line {number}: a chapter title may have {MAX_CHAPTER_CHARS} characters.")
            before = script.chapters.get(len(script.lines))  # "# Part One" then "## Chapter 1": one mark
            script.chapters[len(script.lines)] = f"{before} — {title}" if before else title
            continue
        labelled = _label(raw)
        if labelled is not None:
            current, body = labelled
        else:
            current, body = current or NARRATOR, raw.strip()
        where = f"Line {number}"
        script.lines.append(Line(current, _checked(body, where), number))
        if len(script.lines) > MAX_LINES:
            raise ScriptError(f"The script has more than {MAX_LINES:,} lines; split it into parts.")
        script.speakers.setdefault(current, Speaker(current))
        if len(script.speakers) > MAX_SPEAKERS:
            raise ScriptError(f"{where} brings a {MAX_SPEAKERS + 1}th speaker; a script may have "
                              f"{MAX_SPEAKERS}. Is a colon in the text read as a speaker's name?")
    if not script.lines:
        raise ScriptError("The script has no lines to speak.")
    return script


TABLE_COLUMNS = ("text", "voice", "tags", "output", "engine")
MAX_OUTPUT_CHARS = 120
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')


def _check_output_name(name: str, where: str) -> None:
    """A row's output is a plain file name in the chosen folder, never a path out of it."""
    if not name:
        raise ScriptError(f"{where} has text but no output name.")
    if name.startswith(".") or _UNSAFE_NAME.search(name) or len(name) > MAX_OUTPUT_CHARS:
        raise ScriptError(f"{where}: the output name must be a plain file name of at most {MAX_OUTPUT_CHARS} "
                          "characters, without folders, a leading dot or any of / \\ : * ? \" < > |.")


def read_table(text: str, delimiter: str | None = None) -> Script:
    """CSV or TSV rows with a header naming at least `text` and `output` (and optionally `voice`,
    `tags`, `engine`) as a script whose lines carry their own output names."""
    if delimiter is None:
        first = text.split("\n", 1)[0]
        delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in ("text", "output") if c not in header]
    if missing:
        raise ScriptError(f"The table's first row must name its columns; it lacks {', '.join(missing)} "
                          f"(columns: {', '.join(TABLE_COLUMNS)}).")
    reader.fieldnames = header
    script = Script()
    names: set[str] = set()
    for row in reader:
        number = reader.line_num
        if len(script.lines) >= MAX_LINES:
            raise ScriptError(f"The table has more than {MAX_LINES:,} rows; split it into parts.")
        body = (row.get("text") or "").strip()
        output = (row.get("output") or "").strip()
        if not body and not output:
            continue
        where = f"Row {number}"
        _check_output_name(output, where)
        tags = (row.get("tags") or "").strip()
        voice = (row.get("voice") or "").strip() or None
        engine = (row.get("engine") or "").strip() or None
        line = Line(voice or NARRATOR, _checked(tags + body, where), number, output, voice, engine)
        script.lines.append(line)
        if output in names:
            raise ScriptError(f"{where} writes '{output}' again; every row needs its own output name.")
        names.add(output)
    if not script.lines:
        raise ScriptError("The table has no rows to speak.")
    return script


_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def _language(lines: list[Line]) -> str:
    text = "".join(line.text for line in lines)
    return "zh" if len(_CJK.findall(text)) > len(text) / 4 else "en"


def assign_voices(script: Script, voices: list[VoiceInfo], chosen: dict[str, str]) -> dict[str, str]:
    """A voice for every speaker: the one given, else one not yet taken that speaks the speaker's
    language (else any not yet taken, else the first that speaks it): distinct voices while they
    last, so that two speakers are not heard as one."""
    out = dict(chosen)
    taken = set(out.values())
    for name in script.speaker_names():
        if name in out:
            continue
        language = _language([line for line in script.lines if line.speaker == name])
        speaks = [v for v in voices if language in v.languages]
        pick = next((v for v in speaks if v.id not in taken), None) or next(
            (v for v in voices if v.id not in taken), None) or (speaks or voices or [None])[0]
        if pick is not None:
            out[name] = pick.id
            taken.add(pick.id)
    return out
