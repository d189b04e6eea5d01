"""The embedded engine: offline CPU voices that ship inside Python packages (no torch).

`EmbeddedBackend()` is what the registry instantiates; see engine.py for how a take is made and
manifest.py for what the engine honours, approximates and cannot do.
"""

from backends.embedded.engine import DEFAULT_VOICE, MAX_CHARS, EmbeddedBackend

__all__ = ["DEFAULT_VOICE", "MAX_CHARS", "EmbeddedBackend"]
