"""Text that came from outside (bundles, uploads, transcripts, file names): what it may hold, and
how to show it on a terminal without the terminal obeying it.

Why it matters: a voice name is printed by `voices`, shown in dialogs and spoken to a server's
clients. A name holding ESC[2J clears the user's screen, ESC]0;...BEL retitles the window, ESC[8m
hides what follows, a bare carriage return overwrites the start of the line, and the bidirectional
overrides (U+202A-U+202E, U+2066-U+2069) make "evil.zip" read as something else. So:

- `check_text` refuses such characters where text enters (one sentence naming the field and the
  character), with line breaks and tabs allowed only in free text (transcripts, notes);
- `clean_text` removes them, for text the user did not type and cannot fix (a file name);
- `terminal_safe` escapes them for printing (records saved before these checks still print safely).
"""

from __future__ import annotations

import unicodedata

# Explicit embeddings, overrides and isolates: they reorder what is displayed around them.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Unicode's own line and paragraph separators: some terminals and widgets break lines at them.
LINE_SEPARATORS = frozenset("\u2028\u2029")
MULTILINE_ALLOWED = frozenset("\n\t")


def _unsafe(ch: str, multiline: bool) -> bool:
    if multiline and ch in MULTILINE_ALLOWED:
        return False
    return unicodedata.category(ch) == "Cc" or ch in BIDI_CONTROLS or ch in LINE_SEPARATORS


def first_unsafe(text: str, multiline: bool = False) -> str | None:
    """The first character that may not appear in `text`, or None when it is all safe."""
    return next((ch for ch in text if _unsafe(ch, multiline)), None)


def describe_char(ch: str) -> str:
    """'U+001B (ESCAPE)': how a refusal names the character without printing it."""
    name = unicodedata.name(ch, "")
    if not name and unicodedata.category(ch) == "Cc":
        name = {"\x1b": "ESCAPE", "\r": "CARRIAGE RETURN", "\n": "LINE FEED", "\t": "TAB",
                "\x07": "BELL", "\x00": "NUL", "\x7f": "DELETE"}.get(ch, "control character")
    return f"U+{ord(ch):04X}" + (f" ({name})" if name else "")


def check_text(text: str, where: str, multiline: bool = False) -> str:
    """`text` unchanged (a multiline one with CRLF made LF), or ValueError naming the character.

    Control characters are refused rather than silently dropped where a person wrote the text,
    so what they see in the library is what the file said, not a quietly different name.
    """
    if multiline:
        text = text.replace("\r\n", "\n")
    ch = first_unsafe(text, multiline)
    if ch is None:
        return text
    kind = ("a bidirectional override" if ch in BIDI_CONTROLS
            else "a line separator" if ch in LINE_SEPARATORS else "a control character")
    raise ValueError(f"{where} contains {kind}, {describe_char(ch)}, which is not allowed")


def clean_text(text: str, multiline: bool = False) -> str:
    """`text` with every character `check_text` refuses removed (line breaks in a one-line text
    become spaces), for text nobody can correct at the source, such as a file's name."""
    text = (text.replace("\r\n", "\n") if multiline
            else "".join(" " if ch in "\n\r\t" else ch for ch in text))
    return "".join(ch for ch in text if not _unsafe(ch, multiline))


def terminal_safe(text: str, multiline: bool = False) -> str:
    """`text` with every unsafe character written as a visible escape (ESC -> \\x1b, U+202E ->
    \\u202e), so printing it can neither move the cursor nor retitle nor reorder anything.
    Backslashes are left alone: the result is for eyes, not for parsing back."""
    out = []
    for ch in text:
        if not _unsafe(ch, multiline):
            out.append(ch)
        elif ord(ch) < 0x100:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(f"\\u{ord(ch):04x}")
    return "".join(out)
