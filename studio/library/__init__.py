"""The take library: every take the studio made, kept in one crash-safe SQLite index beside its
audio files, exported as WAV/FLAC/MP3/OGG with sidecars; and the safe file writes (atomic, with a
sentence for a full disk) that every saved file in the studio goes through.

Entry points: `takes.TakeLibrary` (with `takes.Take`, `takes.LibraryError`), `export.export_take`,
`storage.atomic_write_bytes` / `atomic_write_json` / `StorageError`. The voice library and chat
sessions share the index file through `index.open_index`.
"""
