"""Sound in and out: playback with a position the UI can follow, recording a reference clip, and
the live microphone stream the Chat workspace listens to.

Entry points: `playback.StreamPlayer`, `recording.Recorder`, `mic_stream.MicStream`.
"""
