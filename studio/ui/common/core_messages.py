"""The core's message shapes, collected by lupdate under the "core" context (see core_text.py).

Each entry is a message the Qt-free core shows the user, as it writes it, with its values as
{0}, {1}, …: reference-check findings (studio/voices/reference), device reasons (studio/devices),
what each engine's manifest says it does with a tag, availability reasons, and the names values
inside those messages take. Add the shape here when the core gains a message; the zh catalogue
test fails until it is translated."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

TEMPLATES: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("core", "Only {0} s of speech; record or import at least {1} s of continuous speech."),
    QT_TRANSLATE_NOOP("core", "{0} s of speech is usable but short; 5-10 s gives a more faithful clone."),
    QT_TRANSLATE_NOOP("core", "The recording is {0} s long; only the best 5-10 s window will be used, "
                      "so check that it is the voice you want."),
    QT_TRANSLATE_NOOP("core", "{0} s of speech is enough."),
    QT_TRANSLATE_NOOP("core", "No speech was heard (overall level {0} dBFS); check the microphone or "
                      "the file and record again."),
    QT_TRANSLATE_NOOP("core", "Speech is very quiet ({0} dBFS); move closer to the microphone or "
                      "raise its input gain and record again."),
    QT_TRANSLATE_NOOP("core", "Speech is quiet ({0} dBFS); it will be normalised, but recording "
                      "closer to the microphone keeps the noise lower."),
    QT_TRANSLATE_NOOP("core", "Speech is very loud ({0} dBFS); lower the input gain to leave headroom."),
    QT_TRANSLATE_NOOP("core", "Speech level {0} dBFS is fine."),
    QT_TRANSLATE_NOOP("core", "{0} of the samples are clipped ({1} flat-topped runs); lower the input "
                      "gain and record again — clipping cannot be undone."),
    QT_TRANSLATE_NOOP("core", "A few samples are clipped ({0} runs); prefer a window without them or "
                      "record a little quieter."),
    QT_TRANSLATE_NOOP("core", "No clipping."),
    QT_TRANSLATE_NOOP("core", "Not checked: no speech to compare the noise with."),
    QT_TRANSLATE_NOOP("core", "noise floor {0} dBFS from {1}"),
    QT_TRANSLATE_NOOP("core", "non-speech frames (VAD)"),
    QT_TRANSLATE_NOOP("core", "quietest 10% of frames (too few pauses for VAD-based noise)"),
    QT_TRANSLATE_NOOP("core", "Background noise is loud (SNR {0} dB, {1}); record in a quieter room "
                      "or turn on denoise."),
    QT_TRANSLATE_NOOP("core", "Some background noise (SNR {0} dB, {1}); the clone may copy it — "
                      "denoise can help."),
    QT_TRANSLATE_NOOP("core", "Clean recording (SNR {0} dB)."),
    QT_TRANSLATE_NOOP("core", "The recording is silent or holds no speech; record again."),
    QT_TRANSLATE_NOOP("core", "{0} of the recording is not speech; use the suggested window or speak "
                      "with fewer pauses."),
    QT_TRANSLATE_NOOP("core", "{0} s of silence before and {1} s after the speech; trim it (the "
                      "suggested window does)."),
    QT_TRANSLATE_NOOP("core", "{0} pauses, a natural amount."),
    QT_TRANSLATE_NOOP("core", "{0} kHz is telephone quality; the clone will sound muffled — use a "
                      "recording made at {1} kHz or more if you have one."),
    QT_TRANSLATE_NOOP("core", "{0} kHz is enough."),
    QT_TRANSLATE_NOOP("core", "A steady tone near {0} Hz runs through the recording (heuristic: hum, "
                      "whistle or music); remove its source and record again."),
    QT_TRANSLATE_NOOP("core", "The pauses sound tonal, like music in the background ({0} of them; "
                      "heuristic); record without music playing."),
    QT_TRANSLATE_NOOP("core", "No music or steady tones found (heuristic)."),
    QT_TRANSLATE_NOOP("core", "Not checked: {0}; listen to make sure only one person speaks."),
    QT_TRANSLATE_NOOP("core", "Not checked: too little speech to compare voices; listen to make sure "
                      "only one person speaks."),
    QT_TRANSLATE_NOOP("core", "There is a second voice (around {0}, similarity {1}); keep only one "
                      "speaker — use the suggested window or trim."),
    QT_TRANSLATE_NOOP("core", "There is possibly a second voice (around {0}, similarity {1}); keep "
                      "only one speaker — use the suggested window or trim."),
    QT_TRANSLATE_NOOP("core", "One speaker throughout."),
    QT_TRANSLATE_NOOP("core", "Not a good reference yet: fix {0}."),
    QT_TRANSLATE_NOOP("core", "Usable, with warnings about {0}."),
    QT_TRANSLATE_NOOP("core", "A good reference."),
    QT_TRANSLATE_NOOP("core", "No audio output device was found. Generating and exporting still work."),
    QT_TRANSLATE_NOOP("core", "Sound output is unavailable because the PortAudio library could not be "
                      "loaded (on Linux, install the libportaudio2 package). Generating and "
                      "exporting still work."),
    QT_TRANSLATE_NOOP("core", "The selected audio output device is no longer available. Choose "
                      "another one in Settings."),
    QT_TRANSLATE_NOOP("core", "The audio output device “{0}” does not accept any usable format. "
                      "Choose another one in Settings."),
    QT_TRANSLATE_NOOP("core", "Sound output is unavailable ({0}). Generating and exporting still work."),
    QT_TRANSLATE_NOOP("core", "Playback failed ({0})."),
    QT_TRANSLATE_NOOP("core", "No microphone (audio input device) was found. You can still import a "
                      "recording from a file."),
    QT_TRANSLATE_NOOP("core", "No microphone (audio input device) was found."),
    QT_TRANSLATE_NOOP("core", "You can still import a recording from a file."),
    QT_TRANSLATE_NOOP("core", "Recording is unavailable because the PortAudio library could not be "
                      "loaded (on Linux, install the libportaudio2 package). You can still "
                      "import a recording from a file."),
    QT_TRANSLATE_NOOP("core", "The selected microphone is no longer available. Choose another one."),
    QT_TRANSLATE_NOOP("core", "The microphone stopped delivering sound (was it unplugged?); the "
                      "recording so far was kept."),
    QT_TRANSLATE_NOOP("core", "The recording reached its maximum length and was stopped."),
    QT_TRANSLATE_NOOP("core", "The microphone “{0}” does not accept any usable format. Choose another one."),
    QT_TRANSLATE_NOOP("core", "Recording is unavailable ({0}). You can still import a recording from "
                      "a file."),
    QT_TRANSLATE_NOOP("core", "The microphone “{0}” could not be opened ({1})."),
    QT_TRANSLATE_NOOP("core", "The microphone “{0}” could not be started ({1})."),
    QT_TRANSLATE_NOOP("core", "No voice here can act an emotion; approximated with prosody only ({0})."),
    QT_TRANSLATE_NOOP("core", "level {0}: rate {1} %, pitch {2} semitones, loudness {3} dB"),
    QT_TRANSLATE_NOOP("core", "level {0}: rate {1} %, pitch {2} semitones, loudness {3} dB; level "
                      "{4}: rate {5} %, pitch {6} semitones, loudness {7} dB"),
    QT_TRANSLATE_NOOP("core", "Spoken by a Kokoro voice in Mandarin (misaki pinyin phonemes); Piper "
                      "Joe hands Mandarin to Kokoro Gongitsune. Tones are not always right "
                      "(about 2-8 % of syllables heard wrong)."),
    QT_TRANSLATE_NOOP("core", "Spoken in English by the chosen voice (Piper Joe if it cannot)."),
    QT_TRANSLATE_NOOP("core", "Spoken by espeak-ng's Korean formant voice: robotic and hard to "
                      "understand; no neural Korean voice is bundled."),
    QT_TRANSLATE_NOOP("core", "Spoken by a Kokoro voice in Japanese (OpenJTalk readings)."),
    QT_TRANSLATE_NOOP("core", "No Sichuanese voice is bundled: the text is spoken in standard "
                      "Mandarin instead."),
    QT_TRANSLATE_NOOP("core", "Spoken by espeak-ng's Cantonese formant voice: robotic and hard to "
                      "understand; no neural Cantonese voice is bundled."),
    QT_TRANSLATE_NOOP("core", "Speaking rate level 1: x{0}, level 2: x{1}, native in every voice "
                      "(Piper length scale, Kokoro speed, espeak rate)."),
    QT_TRANSLATE_NOOP("core", "No voice here can rap: the text is spoken plainly."),
    QT_TRANSLATE_NOOP("core", "No voice here can hum: the text is spoken plainly."),
    QT_TRANSLATE_NOOP("core", "No voice here can make the {0} sound: it is left out and the text is "
                      "spoken plainly."),
    QT_TRANSLATE_NOOP("core", "breathing"),
    QT_TRANSLATE_NOOP("core", "laughter"),
    QT_TRANSLATE_NOOP("core", "surprise (oh)"),
    QT_TRANSLATE_NOOP("core", "confirmation (en)"),
    QT_TRANSLATE_NOOP("core", "uhm"),
    QT_TRANSLATE_NOOP("core", "surprise (ah)"),
    QT_TRANSLATE_NOOP("core", "surprise (wa)"),
    QT_TRANSLATE_NOOP("core", "sigh"),
    QT_TRANSLATE_NOOP("core", "question (ei)"),
    QT_TRANSLATE_NOOP("core", "dissatisfaction (hnn)"),
    QT_TRANSLATE_NOOP("core", "Free-form instructions need a language-model voice; the embedded "
                      "voices ignore them (the text is spoken plainly, never the tag)."),
    QT_TRANSLATE_NOOP("core", "Inserts silence of the given length."),
    QT_TRANSLATE_NOOP("core", "native for espeak voices (post-process past -6..+9); post-process "
                      "(pedalboard pitch shift) for Piper and Kokoro voices"),
    QT_TRANSLATE_NOOP("core", "native"),
    QT_TRANSLATE_NOOP("core", "post-process"),
    QT_TRANSLATE_NOOP("core", "Matches the nearest blend of the bundled voices and shifts pitch; it "
                      "does not clone the voice. Reports the similarity it reached. (Use the "
                      "Step-Audio engine for a real clone.)"),
    QT_TRANSLATE_NOOP("core", "measured: resident memory grows by about 125 MB with Piper and espeak "
                      "loaded and about 570 MB once Kokoro and its Mandarin and Japanese "
                      "dictionaries are in use; 2 CPU cores; no GPU"),
    QT_TRANSLATE_NOOP("core", "Offline CPU voices that ship inside Python packages: Piper Joe "
                      "(English, the default and fastest), five Kokoro voices (Japanese, "
                      "English, Mandarin) and espeak-ng (Cantonese, Korean and other "
                      "languages; robotic). Emotions are approximated with rate, pitch and "
                      "loudness."),
    QT_TRANSLATE_NOOP("core", "read by the model as the prefix {0}"),
    QT_TRANSLATE_NOOP("core", "read by the model as the prefix {0} (levels {1}; others use the nearest)"),
    QT_TRANSLATE_NOOP("core", "switches to the rap system prompt and the Music decoder"),
    QT_TRANSLATE_NOOP("core", "switches to the humming system prompt and the Music decoder"),
    QT_TRANSLATE_NOOP("core", "TTS-3B makes no non-verbal sounds (Step-Audio-EditX adds them); it is "
                      "left out, never read aloud"),
    QT_TRANSLATE_NOOP("core", "passed to the model as a free-form prefix; weaker effect than the "
                      "listed tags"),
    QT_TRANSLATE_NOOP("core", "silence inserted between the sentences around it"),
    QT_TRANSLATE_NOOP("core", "Any clip from 3 s at 8 kHz or more with its transcript (made by the "
                      "app's speech recognition when not given)."),
    QT_TRANSLATE_NOOP("core", "one NVIDIA GPU with 8 GB (8-bit weights) or 12 GB (bf16); runs on the "
                      "CPU too, far slower than real time. The memory check before loading "
                      "says what fits."),
    QT_TRANSLATE_NOOP("core", "StepFun's Step-Audio-TTS-3B with its dual-codebook tokenizer and "
                      "CosyVoice decoders, run locally in PyTorch: emotions, dialects, speed, "
                      "RAP and humming, zero-shot cloning."),
    # the command line (studio/cli): its error and warning lines, read from this catalogue by
    # studio/cli/i18n.py
    QT_TRANSLATE_NOOP("core", "there is no text to speak"),
    QT_TRANSLATE_NOOP("core", "there is no text to speak (standard input was empty)"),
    QT_TRANSLATE_NOOP("core", "the text holds only tags, nothing to speak: add the words after the tags, "
                      "e.g. '(高兴1)Hello there.'"),
    QT_TRANSLATE_NOOP("core", "--{0} {1} is outside what engine '{2}' can do; use a value from {3} to {4}"),
    QT_TRANSLATE_NOOP("core", "{0} semitones"),
    QT_TRANSLATE_NOOP("core", "unknown engine '{0}' (known engines: {1})"),
    QT_TRANSLATE_NOOP("core", "unknown voice '{0}' for engine '{1}' (see 'step-studio voices --engine {2}')"),
    QT_TRANSLATE_NOOP("core", "cannot write {0}: the folder {1} does not exist"),
    QT_TRANSLATE_NOOP("core", "cannot write {0}: {1} is not a folder"),
    QT_TRANSLATE_NOOP("core", "cannot write {0}: it is a folder"),
    QT_TRANSLATE_NOOP("core", "engine '{0}' takes no option '{1}' (it takes: {2})"),
    QT_TRANSLATE_NOOP("core", "--option needs NAME=VALUE, not '{0}'"),
    QT_TRANSLATE_NOOP("core", "a voice is saved only with its consent record: say who is speaking (--speaker "
                      "NAME) and how they agreed (--consent HOW, e.g. --consent 'in writing'); this is "
                      "what the Clone wizard asks for too"),
    QT_TRANSLATE_NOOP("core", "cancelled"),
    QT_TRANSLATE_NOOP("core", "cancelled; the {0} s made so far were written to {1}"),
    QT_TRANSLATE_NOOP("core", "engine '{0}' cannot run here: {1}"),
    QT_TRANSLATE_NOOP("core", "the file was written but the take was not saved: {0}"),
    QT_TRANSLATE_NOOP("core", "the engine produced no audio"),
    QT_TRANSLATE_NOOP("core", "--text must say what the recording says"),
    QT_TRANSLATE_NOOP("core", "--name must not be empty"),
    QT_TRANSLATE_NOOP("core", "{0} (see '{1} --help')"),
    QT_TRANSLATE_NOOP("core", "the voice library was not read: {0}"),
    QT_TRANSLATE_NOOP("core", "an unexpected failure ({0}); the details are in {1}. Please report it."),
    QT_TRANSLATE_NOOP("core", "{0}: {1}"),
    # the embedded engine's warnings (backends/embedded/engine.py)
    QT_TRANSLATE_NOOP("core", "{0} cannot speak {1}; {2} speaks that part instead."),
    # voice match progress (backends/embedded/voice_match.py, engine.py, speaker_weights.py)
    QT_TRANSLATE_NOOP("core", "Listening to the reference voice"),
    QT_TRANSLATE_NOOP("core", "Trying voice {0} of {1}"),
    QT_TRANSLATE_NOOP("core", "Trying blends {0}-{1} of {2}"),
    QT_TRANSLATE_NOOP("core", "Scored blend {0} of {1}"),
    QT_TRANSLATE_NOOP("core", "Best match found"),
    QT_TRANSLATE_NOOP("core", "Measuring the default voice"),
    QT_TRANSLATE_NOOP("core", "Measuring the match"),
    QT_TRANSLATE_NOOP("core", "Done"),
    QT_TRANSLATE_NOOP("core", "Fetching the speaker model (once): {0} of {1} MB"),
    # full disks (studio/library/storage.py, studio/library/takes.py)
    QT_TRANSLATE_NOOP("core", "There is not enough room for {0} on the disk that holds {1}: {2} free, about "
                      "{3} needed. Free some space and try again."),
    QT_TRANSLATE_NOOP("core", "a new voice"),
    QT_TRANSLATE_NOOP("core", "this take"),
    QT_TRANSLATE_NOOP("core", "Could not save {0}: the disk is full ({1} free on the disk that holds {2}). "
                      "Free some space and try again."),
    QT_TRANSLATE_NOOP("core", "Could not save to the {0} in {1}: the disk is full ({2} free). Free some "
                      "space and try again."),
    # references no voice may be made from (studio/voices/reference/report.py refusal)
    QT_TRANSLATE_NOOP("core", "The recording holds samples that are not numbers (NaN or infinite): the "
                      "file is damaged. Export it again."),
    QT_TRANSLATE_NOOP("core", "The recording's samples go far beyond full scale (peak {0}, where 1 is full "
                      "scale): it is not audio as recorded. Export it again as 16- or 24-bit audio."),
    QT_TRANSLATE_NOOP("core", "No speech was found in the recording, only {0}: record or import at least "
                      "{1} s of one person speaking."),
    QT_TRANSLATE_NOOP("core", "a steady tone or music"),
    QT_TRANSLATE_NOOP("core", "noise or other sound"),
    QT_TRANSLATE_NOOP("core", "near silence"),
    QT_TRANSLATE_NOOP("core", "Not checked: the samples are {0}."),
    QT_TRANSLATE_NOOP("core", "not numbers"),
    QT_TRANSLATE_NOOP("core", "far beyond full scale (peak {0})"),
    QT_TRANSLATE_NOOP("core", "Not a recording that can be checked."),
    # the EditX engine's manifest (backends/step/editx/manifest.py, edits.py)
    QT_TRANSLATE_NOOP("core", "the sentence is spoken, then given this emotion by an EditX edit (each level "
                      "is one more round of it)"),
    QT_TRANSLATE_NOOP("core", "the sentence is spoken, then given this speaking style by an EditX edit (each "
                      "level is one more round of it)"),
    QT_TRANSLATE_NOOP("core", "the sentence is spoken, then made slower or faster by an EditX speed edit "
                      "(level 2: its stronger speed)"),
    QT_TRANSLATE_NOOP("core", "EditX speaks it by default; the text decides"),
    QT_TRANSLATE_NOOP("core", "written as EditX's language tag {0}"),
    QT_TRANSLATE_NOOP("core", "EditX has no RAP or humming (TTS-3B does them); the text is spoken plainly"),
    QT_TRANSLATE_NOOP("core", "the sentence is spoken, then EditX adds the sound at the tag's place (a "
                      "paralinguistic edit)"),
    QT_TRANSLATE_NOOP("core", "EditX takes no free-form instructions; left out, never read aloud"),
    QT_TRANSLATE_NOOP("core", "The respelling is written in place of the word."),
    QT_TRANSLATE_NOOP("core", "The pinyin with tone digits is written in place of the word; EditX reads "
                      "inline pinyin (guo4)."),
    QT_TRANSLATE_NOOP("core", "EditX reads text, not phonemes: the word is read as written. Use a respelling "
                      "or pinyin."),
    QT_TRANSLATE_NOOP("core", "Step-Audio-EditX re-speaks the clip with the chosen emotion, in the same "
                      "voice and words."),
    QT_TRANSLATE_NOOP("core", "Step-Audio-EditX re-speaks the clip in the chosen speaking style."),
    QT_TRANSLATE_NOOP("core", "Step-Audio-EditX re-speaks the clip with the sound added before the word "
                      "nearest the chosen point; it needs the clip's transcript."),
    QT_TRANSLATE_NOOP("core", "Step-Audio-EditX re-speaks the clip without the noise."),
    QT_TRANSLATE_NOOP("core", "Step-Audio-EditX re-speaks the clip without its silent parts."),
    QT_TRANSLATE_NOOP("core", "Step-Audio-EditX has four speeds: the factor picks one (above 1.25: much "
                      "faster; above 1: faster; 0.8 to 1: slower; below 0.8: much slower)."),
    QT_TRANSLATE_NOOP("core", "Step-Audio-EditX has no pitch edit; the Embedded engine changes pitch."),
    QT_TRANSLATE_NOOP("core", "StepFun's Step-Audio-EditX run locally in PyTorch: edits recordings by "
                      "instruction (15 emotions, 33 speaking styles, four speeds, ten non-verbal sounds, "
                      "denoising, silence removal) and speaks text in a cloned voice at 24 kHz."),
    QT_TRANSLATE_NOOP("core", "one NVIDIA GPU with 12 GB (bf16) or about 8 GB (8-bit weights); runs on the "
                      "CPU too, many times slower than real time. The memory check before loading says "
                      "what fits."),
    QT_TRANSLATE_NOOP("core", "Any clip from 3 s with its transcript (made by the app's speech recognition "
                      "when not given); EditX voices are prepared for EditX (its decoder runs at 24 kHz)."),
    # engine names (the manifests' `name`)
    QT_TRANSLATE_NOOP("core", "Step-Audio TTS-3B (local)"),
    QT_TRANSLATE_NOOP("core", "Step-Audio-EditX (local)"),
    QT_TRANSLATE_NOOP("core", "Embedded (CPU, offline)"),
    # the embedded engine's espeak voices are named by language (VoiceInfo.name); Kokoro's and
    # Piper's voices have proper names, shown as they are
    QT_TRANSLATE_NOOP("core", "English (espeak)"),
    QT_TRANSLATE_NOOP("core", "Cantonese (espeak)"),
    QT_TRANSLATE_NOOP("core", "Korean (espeak)"),
    QT_TRANSLATE_NOOP("core", "German (espeak)"),
    QT_TRANSLATE_NOOP("core", "French (espeak)"),
    QT_TRANSLATE_NOOP("core", "Spanish (espeak)"),
    QT_TRANSLATE_NOOP("core", "Italian (espeak)"),
    QT_TRANSLATE_NOOP("core", "Portuguese (espeak)"),
    QT_TRANSLATE_NOOP("core", "Russian (espeak)"),
    QT_TRANSLATE_NOOP("core", "Hindi (espeak)"),
    # the embedded engine's voice descriptions (VoiceInfo.description)
    QT_TRANSLATE_NOOP("core", "US English male, Piper VITS medium. Fastest voice; English only."),
    QT_TRANSLATE_NOOP("core", "Kokoro-82M Japanese voice; speaks Japanese natively and English and "
                      "Mandarin with a Japanese accent."),
    QT_TRANSLATE_NOOP("core", "espeak-ng formant voice: robotic and often hard to understand; native "
                      "pitch and rate. The only Cantonese and Korean voices here."),
    QT_TRANSLATE_NOOP("core", "{0} does not accept free-form instructions"),
    QT_TRANSLATE_NOOP("core", "{0} does not know this tag"),
    QT_TRANSLATE_NOOP("core", "{0} is not honoured: {1}"),
    QT_TRANSLATE_NOOP("core", "The Python package '{0}' is not installed."),
    QT_TRANSLATE_NOOP("core", "espeak-ng's data is missing ({0})."),
    QT_TRANSLATE_NOOP("core", "libespeak-ng is missing at {0}."),
    QT_TRANSLATE_NOOP("core", "The Piper voice file {0} is missing."),
    QT_TRANSLATE_NOOP("core", "Part {0} of the Kokoro model ('{1}') is missing."),
    QT_TRANSLATE_NOOP("core", "The Kokoro voices file voices_ja.npz is missing."),
    QT_TRANSLATE_NOOP("core", "No embedded voice can run: {0}"),
    QT_TRANSLATE_NOOP("core", "Some voices are missing: {0}"),
    QT_TRANSLATE_NOOP("core", "See the engine server's log."),
    QT_TRANSLATE_NOOP("core", "Speaker similarity needs the resemblyzer speaker-embedding weights, "
                      "which are not installed."),
    QT_TRANSLATE_NOOP("core", "The server at {0} did not answer like a Step Audio Studio engine "
                      "server ({1})."),
    QT_TRANSLATE_NOOP("core", "The server at {0} has no engine '{1}' (it serves: {2})."),
    QT_TRANSLATE_NOOP("core", "Choose one of those, or restart the server with --engine {0}."),
    QT_TRANSLATE_NOOP("core", "Engine '{0}' could not be loaded: {1}"),
    QT_TRANSLATE_NOOP("core", "Engine '{0}' ({1}) could not be loaded from {2}: {3}."),
    QT_TRANSLATE_NOOP("core", "Duration"),
    QT_TRANSLATE_NOOP("core", "Loudness"),
    QT_TRANSLATE_NOOP("core", "Clipping"),
    QT_TRANSLATE_NOOP("core", "Silence"),
    QT_TRANSLATE_NOOP("core", "Sample rate"),
    QT_TRANSLATE_NOOP("core", "One speaker"),
    QT_TRANSLATE_NOOP("core", "Music or tones"),
    QT_TRANSLATE_NOOP("core", "Background noise"),
    QT_TRANSLATE_NOOP("core", "Temperature"),
    QT_TRANSLATE_NOOP("core", "Top k"),
    QT_TRANSLATE_NOOP("core", "Top p"),
    QT_TRANSLATE_NOOP("core", "Streaming"),
    QT_TRANSLATE_NOOP("core", "sampling temperature (0: greedy)"),
    QT_TRANSLATE_NOOP("core", "keep the k likeliest tokens (0: off)"),
    QT_TRANSLATE_NOOP("core", "nucleus sampling mass"),
    QT_TRANSLATE_NOOP("core", "decode while generating (audio starts sooner)"),
    QT_TRANSLATE_NOOP("core", "Calm English narrator"),
    QT_TRANSLATE_NOOP("core", "Unhurried, even narration for audiobooks and long explanations."),
    QT_TRANSLATE_NOOP("core", "Cheerful Mandarin host (高兴)"),
    QT_TRANSLATE_NOOP("core", "A bright, upbeat Mandarin host; the persona is used in Chat."),
    QT_TRANSLATE_NOOP("core", "Fast news read"),
    QT_TRANSLATE_NOOP("core", "Brisk headline reading; the (快速1) tag speeds delivery where the engine "
                      "supports it."),
    QT_TRANSLATE_NOOP("core", "Friendly English assistant"),
    QT_TRANSLATE_NOOP("core", "A warm conversational voice with a Chat persona."),
    QT_TRANSLATE_NOOP("core", "Assistant"),
    QT_TRANSLATE_NOOP("core", "A friendly, concise voice assistant."),
    QT_TRANSLATE_NOOP("core", "Barista (role-play)"),
    QT_TRANSLATE_NOOP("core", "A cheerful barista taking your order; good for practising everyday phrases."),
    QT_TRANSLATE_NOOP("core", "Detective (role-play)"),
    QT_TRANSLATE_NOOP("core", "A 1920s private detective interviewing you about a missing necklace."),
    QT_TRANSLATE_NOOP("core", "Language tutor"),
    QT_TRANSLATE_NOOP("core", "A patient tutor who corrects gently and asks a follow-up question."),
    # --- editing (studio/editing, backends/edits, the Embedded engine's edits) ---
    QT_TRANSLATE_NOOP("core", "Noise removal by DeepFilterNet3 (a neural speech enhancer): what it hears "
                      "as noise is lowered by up to 20 dB."),
    QT_TRANSLATE_NOOP("core", "Pauses longer than {0} s (no speech by voice activity detection) are "
                      "shortened to {1} s."),
    QT_TRANSLATE_NOOP("core", "Time stretching (Rubber Band): faster or slower at the same pitch."),
    QT_TRANSLATE_NOOP("core", "Pitch shifting (Rubber Band): higher or lower at the same speed; the "
                      "formants move with it, so large shifts sound less natural."),
    QT_TRANSLATE_NOOP("core", "No model here can act an emotion; it is approximated with prosody only, "
                      "and repeating makes it stronger:"),
    QT_TRANSLATE_NOOP("core", "{0}: rate {1} %, pitch {2} semitones, loudness {3} dB"),
    QT_TRANSLATE_NOOP("core", "happy"),
    QT_TRANSLATE_NOOP("core", "excited"),
    QT_TRANSLATE_NOOP("core", "angry"),
    QT_TRANSLATE_NOOP("core", "sad"),
    QT_TRANSLATE_NOOP("core", "depressed"),
    QT_TRANSLATE_NOOP("core", "surprised"),
    QT_TRANSLATE_NOOP("core", "fear"),
    QT_TRANSLATE_NOOP("core", "Changing the speaking style needs a speech-editing model such as "
                      "Step-Audio-EditX; signal processing cannot do it."),
    QT_TRANSLATE_NOOP("core", "Adding breaths, laughs or sighs needs a speech-editing model such as "
                      "Step-Audio-EditX; no voice here can make these sounds."),
    QT_TRANSLATE_NOOP("core", "{0} cannot edit recordings; choose an engine that lists edits."),
    QT_TRANSLATE_NOOP("core", "Repeat an edit 1 to {0} times."),
    QT_TRANSLATE_NOOP("core", "The edit failed: {0}. The recording is unchanged."),
    QT_TRANSLATE_NOOP("core", "The edit failed in iteration {0} of {1}: {2}; the recording is unchanged."),
    QT_TRANSLATE_NOOP("core", "The edit failed in iteration {0} of {1}: {2}; the finished iteration is "
                      "kept."),
    QT_TRANSLATE_NOOP("core", "The edit failed in iteration {0} of {1}: {2}; the {3} finished iterations "
                      "are kept."),
    QT_TRANSLATE_NOOP("core", "The sound goes at {0} s, outside the span {1}-{2} s it is added to."),
    QT_TRANSLATE_NOOP("core", "The recording is empty; there is nothing to edit."),
    QT_TRANSLATE_NOOP("core", "The selection is empty; select some audio first."),
    QT_TRANSLATE_NOOP("core", "The selection is silent; there is no peak to normalise."),
    QT_TRANSLATE_NOOP("core", "The selection {0}-{1} s is outside the clip (0-{2} s)."),
    QT_TRANSLATE_NOOP("core", "The selection ends ({0} s) before it starts ({1} s)."),
    QT_TRANSLATE_NOOP("core", "The position {0} s is outside the clip (0-{1} s)."),
    QT_TRANSLATE_NOOP("core", "That would leave the clip empty; select less, or delete the project."),
    QT_TRANSLATE_NOOP("core", "Split inside the clip, not at its start or end."),
    QT_TRANSLATE_NOOP("core", "The clip to insert is empty."),
    QT_TRANSLATE_NOOP("core", "There is nothing to undo."),
    QT_TRANSLATE_NOOP("core", "There is nothing to redo."),
    QT_TRANSLATE_NOOP("core", "A project needs a title."),
    QT_TRANSLATE_NOOP("core", "A gain of {0} dB is outside the {1}..+{2} dB the editor applies."),
    QT_TRANSLATE_NOOP("core", "A pitch change of {0} semitones is outside -{1}..+{2}."),
    QT_TRANSLATE_NOOP("core", "A speed of x{0} is outside x{1}..x{2}."),
    QT_TRANSLATE_NOOP("core", "A loudness of {0} LUFS is outside -70..0 LUFS."),
    QT_TRANSLATE_NOOP("core", "A peak of {0} dBFS would clip; choose 0 dBFS or lower."),
    QT_TRANSLATE_NOOP("core", "Reaching {0} LUFS would clip the peaks by {1} dB; choose a lower target."),
    QT_TRANSLATE_NOOP("core", "No pause longer than {0} s was found."),
    QT_TRANSLATE_NOOP("core", "Open a recording or a project first."),
    QT_TRANSLATE_NOOP("core", "Select one or more words first."),
    QT_TRANSLATE_NOOP("core", "That would delete every word; select fewer words, or delete the project."),
    QT_TRANSLATE_NOOP("core", "The words no longer match the recording; transcribe it again."),
    QT_TRANSLATE_NOOP("core", "Whisper could not transcribe this recording ({0})."),
    # --- the data folder (studio/paths, studio/library/relocate) ---
    QT_TRANSLATE_NOOP("core", "The file {0}, which says where your data folder is, could not be read ({1}); "
                      "the studio uses the default data folder {2} until it can."),
    QT_TRANSLATE_NOOP("core", "The file {0}, which says where your data folder is, is damaged; the studio "
                      "uses the default data folder {1}. Choose your data folder again (File > Data "
                      "Folder…)."),
    QT_TRANSLATE_NOOP("core", "Your data folder {0} cannot be found (is its disk connected?). Until it is "
                      "back the studio uses the default data folder {1}, and what you make meanwhile is "
                      "kept there."),
    QT_TRANSLATE_NOOP("core", "The folder {0} does not hold the studio's data (is its disk mounted?). Until "
                      "it does the studio uses the default data folder {1}, and what you make meanwhile "
                      "is kept there."),
    QT_TRANSLATE_NOOP("core", "Your data is already in {0}."),
    QT_TRANSLATE_NOOP("core", "The data folder cannot move into itself: {0} is inside {1}."),
    QT_TRANSLATE_NOOP("core", "The data folder cannot move to {0}: that folder holds it. Choose an empty "
                      "folder."),
    QT_TRANSLATE_NOOP("core", "The data folder cannot move to {0}: it is a file, not a folder."),
    QT_TRANSLATE_NOOP("core", "The data folder can only move to an empty folder; {0} has files in it. "
                      "Choose an empty or new folder."),
    QT_TRANSLATE_NOOP("core", "The data folder cannot move to {0}: that is not a folder name this system "
                      "can use."),
    QT_TRANSLATE_NOOP("core", "your data folder"),
    QT_TRANSLATE_NOOP("core", "The data folder was not moved: the disk that holds {0} is full. Nothing was "
                      "changed: the studio keeps using {1}."),
    QT_TRANSLATE_NOOP("core", "The data folder was not moved: you do not have permission to write in {0}. "
                      "Nothing was changed: the studio keeps using {1}."),
    QT_TRANSLATE_NOOP("core", "The data folder was not moved: {0} is on a read-only disk. Nothing was "
                      "changed: the studio keeps using {1}."),
    QT_TRANSLATE_NOOP("core", "The data folder was not moved: {0}. Nothing was changed: the studio keeps "
                      "using {1}."),
    QT_TRANSLATE_NOOP("core", "The move was cancelled. Nothing was changed: the studio keeps using {0}."),
    QT_TRANSLATE_NOOP("core", "The copy of {0} failed SQLite's integrity check. Nothing was changed: the "
                      "studio keeps using {1}."),
    QT_TRANSLATE_NOOP("core", "The data folder changed while it was copied (something was saved); try again "
                      "when the studio is not saving. Nothing was changed: the studio keeps using {0}."),
    QT_TRANSLATE_NOOP("core", "The copy of {0} in {1} is missing or incomplete. Nothing was changed: the "
                      "studio keeps using {2}."),
    QT_TRANSLATE_NOOP("core", "The copy in {0} holds files that were not copied. Nothing was changed: the "
                      "studio keeps using {1}."),
    QT_TRANSLATE_NOOP("core", "The old data folder {0} was kept ({1} could not be removed); remove it "
                      "yourself when you no longer need it."),
    QT_TRANSLATE_NOOP("core", "The old data folder {0} was kept (it holds files the move did not copy); "
                      "remove it yourself when you no longer need it."),
    QT_TRANSLATE_NOOP("core", "The old data folder {0} was kept: something was saved in it after it was "
                      "copied, and exists only there. Copy what you need to {1}, then remove it."),
    QT_TRANSLATE_NOOP("core", "{0} is not a data folder the studio moved (it has no {1} file). Choose the "
                      "data folder itself."),
    QT_TRANSLATE_NOOP("core", "The studio could not change {0}: {1}."),
    # --- transcript editing (studio/editing/transcript, wordcut, respeak) ---
    QT_TRANSLATE_NOOP("core", "Transcribing {0} of {1}…"),
    QT_TRANSLATE_NOOP("core", "Transcribed {0} words."),
    QT_TRANSLATE_NOOP("core", "Transcription is not available: {0}"),
    QT_TRANSLATE_NOOP("core", "Preparing the voice from the recording…"),
    QT_TRANSLATE_NOOP("core", "Speaking the new words…"),
    QT_TRANSLATE_NOOP("core", "Splicing the new words in…"),
    QT_TRANSLATE_NOOP("core", "Trying a gentler pitch shift…"),
    QT_TRANSLATE_NOOP("core", "Spoken shifted {0} semitones, to be heard clearly."),
    QT_TRANSLATE_NOOP("core", "This take was made by {0} with the voice {1}: the new words are spoken by the "
                      "same engine, voice, tags and settings, so the seam is the same voice."),
    QT_TRANSLATE_NOOP("core", "This recording was not made in the studio: {0} clones the voice from about "
                      "{1} s of the recording's own speech around the words, then speaks the new words."),
    QT_TRANSLATE_NOOP("core", "This recording was not made in the studio and no engine here can clone a "
                      "voice: {0} matches its nearest voice to about {1} s of the recording's own speech "
                      "around the words (a voice match, not a clone), then speaks the new words."),
    QT_TRANSLATE_NOOP("core", "This recording was not made in the studio and no engine here can clone from "
                      "it: the new words are spoken by {0} with the voice you picked, {1}."),
    QT_TRANSLATE_NOOP("core", "This recording was not made in the studio, no engine here can clone from it "
                      "and no voice is picked: the new words are spoken by {0} with its default voice, "
                      "{1}."),
    QT_TRANSLATE_NOOP("core", "The voice prepared from this recording before is used again."),
    QT_TRANSLATE_NOOP("core", "The take's engine ({0}) cannot run here: {1}"),
    QT_TRANSLATE_NOOP("core", "No engine can speak the new words here; install or repair an engine first."),
    QT_TRANSLATE_NOOP("core", "Type the new words, or delete the words instead."),
    QT_TRANSLATE_NOOP("core", "The recording has {0} s of speech around the words; {1} needs at least {2} s "
                      "to prepare the voice. Pick a voice instead."),
    QT_TRANSLATE_NOOP("core", "The engine produced no speech for the new words."),
    QT_TRANSLATE_NOOP("core", "The new words are too short or silent to match their loudness."),
    QT_TRANSLATE_NOOP("core", "There is no speech around the words to match their loudness to."),
    QT_TRANSLATE_NOOP("core", "The words could not be found precisely enough in the audio to cut them; "
                      "select their audio on the waveform instead."),
    # --- the offline chat model (backends/embedded/chat*, studio/conversation/model_config) ---
    QT_TRANSLATE_NOOP("core", "small offline model"),
    QT_TRANSLATE_NOOP("core", "the small offline model on this computer (Qwen2.5-Coder 0.5B), for trying "
                      "Chat: connect Step-Audio-Chat or an OpenAI-compatible server for real "
                      "conversations"),
    QT_TRANSLATE_NOOP("core", "(The offline model tried to use a tool but wrote the request in a form the "
                      "studio cannot read; ask again, perhaps in other words.)"),
    QT_TRANSLATE_NOOP("core", "The offline chat model is not installed."),
    QT_TRANSLATE_NOOP("core", "The offline chat model is still busy with another reply; try again in a "
                      "moment."),
    QT_TRANSLATE_NOOP("core", "The offline chat model's process is not answering; send the message again to "
                      "restart it."),
    QT_TRANSLATE_NOOP("core", "The offline chat model's process ended during the reply; send the message "
                      "again to restart it."),
    # --- subtitles (studio/timeline/subtitles) ---
    QT_TRANSLATE_NOOP("core", "Subtitles are written as .srt or .vtt; choose one of those endings."),
    QT_TRANSLATE_NOOP("core", "There are no words to make subtitles from; transcribe the recording first."),
    QT_TRANSLATE_NOOP("core", "This take has no timing of its text to make subtitles from."),
    QT_TRANSLATE_NOOP("core", "This take's record of its text is damaged."),
    # scripts (studio/scripts)
    QT_TRANSLATE_NOOP("core", "Line {0} has {1} characters; a line may have {2}: split it into shorter "
                      "lines."),
    QT_TRANSLATE_NOOP("core", "Line {0}: {1}"),
    QT_TRANSLATE_NOOP("core", "The script has more than {0} lines; split it into parts."),
    QT_TRANSLATE_NOOP("core", "Line {0} brings a {1}th speaker; a script may have {2}. Is a colon in the "
                      "text read as a speaker's name?"),
    QT_TRANSLATE_NOOP("core", "The script has no lines to speak."),
    QT_TRANSLATE_NOOP("core", "The engine produced no audio."),
    QT_TRANSLATE_NOOP("core", "No line was made, so there is nothing to join."),
    # pronunciations (backends/lexicon.py, the engines' manifests and warnings)
    QT_TRANSLATE_NOOP("core", "Every voice reads the respelling in place of the word."),
    QT_TRANSLATE_NOOP("core", "Piper and Kokoro voices read the IPA as phonemes (a symbol a voice has no "
                      "sound for is left out, with a warning). eSpeak voices (Cantonese, Korean, ...) "
                      "cannot: they read the word as written and say so."),
    QT_TRANSLATE_NOOP("core", "Mandarin is spoken by Kokoro voices, which read the pinyin through misaki's "
                      "own pinyin table."),
    QT_TRANSLATE_NOOP("core", "The respelling is written in place of the word."),
    QT_TRANSLATE_NOOP("core", "TTS-3B reads text, not phonemes: the word is read as written. Use a "
                      "respelling."),
    QT_TRANSLATE_NOOP("core", "TTS-3B is not documented to read inline pinyin (EditX is): the word is read "
                      "as written. Use a respelling (a character with the reading you want)."),
    QT_TRANSLATE_NOOP("core", "{0} cannot use this kind of pronunciation; the word is read as written"),
    QT_TRANSLATE_NOOP("core", "{0} cannot read {1}, so '{2}' is spoken as written; a respelling works with "
                      "every voice."),
    QT_TRANSLATE_NOOP("core", "{0} has no sound for {1} in the IPA of '{2}'; those symbols are left out."),
    QT_TRANSLATE_NOOP("core", "respelling"),
    QT_TRANSLATE_NOOP("core", "A pronunciation needs a word, a reading and a language as text."),
    QT_TRANSLATE_NOOP("core", "'{0}' is not a kind of reading; use respell, ipa or pinyin."),
    QT_TRANSLATE_NOOP("core", "The word is empty."),
    QT_TRANSLATE_NOOP("core", "'{0}' has no reading."),
    QT_TRANSLATE_NOOP("core", "'{0}' is longer than {1} characters."),
    QT_TRANSLATE_NOOP("core", "The reading of '{0}' is longer than {1} characters."),
    QT_TRANSLATE_NOOP("core", "'{0}' is not a language code such as en or zh."),
    QT_TRANSLATE_NOOP("core", "'{0}' holds an invisible control character."),
    QT_TRANSLATE_NOOP("core", "The reading of '{0}' holds an invisible control character."),
    QT_TRANSLATE_NOOP("core", "'{0}' holds a bracket, which tags use."),
    QT_TRANSLATE_NOOP("core", "The reading of '{0}' holds a bracket, which tags use."),
    QT_TRANSLATE_NOOP("core", "'{0}' has no letters to find in a text."),
    QT_TRANSLATE_NOOP("core", "Pinyin is for Mandarin; '{0}' is set to '{1}'."),
    QT_TRANSLATE_NOOP("core", "'{0}' is not pinyin with tone digits, such as chong2 qing4."),
    QT_TRANSLATE_NOOP("core", "'{0}' has {1} characters but {2} pinyin syllables."),
    QT_TRANSLATE_NOOP("core", "The IPA of '{0}' holds digits; write stress with ˈ and ˌ."),
    QT_TRANSLATE_NOOP("core", "A dictionary holds at most {0} words."),
    QT_TRANSLATE_NOOP("core", "A dictionary holds at most {0} words; this one has {1}."),
    QT_TRANSLATE_NOOP("core", "This file is not a pronunciation dictionary."),
    QT_TRANSLATE_NOOP("core", "This pronunciation dictionary was made by a newer Step Audio Studio."),
    QT_TRANSLATE_NOOP("core", "A pronunciation dictionary holds a list of entries."),
    QT_TRANSLATE_NOOP("core", "Entry {0} is not a word with a reading."),
    QT_TRANSLATE_NOOP("core", "Entry {0}: {1}"),
    QT_TRANSLATE_NOOP("core", "{0} could not be read ({1})."),
    QT_TRANSLATE_NOOP("core", "{0} is larger than a pronunciation dictionary can be."),
    QT_TRANSLATE_NOOP("core", "{0} is not a pronunciation dictionary (it is not JSON text)."),
)
