"""Sharing voices and presets: `export-preset` writes a bundle file, `import-preset` reads one.

What a bundle says is printed escaped (`terminal_safe`, `one_line`): the import refuses control
characters, but a preview of a refused-later or older record must not drive the terminal either."""

from __future__ import annotations

import argparse
from typing import TextIO

from studio.cli.common import EXIT_OK, CliError, one_line
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
        try:
            written = export_bundle(args.output, args.voice, presets, library)  # type: ignore[arg-type]
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
    return EXIT_OK
