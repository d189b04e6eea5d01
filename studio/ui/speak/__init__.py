"""The Speak workspace: tagged text in, takes out.

Entry point: `page.SpeakPage`, which composes the panels: `text_panel.TextPanel` (tag menus, editor,
summary line, draft), `voice_bar.VoiceBar` (engine, voice, speed, pitch, sampling) with
`presets.PresetsButton` beside the voice, `transport.TransportBar` (Generate, Stop, Play, Export and
status), `take_view.TakeView` (history, details, library writes, export) and `playback.Playback`
(the player, off the GUI thread). `sampling_dialog.SamplingDialog` edits an engine's own options.
"""
