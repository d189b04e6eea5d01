"""The embedded engine: offline CPU voices that ship inside Python packages (no torch).

`EmbeddedBackend()` is what the registry instantiates; see engine.py for how a take is made and
manifest.py for what the engine honours, approximates and cannot do.

The engine is imported when first asked for, not with the package: the package's command-line
modules (`python -m backends.embedded.speaker_weights`, run by the installer, and
`voice_match_build`) would otherwise import the whole engine before themselves, which runpy
warns about on every install.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from backends.embedded.engine import DEFAULT_VOICE, MAX_CHARS, EmbeddedBackend

__all__ = ["DEFAULT_VOICE", "MAX_CHARS", "EmbeddedBackend"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from backends.embedded import engine

        return getattr(engine, name)
    raise AttributeError(f"module 'backends.embedded' has no attribute {name!r}")
