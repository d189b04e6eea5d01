"""The package imports its engine lazily, so its command-line modules run cleanly with `-m`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_the_package_does_not_import_the_engine_until_asked() -> None:
    """`python -m backends.embedded.speaker_weights` (run by the installer) imported the package,
    which imported the engine and with it speaker_weights itself, so runpy warned on every install."""
    code = ("import sys, backends.embedded, backends.embedded.speaker_weights\n"
            "assert 'backends.embedded.engine' not in sys.modules, 'engine imported with the package'\n"
            "from backends.embedded import EmbeddedBackend, MAX_CHARS\n"
            "assert EmbeddedBackend.__module__ == 'backends.embedded.engine' and MAX_CHARS > 0\n")
    done = subprocess.run([sys.executable, "-W", "error", "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]


def test_an_unknown_name_is_an_attribute_error() -> None:
    import backends.embedded

    try:
        backends.embedded.NoSuchThing  # noqa: B018
    except AttributeError as e:
        assert "NoSuchThing" in str(e)
    else:
        raise AssertionError("no AttributeError")
