"""The command line's messages in the user's language (LANGUAGE, LC_ALL, LC_MESSAGES or LANG, as
gettext reads them), from the window's own catalogue file, without Qt.

Only what is said to the user is translated: error and warning lines. Data on stdout (ids, tables,
file names) stays as it is, and the `step-studio: error:` prefix stays English so scripts can find
it. English costs nothing: the catalogue is read only when another language is asked for.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path

from studio.translation import read_catalogue, template_patterns, translate_message

CATALOGUES = Path(__file__).resolve().parents[1] / "i18n"


def language(environ: Mapping[str, str] | None = None) -> str:
    """The messages' language as a locale name ("zh_CN", "en_US"); "en" for C or POSIX."""
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "").split(":")[0].split(".")[0].strip()
        if value:
            return "en" if value in ("C", "POSIX") else value
    return "en"


@cache
def _translator(lang: str) -> Callable[[str], str] | None:
    if lang.startswith("en"):
        return None
    candidates = [CATALOGUES / f"step_studio_{lang}.ts",
                  *sorted(CATALOGUES.glob(f"step_studio_{lang.split('_')[0]}*.ts"))]
    path = next((p for p in candidates if p.is_file()), None)
    if path is None:
        return None
    try:
        table = read_catalogue(path, ("core", "TagNames", "Languages"))
    except (OSError, SyntaxError):  # an unreadable catalogue: speak English rather than fail
        return None
    patterns = template_patterns(source for source in table if "{" in source)
    return lambda text: translate_message(text, table.get, patterns)


def tr(text: str) -> str:
    """`text` in the user's language when the catalogue knows it (or its shape), else as it is."""
    translate = _translator(language())
    return translate(text) if translate is not None else text
