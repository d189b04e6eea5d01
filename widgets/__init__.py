"""Reusable Qt widgets: waveform and spectrogram view, tag editor, take list."""
