"""Builds the shipped table of the bundled voices' embeddings (voice_match_table.py):
`python -m backends.embedded.voice_match_build`, after a change of voices, probes or encoder."""

from __future__ import annotations

import numpy as np

from backends.embedded.voice_match_table import SHIPPED, fingerprint, write_table


def main() -> int:
    """Compute every bundled voice's entry for every probe language into the shipped table."""
    import sys

    from backends.base import CancelToken
    from backends.embedded.engine import DEFAULT_VOICE, EmbeddedBackend
    from backends.embedded.voice_match import PROBES, grid_embeddings

    engine = EmbeddedBackend(preload_kokoro=True)
    engine.load()
    engine.wait_loaded()
    encoder = engine.speaker_encoder()
    entries: dict[str, np.ndarray] = {}
    labels: dict[str, str] = {}
    kokoro = [v.id for v in engine.voices() if v.id.startswith("kokoro:")]
    for language, probe in PROBES.items():
        voices = kokoro + ([DEFAULT_VOICE] if language == "en" else [])
        for vid in voices:
            audio = engine._render_blend(((vid, 1.0),), probe, language, CancelToken())
            key = fingerprint(vid, language, probe)
            entries[key] = grid_embeddings(encoder, audio, CancelToken())
            labels[key] = f"{language} {vid}"
            print(f"{language} {vid}: {audio.duration:.1f} s of speech", file=sys.stderr, flush=True)
    write_table(SHIPPED, entries, labels)
    print(f"wrote {len(entries)} entries to {SHIPPED}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
