"""The user's voices: the voice library, presets, shareable bundles and the check a reference
clip passes before it becomes a voice.

Entry points: `library.VoiceLibrary` (its `.presets` is a `presets.PresetLibrary`),
`bundles.preview_bundle` / `import_bundle` / `export_bundle`, `reference.check_reference`.
"""
