"""What was said when, Qt-free: the model behind the timeline's lanes and what is exported from it.

- `subtitles`: cues made from word timings (a Whisper transcript or an engine's own words), written
  as SRT or WebVTT.
- `tokens`: Step-Audio's dual-codebook tokens as timed cells (vq02 every 60 ms, vq06 every 40 ms),
  the comparison of two token streams, and the JSON and `<audio_N>` exports.

Nothing here imports Qt or torch; the widgets draw what these modules compute.
"""
