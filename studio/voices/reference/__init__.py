"""The clone doctor: score a reference recording, find its best 5-10 s, and prepare it for cloning.

Why: every cloning engine copies what it is given — hiss, clipping, a second voice, music — and a
poor clone is almost always a poor reference. Users cannot hear most of these faults, so the
Clone wizard shows one verdict per criterion, each with the measured value and a sentence that
says what to do, and offers the best window so the user rarely has to trim by hand.

Qt-free and torch-free: numpy, soxr (through `Audio`), the Silero VAD that ships inside
faster-whisper, and optionally the speaker encoder in `backends.embedded.speaker`.

How things are measured (all on a 16 kHz analysis copy; clipping on the original samples):

- Speech vs non-speech: Silero VAD (`faster_whisper.vad`) with short gaps (150 ms) so pauses
  between phrases count as boundaries; frames within 60 ms of speech are not used as "noise".
- Level: RMS over speech frames in dBFS (not LUFS: the usual LUFS library needs scipy, and for
  a mono speech clip the K-weighted figure differs from speech-RMS by a roughly constant offset).
- Noise floor: median power of non-speech frames; with less than 0.3 s of non-speech, the 10th
  percentile of all frames (energy fallback: the quietest moments between syllables).
  SNR = speech power over noise power, noise subtracted from the speech power first.
- Music or steady tones (a heuristic, and the message says so): a steady tone (hum, whistle,
  held musical note) is a narrow spectral peak that stays at the same frequency for most of the
  clip, whereas speech harmonics move with intonation; background music shows up as strong narrow
  peaks in the pauses, where broadband room noise has none.
- More than one speaker: GE2E speaker embeddings of 1.6 s windows (hop 0.8 s) over speech,
  split into two groups (2-means, seeded by the least similar pair); two groups of at least two
  windows whose centroids' cosine similarity is low are two voices.
"""

from studio.voices.reference.analysis import measure_snr, speech_level_dbfs
from studio.voices.reference.check import check_reference
from studio.voices.reference.clean import denoise, prepare_reference
from studio.voices.reference.report import CheckItem, ReferenceReport, SpeakerEmbedder, Status, Window
from studio.voices.reference.speakers import two_groups

__all__ = [
    "CheckItem",
    "ReferenceReport",
    "SpeakerEmbedder",
    "Status",
    "Window",
    "check_reference",
    "denoise",
    "measure_snr",
    "prepare_reference",
    "speech_level_dbfs",
    "two_groups",
]
