"""Sharing voices and presets: `export-preset` writes a bundle file, `import-preset` reads one.

What a bundle says is printed escaped (`terminal_safe`, `one_line`): the import refuses control
characters, but a preview of a refused-later or older record must not drive the terminal either."""

from __future__ import annotations

import argparse
from typing import TextIO

from backends.lexicon import LexiconError, Pronunciation
from studio.cli.common import EXIT_OK, CliError, one_line, read_pronunciations
from studio.cli.voices import voice_library


def cmd_export_preset(args: argparse.Namespace, out: TextIO) -> int:
    from studio.voices.bundles import BundleError, export_bundle
    from studio.voices.presets import shipped_presets

    if not args.voice and not args.preset:
        raise CliError("choose what to export with --voice ID and/or --preset ID")
    shipped = {p.id: p for p in shipped_presets().presets}
    with voice_library() as library:
        presets: list[object] = []
        for preset_id in args.preset:
            if preset_id in shipped and preset_id not in {p.id for p in library.presets.list()}:
                presets.append(shipped[preset_id])
            else:
                presets.append(preset_id)
        said = () if args.pronunciations is None else read_pronunciations(
            None if args.pronunciations == "studio" else args.pronunciations)
        try:
            written = export_bundle(args.output, args.voice, presets, library, said)  # type: ignore[arg-type]
        except BundleError as exc:
            raise CliError(str(exc)) from exc
    out.write(f"{one_line(written)}\n")
    return EXIT_OK


def cmd_import_preset(args: argparse.Namespace, out: TextIO) -> int:
    from studio.voices.bundles import BundleError, import_bundle, preview_bundle
    from studio.voices.text import terminal_safe

    with voice_library() as library:
        try:
            preview = preview_bundle(args.bundle, library)
            out.write("\n".join(terminal_safe(line) for line in preview.summary()) + "\n")
            if args.dry_run:
                return EXIT_OK
            result = import_bundle(args.bundle, library)
        except BundleError as exc:
            raise CliError(str(exc)) from exc
    for voice in result.voices:
        out.write(f"imported voice\t{voice.id}\t{one_line(voice.name)}\n")
    for preset in result.presets:
        out.write(f"imported preset\t{preset.id}\t{one_line(preset.name)}\n")
    if result.pronunciations:
        out.write(f"added pronunciations\t{_add_pronunciations(result.pronunciations)}\n")
    return EXIT_OK


def _add_pronunciations(entries: tuple[Pronunciation, ...]) -> int:
    """The bundle's words the studio's dictionary lacks, added (the user's own readings stay)."""
    from studio.library.storage import StorageError
    from studio.voices.pronunciations import default_path, read_lexicon, write_lexicon

    try:
        mine = read_lexicon(default_path())
        merged = mine.with_new_words(entries)
        write_lexicon(default_path(), merged)
    except (LexiconError, StorageError) as exc:
        raise CliError("the voices and presets were imported, but not the pronunciations: "
                       f"{one_line(exc)}") from None
    return len(merged) - len(mine)
