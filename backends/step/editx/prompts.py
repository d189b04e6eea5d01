"""EditX's prompts: the instruction sentences, the edit and clone id layouts, and reading the output.

EditX puts audio into its prompts as text (``<audio_N>`` pieces, each one id 65536 + N) and builds
each turn with separate ``tokenizer.encode`` calls, each of which starts with BOS when the folder's
tokenizer config does not turn BOS off (the official one does not), so a human turn holds two BOS ids.
This is the layout of the reference's Transformers path ("variant A", `../shared/notes/step-audio-editx.md`
§2.2-2.3), pinned by golden ids made with the reference code. The sentences are model input, kept byte
for byte: the system prompts in ``system_prompts.json`` (checked against the reference's sha256) and the
instruction formats below, including their odd spacing ("is : ", the two-space indent).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from backends.base import InvalidRequest
from backends.step.textok import AUDIO_CODES, AUDIO_ID_OFFSET, BOS_ID, BOT_ID, EOT_ID, TextTokenizer

_PROMPTS_FILE = Path(__file__).with_name("system_prompts.json")
_SHA256 = {
    "edit": "a0d0158175cfdb236a9815fa9a62fc715126fc74e34ca3dc534d20fe2896ef75",
    "clone_template": "ad1cc8aba22d1570a8a815e39c28950137c577d15c5af8b7c99ba9a843e1dcef",
}
# EditX's own names for its edits (the studio's EditKind maps onto these in the engine).
EDIT_TYPES = ("emotion", "style", "speed", "denoise", "vad", "paralinguistic")


@lru_cache(maxsize=1)
def system_prompts() -> dict[str, str]:
    """The two system prompts, refused if a byte differs from what the model was trained with."""
    raw = json.loads(_PROMPTS_FILE.read_text(encoding="utf-8"))
    for key, digest in _SHA256.items():
        if hashlib.sha256(raw[key].encode("utf-8")).hexdigest() != digest:
            raise RuntimeError(f"{_PROMPTS_FILE.name}: the '{key}' prompt is not the reference's text")
    return {key: raw[key] for key in _SHA256}


def edit_instruction(edit_type: str, value: str = "", transcript: str | None = "", new_text: str = "") -> str:
    """The human turn's instruction for one edit, as the reference words it (always ending in a newline).

    ``transcript`` is what the clip says (stripped; denoise and vad do not quote it); ``new_text`` is the
    transcript with the paralinguistic ``[Tag]``s inserted. As in the reference, ``speed`` with
    ``remove`` asks to remove emotion.
    """
    said = (transcript or "").strip()
    if edit_type in ("emotion", "speed"):
        if value == "remove":
            return f"Remove any emotion in the following audio and the reference text is: {said}\n"
        return f"Make the following audio more {value}. The text corresponding to the audio is: {said}\n"
    if edit_type == "style":
        if value == "remove":
            return f"Remove any speaking styles in the following audio and the reference text is: {said}\n"
        return (f"Make the following audio more {value} style. "
                f"The text corresponding to the audio is: {said}\n")
    if edit_type in ("denoise", "vad"):
        what, rest = ("noise", "noise") if edit_type == "denoise" else ("silent portions", "silence")
        return (f"Remove any {what} from the given audio while preserving the voice content clearly. "
                f"Ensure that the speech quality remains intact with minimal distortion, and eliminate "
                f"all {rest} from the audio.\n")
    if edit_type == "paralinguistic":
        if not new_text.strip():
            raise InvalidRequest("A paralinguistic edit needs the new text, with the sounds where they go.")
        return (f"Add some non-verbal sounds to make the audio more natural, the new text is : {new_text}\n"
                f"  The text corresponding to the audio is: {said}\n")
    raise InvalidRequest(f"EditX has no '{edit_type}' edit; it has: {', '.join(EDIT_TYPES)}.")


def audio_text(codes: Iterable[int]) -> str:
    """Mixed codes (0..5119) as the prompt's ``<audio_N>`` text, with nothing between them."""
    return "".join(f"<audio_{int(c)}>" for c in codes)


def check_audio_pieces(tok: TextTokenizer) -> None:
    """Refuse a tokenizer that does not read ``<audio_N>`` as the single id 65536 + N.

    EditX's prompts depend on it; a tokenizer that spelled the pieces out would give the model text it
    never saw, and it would answer with noise. Checked once when the engine loads the folder.
    """
    last = AUDIO_CODES - 1
    got = tok.pieces(f"<audio_0><audio_{last}>")
    want = [AUDIO_ID_OFFSET, AUDIO_ID_OFFSET + last]
    if got[-2:] != want or len(got) > 3:
        raise InvalidRequest(f"{tok.model_file}: this tokenizer does not read EditX's audio pieces as single "
                             f"ids (<audio_0> gave {got[:3]}); it is not the EditX tokenizer.")


# The two id layouts the reference has produced. "A": its Transformers path (each turn's text encoded on its
# own, so every piece starts with BOS, and the edit's human turn starts a word). "B": its vLLM path, the
# tokenizer's chat template over the same strings (one BOS; role words after `<|BOT|> `; the human turn
# encoded after a newline, so it does not start a word) and the fixed clone speaker "debug". Published
# results came from A, the default; B is there for parity with servers built on the vLLM path.
LAYOUTS = ("A", "B")
VLLM_CLONE_SPEAKER = "debug"


def _continued(tok: TextTokenizer, text: str) -> list[int]:
    """``text`` encoded as if it followed a newline (its first piece does not start a word)."""
    return tok.encode("\n" + text)[len(tok.encode("\n")):]


def _prompt(tok: TextTokenizer, system: str, human: list[int], layout: str) -> list[int]:
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}, not {layout!r}")

    def enc(text: str) -> list[int]:
        ids = tok.encode(text)
        return ids[1:] if layout == "B" and ids[:1] == [BOS_ID] else ids

    return [BOS_ID, BOT_ID, *enc("system\n" + system), EOT_ID, BOT_ID, *enc("human\n"), *human, EOT_ID,
            BOT_ID, *enc("assistant\n")]


def edit_prompt_ids(tok: TextTokenizer, instruction: str, codes: Sequence[int],
                    layout: str = "A") -> list[int]:
    """Ids of an edit: system turn, a human turn of instruction + blank line + the clip's audio, and the
    open assistant turn the model continues."""
    human = f"{instruction}\n{audio_text(codes)}\n"
    encoded = tok.encode(human) if layout == "A" else _continued(tok, human)
    return _prompt(tok, system_prompts()["edit"], encoded, layout)


def clone_prompt_ids(tok: TextTokenizer, text: str, prompt_text: str, speaker: str,
                     prompt_codes: Sequence[int], layout: str = "A") -> list[int]:
    """Ids of a clone: the voice (name, transcript, audio) in the system turn, the target text as the
    human turn (encoded after a newline whose own ids are dropped), and the open assistant turn.
    Language tags (``[Sichuanese]``) and pinyin (``guo4``) are part of ``text``. Layout B's reference
    names every voice "debug" (``VLLM_CLONE_SPEAKER``); the caller passes the speaker."""
    system = system_prompts()["clone_template"].format(
        speaker=speaker, prompt_text=prompt_text, prompt_wav_tokens=audio_text(prompt_codes))
    return _prompt(tok, system, _continued(tok, text), layout)


def clone_speaker_id(prompt_text: str, samples: np.ndarray) -> str:
    """The voice's name in the clone prompt: a hash of its transcript and the clip's first and last
    1000 samples (all of them for a clip of 2000 or fewer), as the reference names it.

    ``samples`` are the float32 samples as loaded, before any mixing or scaling, flattened channel by
    channel as the reference flattens its (channels, samples) array.
    """
    flat = np.ascontiguousarray(samples, dtype=np.float32).reshape(-1)
    if flat.size > 2000:
        flat = np.concatenate([flat[:1000], flat[-1000:]])
    digest = hashlib.sha256(prompt_text.encode("utf-8"))
    digest.update(flat.tobytes())
    return "clone_" + digest.hexdigest()[:16]


def output_codes(ids: Iterable[int]) -> list[int]:
    """The mixed codes of what the LLM generated: up to its end of turn, audio ids only.

    The reference drops the last id blindly and passes any id on to the decoder; a text id there would
    become code 0 and an id past the audio range would index off the decoder's table.
    """
    codes = []
    for i in ids:
        if i == EOT_ID:
            break
        if AUDIO_ID_OFFSET <= i < AUDIO_ID_OFFSET + AUDIO_CODES:
            codes.append(int(i) - AUDIO_ID_OFFSET)
    return codes
