"""Text from outside, checked where it enters: what no engine can speak is refused with where it is.

Why here, below every front end: the CLI, the server and the window all hand text to engines, and
an invalid character (a NUL, a lone surrogate left by bytes that were not UTF-8) used to travel
until an encoder deep inside an engine failed with "UnicodeEncodeError". One check, one sentence,
with the position the user can find in their file.
"""

from __future__ import annotations

import re
import unicodedata

from backends.base import InvalidRequest

# Every C0/C1 control except the layout ones (tab, newline, carriage return), and the surrogate
# range, which valid Unicode text never holds on its own.
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def _where(text: str, index: int) -> str:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"at character {index + 1:,} (line {line}, column {column})"


def check_text(text: str) -> None:
    """Raise InvalidRequest naming the first character no engine can take, and where it is."""
    found = _REFUSED.search(text)
    if found is None:
        return
    index, code = found.start(), ord(found.group())
    if 0xD800 <= code <= 0xDFFF:
        raw = f" (byte 0x{code - 0xDC00:02x})" if 0xDC80 <= code <= 0xDCFF else ""
        raise InvalidRequest(f"The text is not valid Unicode {_where(text, index)}{raw}: it was probably "
                             "read from a file that is not UTF-8. Save it as UTF-8 and try again.")
    raise InvalidRequest(f"The text holds a control character (U+{code:04X}) {_where(text, index)}; "
                         "remove it and try again.")


def decode_utf8(data: bytes, source: str) -> str:
    """`data` as UTF-8 text (a leading BOM dropped), or InvalidRequest naming the bad byte's offset."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start:exc.start + 1].hex()
        line = data.count(b"\n", 0, exc.start) + 1
        raise InvalidRequest(f"{source} is not UTF-8 text: byte 0x{bad} at byte {exc.start + 1:,} "
                             f"(line {line}). Save it as UTF-8 and try again.") from None


def display_width(text: str) -> int:
    """Columns `text` takes in a terminal or a subtitle line: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
