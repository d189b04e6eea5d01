"""Step-Audio-EditX: edits speech by instruction and clones from a clip (3B Step1 LLM + 24 kHz decoder).

The LLM and the audio tokenizer are TTS-3B's (``backends.step.llm``, ``backends.step.tokenizer``); the
decoder folder is ``backends.step.vocoder.editx``. This package holds what differs: the prompts.
"""
