"""The take library: every take the studio made, kept in one crash-safe SQLite index beside its
audio files, and exported as WAV/FLAC/MP3/OGG with sidecars.

Entry points: `takes.TakeLibrary` (with `takes.Take`, `takes.LibraryError`), `export.export_take`.
The voice library and chat sessions share the index file through `takes.open_index`.
"""
