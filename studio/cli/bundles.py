"""Sharing voices and presets: `export-preset` writes a bundle file, `import-preset` reads one."""

from __future__ import annotations

import argparse
from typing import TextIO

from studio.cli.common import EXIT_OK, CliError
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
    out.write(f"{written}\n")
    return EXIT_OK


def cmd_import_preset(args: argparse.Namespace, out: TextIO) -> int:
    from studio.voices.bundles import BundleError, import_bundle, preview_bundle

    with voice_library() as library:
        try:
            preview = preview_bundle(args.bundle, library)
            out.write("\n".join(preview.summary()) + "\n")
            if args.dry_run:
                return EXIT_OK
            result = import_bundle(args.bundle, library)
        except BundleError as exc:
            raise CliError(str(exc)) from exc
    for voice in result.voices:
        out.write(f"imported voice\t{voice.id}\t{voice.name}\n")
    for preset in result.presets:
        out.write(f"imported preset\t{preset.id}\t{preset.name}\n")
    return EXIT_OK
