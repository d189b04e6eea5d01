#!/usr/bin/env python3
"""Golden LLM input ids of the UPSTREAM Step-Audio-EditX prompt builders, on a tiny stand-in tokenizer.

What it does
  1. Extracts tts.py, tokenizer.py and config/ of stepfun-ai/Step-Audio-EditX at aacb90a from a bare mirror
     (the `fetch` tool's copy) into a temporary folder and imports them unchanged, with empty stand-ins for
     the modules they import but the prompt code never uses (see README.md, "Shims").
  2. Builds (or reuses) `tokenizer.model` here: a small SentencePiece BPE model with the real EditX id layout
     (0 <unk>, 1 <s>, 2 </s>, 3 <|EOT|>, 4 <|BOT|>, UNUSED filler pieces `<fK>` up to id 65535, USER_DEFINED
     `<audio_N>` = 65536 + N for N < 5120) and writes `tokenizer_config.json` (the HEAD-time layout, no
     chat template).
  3. Runs upstream `StepAudioTTS` (objects made with `__new__`, only the attributes the prompt code reads are
     set) through `AutoTokenizer` exactly as upstream's model_loader calls it: instruction strings, edit and
     clone prompt ids (Variant A, transformers path at HEAD), the clone speaker id from a real clip.
  4. Variant B (vLLM era, `tokenizer.apply_chat_template`): runs the vLLM-era `StepAudioTTS` source file
     given with --varb-source (not in the mirror; see README.md for where it comes from and its sha256)
     with the chat template given in README.md. Without that file Variant B is skipped and said so.
  5. Writes `prompt_goldens.json` (deterministic: running twice gives identical bytes).

How to run (throwaway venv; torch only because upstream tts.py imports it at module level):
  python3 -m venv /tmp/editx_prompt_venv && . /tmp/editx_prompt_venv/bin/activate
  pip install torch==2.13.0 transformers==4.53.3 sentencepiece protobuf tokenizers numpy soundfile
  python tests/data/step/editx_prompts/make_goldens.py \
      --mirror /work/.mirror/stepfun-ai+Step-Audio-EditX/repo \
      --varb-source /tmp/editx_varB_src/tts_vllm_idx58766486421.py
  (--rebuild-tokenizer retrains tokenizer.model; SentencePiece training is kept out of the default run so
  the committed model stays the one the goldens were made with.)
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import logging
import shutil
import subprocess
import sys
import tarfile
import tempfile
import types
from pathlib import Path
from types import SimpleNamespace

HERE = Path(__file__).resolve().parent
UPSTREAM_REPO = "stepfun-ai/Step-Audio-EditX"
UPSTREAM_COMMIT = "aacb90a2a4f43a977c38c6c824e67071296ab17b"
DEFAULT_MIRROR = "/work/.mirror/stepfun-ai+Step-Audio-EditX/repo"
UPSTREAM_FILES = [
    "tts.py",
    "tokenizer.py",
    "config/__init__.py",
    "config/prompts.py",
    "config/edit_config.py",
]
AUDIO_DIR = Path(
    "/work/shared/audio"
)  # byte-identical copies of upstream examples/*.wav (git blob ids below)

# Tokenizer layout (the real EditX tokenizer.model: 74,752 pieces; audio pieces at 65536 + N).
AUDIO_BASE = 65536
AUDIO_CODES = 5120
TRAIN_VOCAB = 1000
FILLER = "<f{}>"  # UNUSED pieces; name = its own id, so `<f70>` is id 70

# The chat template of the later HF tokenizer_config.json (757 B = the 314 B file + this key; see README).
CHAT_TEMPLATE = (
    "{% if messages[0]['role'] == 'system' %}{{ '<s>' }}{% endif %}"
    "{% for message in messages %}"
    "{% if message['role'] == 'user' %}{% set role = 'human' %}"
    "{% else %}{% set role = message['role'] %}{% endif %}"
    "{{ '<|BOT|> ' + role + '\\n' }}"
    "{{ message['content'] }}"
    "{% if not loop.last or message['role'] != 'assistant' %}{{ '<|EOT|>' }}{% endif %}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|BOT|> assistant\\n' }}{% endif %}"
)

# tokenizer_config.json as the note (§1.2) describes the HEAD-time file; key order sorted as HF writes it.
TOKENIZER_CONFIG = {
    "bos_token": "<s>",
    "eos_token": "</s>",
    "legacy": False,
    "model_max_length": 65536,
    "pad_token": "<unk>",
    "padding_side": "left",
    "tokenizer_class": "LlamaTokenizer",
    "unk_token": "<unk>",
}

EN = "His political stance was conservative, and he was particularly close to margaret thatcher."
ZH = "我觉得这个计划大概是可行的，不过还需要再仔细考虑一下。"
EN_TAGGED = (
    "His political stance was conservative, [Laughter] and he was particularly close to "
    "[Breathing] margaret thatcher."
)
ZH_TAGGED = "我觉得这个计划[Laughter]大概是可行的，[Breathing]不过还需要再仔细考虑一下。"

# Synthetic audio codes, raw as the audio tokenizer returns them (vq02 in [0,1024), vq06 in [0,4096)).
# Lengths are deliberately not whole groups, to show upstream's merge dropping the partial tail.
EDIT_VQ02 = [0, 1023] + [(37 * i + 5) % 1024 for i in range(15)]  # 17 codes -> 8 pairs
EDIT_VQ06 = [0, 4095] + [(101 * j + 7) % 4096 for j in range(23)]  # 25 codes -> 8 triples
CLONE_VQ02 = [(53 * i + 11) % 1024 for i in range(8)]  # 4 pairs
CLONE_VQ06 = [(211 * j + 3) % 4096 for j in range(13)]  # 13 codes -> 4 triples
SMALL_VQ02 = [0, 1023]
SMALL_VQ06 = [0, 4095, 7]

# (name, edit_type, edit_info, audio_text, text, input wav) -- every row becomes an edit prompt case.
EDIT_CASES = [
    ("emotion_happy_en", "emotion", "happy", EN, None, "zero_shot_en_prompt.wav"),
    ("emotion_happy_zh", "emotion", "happy", ZH, None, "paralingustic_prompt.wav"),
    ("emotion_remove_en", "emotion", "remove", EN, None, "zero_shot_en_prompt.wav"),
    ("style_whisper_en", "style", "whisper", EN, None, "zero_shot_en_prompt.wav"),
    ("style_whisper_zh", "style", "whisper", ZH, None, "paralingustic_prompt.wav"),
    ("style_remove_zh", "style", "remove", ZH, None, "paralingustic_prompt.wav"),
    ("speed_more_faster_zh", "speed", "more faster", ZH, None, "paralingustic_prompt.wav"),
    ("speed_remove_en", "speed", "remove", EN, None, "zero_shot_en_prompt.wav"),
    ("denoise_en", "denoise", None, EN, None, "denoise_prompt.wav"),
    ("vad_zh", "vad", None, ZH, None, "vad_prompt.wav"),
    ("paralinguistic_en", "paralinguistic", None, EN, EN_TAGGED, "zero_shot_en_prompt.wav"),
    ("paralinguistic_zh", "paralinguistic", None, ZH, ZH_TAGGED, "paralingustic_prompt.wav"),
    (
        "emotion_happy_padded_transcript",
        "emotion",
        "happy",
        "  \t Hello there, friend.  \n",
        None,
        "zero_shot_en_prompt.wav",
    ),
    ("emotion_happy_none_transcript", "emotion", "happy", None, None, "zero_shot_en_prompt.wav"),
    ("paralinguistic_none_new_text", "paralinguistic", None, ZH, None, "paralingustic_prompt.wav"),
]

# (name, prompt clip, prompt text, target text)
CLONE_CASES = [
    ("clone_en", "zero_shot_en_prompt.wav", EN, "Hello, this is a short test of voice cloning."),
    (
        "clone_sichuanese",
        "fear_zh_female_prompt.wav",
        "我总觉得，有人在跟着我，我能听到奇怪的脚步声。",
        "[Sichuanese]今天天气真好，我们一起去公园散步吧。",
    ),
    ("clone_pinyin", "paralingustic_prompt.wav", ZH, "我也想guo4guo4guo1儿guo4guo4的生活"),
]

EXAMPLE_WAVS = {  # shared/audio file -> upstream path (same bytes)
    "zero_shot_en_prompt.wav": "examples/zero_shot_en_prompt.wav",
    "fear_zh_female_prompt.wav": "examples/fear_zh_female_prompt.wav",
    "paralingustic_prompt.wav": "examples/paralingustic_prompt.wav",
    "denoise_prompt.wav": "examples/denoise_prompt.wav",
    "vad_prompt.wav": "examples/vad_prompt.wav",
}

EXTRA_CORPUS = [  # Chinese and English lines besides the upstream strings (no '<', '>', '{', '}')
    "今天天气真好，我们一起去公园散步吧。",
    "作为一名卓越的声优演员，你的任务是根据文本中括号内标注的情感来朗读文本。",
    "请参考对话历史里的音色，用RAP方式将文本内容大声说唱出来。",
    "高兴 生气 悲伤 撒娇 中文 英文 韩语 日语 四川话 粤语 广东话 慢速 快速 哼唱",
    "春眠不觉晓，处处闻啼鸟。夜来风雨声，花落知多少。",
    "那等我们到海洋馆之后，给妈妈买个礼物，好不好呀？",
    "我总觉得，有人在跟着我，我能听到奇怪的脚步声。",
    "我觉得这个计划大概是可行的，不过还需要再仔细考虑一下。",
    "就是说你比如说我一共在这次看病我一共花了一百块钱，其中呢医生的这个劳动价值占了三十块钱。",
    "上次你说鞋子有点磨脚，我给你买了一双软软的鞋垫。",
    "比如在工作间隙，做一些简单的伸展运动，放松一下身体，这样，会让你更有精力.",
    "我也想过过过儿过过的生活 guo1 guo4 guo4guo4guo1儿",
    "His political stance was conservative, and he was particularly close to margaret thatcher.",
    "You know, I just finished that big project and feel so relieved. "
    "Everything seems easier and more colorful, what a wonderful feeling!",
    "Such legislation was clarified and extended from time to time thereafter. No, the man was not "
    "drunk, he wondered how we got tied up with this stranger. Suddenly, my reflexes had gone. "
    "It's healthier to cook without sugar.",
    "Hello, this is a short test of voice cloning. Hello there, friend.",
    "The quick brown fox jumps over the lazy dog. One two three four five six seven eight nine ten.",
    "system human assistant [Sichuanese] [Cantonese] [Japanese] [Korean] [Laughter] [Breathing] [Sigh] [Uhm]",
]


# ----------------------------------------------------------------------------------------------------------
# upstream extraction and shims


def git(mirror: str, *args: str) -> bytes:
    return subprocess.run(["git", "--git-dir", mirror, *args], check=True, capture_output=True).stdout


def extract_upstream(mirror: str, dest: Path) -> dict[str, str]:
    data = git(mirror, "archive", "--format=tar", UPSTREAM_COMMIT, "--", *UPSTREAM_FILES)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(dest, filter="data")
    blobs = {f: git(mirror, "rev-parse", f"{UPSTREAM_COMMIT}:{f}").decode().strip() for f in UPSTREAM_FILES}
    for _name, up in EXAMPLE_WAVS.items():
        blobs[up] = git(mirror, "rev-parse", f"{UPSTREAM_COMMIT}:{up}").decode().strip()
    return blobs


def install_shims() -> None:
    """Empty stand-ins for what upstream imports but the prompt code does not use; torchaudio.load is real
    enough: soundfile's float32 read (the same int16/32768 values), channel-first (C, N) like torchaudio."""
    import numpy as np
    import soundfile as sf
    import torch

    def module(name: str, **attrs) -> types.ModuleType:
        m = types.ModuleType(name)
        m.__dict__.update(attrs)
        sys.modules[name] = m
        return m

    def load(path, *args, **kwargs):
        data, sr = sf.read(str(path), dtype="float32", always_2d=True)
        return torch.from_numpy(np.ascontiguousarray(data.T)), sr

    class ModelSource:
        AUTO, LOCAL, MODELSCOPE, HUGGINGFACE = "auto", "local", "modelscope", "huggingface"

    class _Unused:
        def __init__(self, *args, **kwargs):
            raise RuntimeError("shim: not used by the prompt code")

    class SamplingParams:
        def __init__(self, **kwargs):
            self.kwargs = kwargs

    module("torchaudio", load=load)
    module("librosa")
    module("model_loader", model_loader=None, ModelSource=ModelSource)
    module("stepvocoder")
    module("stepvocoder.cosyvoice2")
    module("stepvocoder.cosyvoice2.cli")
    module("stepvocoder.cosyvoice2.cli.cosyvoice", CosyVoice=_Unused)
    module("onnxruntime")
    module("whisper")
    module("funasr_detach", AutoModel=_Unused)
    module("utils", resample_audio=None, energy_norm_fn=None, trim_silence=None)
    module("vllm", SamplingParams=SamplingParams)


def import_variant_b(src: Path, root: Path):
    """The vLLM-era tts.py uses two package-relative imports; give it a package with stand-ins for them."""
    pkg = root / "editx_vllm_era"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    shutil.copyfile(src, pkg / "tts.py")
    (pkg / "step_audio_decoder.py").write_text("CosyVoice = None  # shim\n", encoding="utf-8")
    (pkg / "step_audio_editx_audio_tokenizer.py").write_text(
        "StepAudioEditxAudioTokenizer = None  # shim\n", encoding="utf-8"
    )
    import importlib

    return importlib.import_module("editx_vllm_era.tts")


# ----------------------------------------------------------------------------------------------------------
# tokenizer


def corpus_lines(prompts, build_instruction, edit_types) -> list[str]:
    lines = list(EXTRA_CORPUS)
    lines += prompts.AUDIO_EDIT_SYSTEM_PROMPT.splitlines()
    lines += prompts.AUDIO_EDIT_CLONE_SYSTEM_PROMPT_TPL.replace("{", "").replace("}", "").splitlines()
    for edit_type, values in edit_types.items():
        for value in values or [None]:
            if edit_type == "clone":
                continue
            lines += build_instruction(EN, edit_type, value, EN_TAGGED).splitlines()
            lines += build_instruction(ZH, edit_type, value, ZH_TAGGED).splitlines()
    out = []
    for line in lines:
        line = "".join(ch for ch in line if ch not in "<>{}").strip()
        if line:
            out.append(line)
    return out


def build_tokenizer(folder: Path, lines: list[str]) -> None:
    import sentencepiece as spm
    from sentencepiece import sentencepiece_model_pb2 as pb

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.txt"
        corpus.write_text("\n".join(lines * 3) + "\n", encoding="utf-8")
        prefix = Path(tmp) / "tok"
        spm.SentencePieceTrainer.train(
            input=str(corpus),
            model_prefix=str(prefix),
            vocab_size=TRAIN_VOCAB,
            model_type="bpe",
            character_coverage=1.0,
            byte_fallback=True,
            hard_vocab_limit=False,
            unk_id=0,
            bos_id=1,
            eos_id=2,
            pad_id=-1,
            unk_piece="<unk>",
            bos_piece="<s>",
            eos_piece="</s>",
            user_defined_symbols=["<|EOT|>", "<|BOT|>"],
            minloglevel=2,
            num_threads=1,
            normalization_rule_name="identity",
            remove_extra_whitespaces=False,
        )
        proto = pb.ModelProto()
        proto.ParseFromString(prefix.with_suffix(".model").read_bytes())
    proto.trainer_spec.input[:] = ["corpus.txt"]  # no temporary paths in the file
    proto.trainer_spec.model_prefix = "tokenizer"
    trained = len(proto.pieces)
    assert trained < AUDIO_BASE
    for i in range(trained, AUDIO_BASE):
        p = proto.pieces.add()
        p.piece = FILLER.format(i)
        p.type = pb.ModelProto.SentencePiece.UNUSED
    for n in range(AUDIO_CODES):
        p = proto.pieces.add()
        p.piece = f"<audio_{n}>"
        p.type = pb.ModelProto.SentencePiece.USER_DEFINED
    proto.trainer_spec.vocab_size = len(proto.pieces)
    (folder / "tokenizer.model").write_bytes(proto.SerializeToString())


def nmt_nfkc_spec():
    """The NormalizerSpec SentencePiece's trainer writes by default (nmt_nfkc: NFKC, control characters such
    as '\\n' mapped to spaces, extra whitespace removed), taken from a throwaway model."""
    import sentencepiece as spm
    from sentencepiece import sentencepiece_model_pb2 as pb

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "c.txt"
        corpus.write_text("abc def\nghi jkl\n" * 20, encoding="utf-8")
        spm.SentencePieceTrainer.train(
            input=str(corpus),
            model_prefix=str(Path(tmp) / "n"),
            vocab_size=20,
            hard_vocab_limit=False,
            minloglevel=2,
            num_threads=1,
        )
        proto = pb.ModelProto()
        proto.ParseFromString((Path(tmp) / "n.model").read_bytes())
    return proto.normalizer_spec


def write_tokenizer_config(folder: Path, chat_template: str | None = None) -> None:
    config = dict(TOKENIZER_CONFIG)
    if chat_template is not None:
        config["chat_template"] = chat_template
        config = dict(sorted(config.items()))
    (folder / "tokenizer_config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")


def tokenizer_facts(model_file: Path) -> dict:
    import sentencepiece as spm
    from sentencepiece import sentencepiece_model_pb2 as pb

    proto = pb.ModelProto()
    proto.ParseFromString(model_file.read_bytes())
    sp = spm.SentencePieceProcessor(model_file=str(model_file))
    types_ = [p.type for p in proto.pieces]
    trained = next(i for i, p in enumerate(proto.pieces) if p.piece == FILLER.format(i))
    byte_ids = [i for i, t in enumerate(types_) if t == pb.ModelProto.SentencePiece.BYTE]
    for i, want in enumerate(["<unk>", "<s>", "</s>", "<|EOT|>", "<|BOT|>"]):
        assert sp.id_to_piece(i) == want, (i, sp.id_to_piece(i))
    for n in (0, 1, 1023, 1024, 5119):
        assert sp.piece_to_id(f"<audio_{n}>") == AUDIO_BASE + n
    raw = sp.encode("<audio_0><audio_5119>")
    return {
        "file_bytes": model_file.stat().st_size,
        "sha256": hashlib.sha256(model_file.read_bytes()).hexdigest(),
        "model_type": "BPE",
        "pieces": len(proto.pieces),
        "trained_pieces": trained,
        "trained_vocab_size_requested": TRAIN_VOCAB,
        "byte_pieces": [byte_ids[0], byte_ids[-1]],
        "byte_newline_id": sp.piece_to_id("<0x0A>"),
        "filler": {
            "ids": [trained, AUDIO_BASE - 1],
            "type": "UNUSED",
            "name": FILLER.format("K") + " = id K",
        },
        "audio": {"ids": [AUDIO_BASE, AUDIO_BASE + AUDIO_CODES - 1], "type": "USER_DEFINED"},
        "specials": {
            "0": "<unk>",
            "1": "<s>",
            "2": "</s>",
            "3": "<|EOT|> (USER_DEFINED)",
            "4": "<|BOT|> (USER_DEFINED)",
        },
        "normalizer": {
            "name": proto.normalizer_spec.name,
            "add_dummy_prefix": proto.normalizer_spec.add_dummy_prefix,
            "remove_extra_whitespaces": proto.normalizer_spec.remove_extra_whitespaces,
        },
        "sp_encode_audio_0_5119": raw,
    }


# ----------------------------------------------------------------------------------------------------------
# running upstream


class StubFrontend:
    def extract_speech_feat(self, wav, sr):
        import torch

        return torch.zeros(1, 4, 80), torch.tensor([4])

    def extract_spk_embedding(self, wav, sr):
        import torch

        return torch.zeros(1, 192)


class StubCosy:
    frontend = StubFrontend()

    def token2wav_nonstream(self, *args, **kwargs):
        import torch

        return torch.zeros(1, 480)


class StubHFLLM:
    def generate(self, *args, **kwargs):
        raise RuntimeError("stub LLM: generation is not run")


class StubVllmLLM:
    def generate(self, prompts, sampling_params, use_tqdm=False):
        return [SimpleNamespace(outputs=[SimpleNamespace(token_ids=[65536, 65537, 66560, 66561, 66562, 3])])]


def make_audio_tokenizer(upstream_tokenizer_module):
    """Upstream StepAudioTokenizer without its models: merge_vq0206_to_token_str is upstream's; wav2token
    (Paraformer + ONNX) is replaced per call by the synthetic codes."""
    tok = upstream_tokenizer_module.StepAudioTokenizer.__new__(upstream_tokenizer_module.StepAudioTokenizer)
    tok.codes = None

    def wav2token(audio, sample_rate, enable_trim=True, energy_norm=True):
        vq02, vq06 = tok.codes
        groups = min(len(vq02) // 2, len(vq06) // 3)
        mixed = []
        for g in range(groups):
            mixed += [AUDIO_BASE + c for c in vq02[2 * g : 2 * g + 2]]
            mixed += [AUDIO_BASE + 1024 + c for c in vq06[3 * g : 3 * g + 3]]
        return mixed, list(vq02), list(vq06)

    tok.wav2token = wav2token
    return tok


def record(obj, name: str) -> list:
    """Record what a method of `obj` returns when upstream code calls it through `self`."""
    original = getattr(type(obj), name)
    calls: list = []

    def wrapper(*args, **kwargs):
        result = original(obj, *args, **kwargs)
        calls.append(result)
        return result

    setattr(obj, name, wrapper)
    return calls


def make_tts(cls, tokenizer, prompts, audio_tokenizer, llm=None):
    """StepAudioTTS.__new__ with only what the prompt code reads (no model loading)."""
    tts = cls.__new__(cls)
    tts.tokenizer = tokenizer
    tts.edit_sys_prompt = prompts.AUDIO_EDIT_SYSTEM_PROMPT
    tts.edit_clone_sys_prompt_tpl = prompts.AUDIO_EDIT_CLONE_SYSTEM_PROMPT_TPL
    tts.audio_tokenizer = audio_tokenizer
    tts.cosy_model = StubCosy()
    tts.llm = llm
    return tts


def run_entry(tts, method: str, recorded: str, *args):
    """Call an upstream entry point and return the ids its encode call produced. The HF path stops at
    `.to("cuda")` (CPU-only torch) right after encoding; the vLLM path completes against the stubs."""
    calls = record(tts, recorded)
    try:
        getattr(tts, method)(*args)
        outcome = "completed"
    except Exception as exc:
        outcome = f"stopped after encoding: {type(exc).__name__}: {exc}"
    delattr(tts, recorded)
    assert len(calls) == 1, (method, len(calls))
    return list(calls[0]), outcome


def speaker_hash_info(tts, wav_name: str, prompt_text: str) -> dict:
    import numpy as np
    import soundfile as sf
    import torchaudio  # the shim

    wav, sr = torchaudio.load(str(AUDIO_DIR / wav_name))
    flat = wav.cpu().numpy().flatten()
    pcm, _ = sf.read(str(AUDIO_DIR / wav_name), dtype="int16", always_2d=True)
    pcm = np.ascontiguousarray(pcm.T).flatten()
    assert np.array_equal(flat, pcm.astype(np.float32) / np.float32(32768)), "float32 != int16 / 32768"
    assert flat.size > 2000
    sample = np.concatenate([flat[:1000], flat[-1000:]]) if flat.size > 2000 else flat
    mine = "clone_" + hashlib.sha256(prompt_text.encode("utf-8") + sample.tobytes()).hexdigest()[:16]
    upstream = tts.generate_clone_voice_id(prompt_text, wav)
    assert mine == upstream, (mine, upstream)
    return {
        "clip": f"shared/audio/{wav_name}",
        "upstream_path": EXAMPLE_WAVS[wav_name],
        "clip_sha256": hashlib.sha256((AUDIO_DIR / wav_name).read_bytes()).hexdigest(),
        "sample_rate": sr,
        "shape": list(wav.shape),
        "loaded_as": "torchaudio.load default (normalize=True): float32 = int16 / 32768, "
        "channel-first (C, N)",
        "hash_input": "sha256(prompt_text UTF-8 bytes ++ float32 little-endian bytes of flat[:1000] "
        "++ flat[-1000:]);"
        " flat = wav.numpy().flatten() (raw load: before mono mixing and the 0.6 peak cap);"
        " id = 'clone_' + hexdigest[:16]",
        "audio_bytes_hashed": int(sample.nbytes),
        "audio_bytes_sha256": hashlib.sha256(sample.tobytes()).hexdigest(),
        "first_1000_int16": [int(x) for x in pcm[:1000]],
        "last_1000_int16": [int(x) for x in pcm[-1000:]],
        "speaker_id": upstream,
    }


def sp_identity(model_file: Path):
    """SentencePiece with the normaliser a Llama *fast* tokenizer applies (identity, dummy '▁' prefix, spaces
    escaped, nothing collapsed): the diagnostic the README reports, not upstream code."""
    import sentencepiece as spm
    from sentencepiece import sentencepiece_model_pb2 as pb

    proto = pb.ModelProto()
    proto.ParseFromString(model_file.read_bytes())
    spec = proto.normalizer_spec
    spec.name = "identity"
    spec.precompiled_charsmap = b""
    spec.add_dummy_prefix = True
    spec.escape_whitespaces = True
    spec.remove_extra_whitespaces = False
    return spm.SentencePieceProcessor(model_proto=proto.SerializeToString())


# ----------------------------------------------------------------------------------------------------------
# output


def to_json(obj, indent: int = 0) -> str:
    """JSON with lists of scalars (ids, pieces, names) on one line."""
    pad, inner = " " * indent, " " * (indent + 1)
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        items = [
            f"{inner}{json.dumps(k, ensure_ascii=False)}: {to_json(v, indent + 1)}" for k, v in obj.items()
        ]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, list):
        if all(isinstance(x, (int, float, str, bool)) or x is None for x in obj):
            return "[" + ",".join(json.dumps(x, ensure_ascii=False) for x in obj) + "]"
        if not obj:
            return "[]"
        return "[\n" + ",\n".join(inner + to_json(x, indent + 1) for x in obj) + "\n" + pad + "]"
    return json.dumps(obj, ensure_ascii=False)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mirror", default=DEFAULT_MIRROR, help="bare git dir of stepfun-ai/Step-Audio-EditX")
    ap.add_argument(
        "--varb-source", type=Path, default=None, help="vLLM-era tts.py (Variant B); else skipped"
    )
    ap.add_argument("--out", type=Path, default=HERE, help="output folder (default: this script's folder)")
    ap.add_argument("--rebuild-tokenizer", action="store_true", help="retrain tokenizer.model")
    args = ap.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    logging.disable(logging.CRITICAL)  # upstream logs its expected CUDA stop as an error

    import google.protobuf
    import numpy
    import sentencepiece
    import tokenizers
    import torch
    import transformers
    from transformers import AutoTokenizer

    work = Path(tempfile.mkdtemp(prefix="editx_prompt_goldens_"))
    try:
        blobs = extract_upstream(args.mirror, work / "upstream")
        install_shims()
        sys.path.insert(0, str(work / "upstream"))
        sys.path.insert(0, str(work))
        import config.edit_config as edit_config
        import config.prompts as prompts
        import tokenizer as upstream_tokenizer
        import tts as upstream_tts

        audio_tok = make_audio_tokenizer(upstream_tokenizer)
        A = upstream_tts.StepAudioTTS
        edit_types = edit_config.get_supported_edit_types()

        model_file = out / "tokenizer.model"
        if args.rebuild_tokenizer or not model_file.exists():
            probe = make_tts(A, None, prompts, audio_tok)
            build_tokenizer(out, corpus_lines(prompts, probe._build_audio_edit_instruction, edit_types))
        write_tokenizer_config(out)
        facts = tokenizer_facts(model_file)

        # Variant A tokenizers, loaded the way upstream model_loader loads them.
        fast = AutoTokenizer.from_pretrained(str(out), trust_remote_code=True, local_files_only=True)
        slow = AutoTokenizer.from_pretrained(
            str(out), trust_remote_code=True, local_files_only=True, use_fast=False
        )
        chat_dir = work / "tokenizer_with_chat_template"
        chat_dir.mkdir()
        shutil.copyfile(model_file, chat_dir / "tokenizer.model")
        write_tokenizer_config(chat_dir, CHAT_TEMPLATE)
        fast_b = AutoTokenizer.from_pretrained(str(chat_dir), trust_remote_code=True, local_files_only=True)
        slow_b = AutoTokenizer.from_pretrained(
            str(chat_dir), trust_remote_code=True, local_files_only=True, use_fast=False
        )
        sp_id = sp_identity(model_file)
        # Diagnostic only: the slow tokenizer on a copy whose normaliser is SentencePiece's default nmt_nfkc.
        from sentencepiece import sentencepiece_model_pb2 as pb

        nfkc_dir = work / "tokenizer_nmt_nfkc"
        nfkc_dir.mkdir()
        proto = pb.ModelProto()
        proto.ParseFromString(model_file.read_bytes())
        proto.normalizer_spec.CopyFrom(nmt_nfkc_spec())
        (nfkc_dir / "tokenizer.model").write_bytes(proto.SerializeToString())
        write_tokenizer_config(nfkc_dir)
        slow_nfkc = AutoTokenizer.from_pretrained(
            str(nfkc_dir), trust_remote_code=True, local_files_only=True, use_fast=False
        )

        B = None
        varb_info: dict = {"run": False}
        if args.varb_source is not None:
            B = import_variant_b(args.varb_source, work).StepAudioTTS
            src = args.varb_source.read_bytes()
            varb_info = {
                "run": True,
                "source": "vLLM-era StepAudioTTS (tts.py) from the public code index, id 58766486421 "
                "(repository unnamed there); not in the mirror",
                "source_sha256": hashlib.sha256(src).hexdigest(),
                "source_chars": len(src.decode("utf-8")),
                "chat_template": CHAT_TEMPLATE,
                "tokenizer_config_with_template_bytes": len(
                    (chat_dir / "tokenizer_config.json").read_bytes()
                ),
                "speaker": "debug (fixed in its clone(); the hash id is commented out)",
            }

        tok_a = {"fast": fast, "slow": slow}
        tok_b = {"fast": fast_b, "slow": slow_b}
        tts_a = {k: make_tts(A, t, prompts, audio_tok, StubHFLLM()) for k, t in tok_a.items()}
        tts_b = {k: make_tts(B, t, prompts, audio_tok, StubVllmLLM()) for k, t in tok_b.items()} if B else {}
        tts_nfkc = make_tts(A, slow_nfkc, prompts, audio_tok)

        def merge(vq02, vq06) -> str:
            return audio_tok.merge_vq0206_to_token_str(vq02, vq06)

        def audio_set(vq02, vq06) -> dict:
            s = merge(vq02, vq06)
            codes = [int(x[len("<audio_") :]) for x in s.split(">") if x]
            return {
                "vq02_raw": vq02,
                "vq06_raw": vq06,
                "codes": codes,
                "llm_ids": [AUDIO_BASE + c for c in codes],
                "token_str": s,
            }

        audio = {
            "edit": audio_set(EDIT_VQ02, EDIT_VQ06),
            "clone": audio_set(CLONE_VQ02, CLONE_VQ06),
            "small": audio_set(SMALL_VQ02, SMALL_VQ06),
        }
        checks = {
            "entry_point_equals_direct_call": True,
            "fast_equals_slow": {},
            "sp_identity_equals_fast": {},
            "variant_b_from_variant_a_parts": {},
            "slow_with_nmt_nfkc_normalizer_equals_fast_A": {},
            "variant_b_entry_outcome": None,
            "variant_a_entry_outcome": None,
        }

        # ------------------------------------------------------------------ instructions + edit prompts
        edit_out = []
        for name, etype, einfo, audio_text, text, wav in EDIT_CASES:
            instr = tts_a["fast"]._build_audio_edit_instruction(audio_text, etype, einfo, text)
            case = {
                "name": name,
                "edit_type": etype,
                "edit_info": einfo,
                "audio_text": audio_text,
                "text": text,
                "input_wav": f"shared/audio/{wav}",
                "audio": "edit",
                "instruction": instr,
                "instruction_sha256": hashlib.sha256(instr.encode("utf-8")).hexdigest(),
            }
            ids = {}
            for kind in ("fast", "slow"):
                audio_tok.codes = (EDIT_VQ02, EDIT_VQ06)
                entry, outcome = run_entry(
                    tts_a[kind],
                    "edit",
                    "_encode_audio_edit_prompt",
                    str(AUDIO_DIR / wav),
                    audio_text,
                    etype,
                    einfo,
                    text,
                )
                direct = tts_a[kind]._encode_audio_edit_prompt(
                    prompts.AUDIO_EDIT_SYSTEM_PROMPT, instr, audio["edit"]["token_str"]
                )
                checks["entry_point_equals_direct_call"] &= entry == direct
                checks["variant_a_entry_outcome"] = outcome
                ids[f"A_{kind}"] = direct
                if B:
                    audio_tok.codes = (EDIT_VQ02, EDIT_VQ06)
                    entry_b, outcome_b = run_entry(
                        tts_b[kind],
                        "edit",
                        "_encode_audio_edit_prompt",
                        str(AUDIO_DIR / wav),
                        audio_text,
                        etype,
                        einfo,
                        text,
                    )
                    instr_b = tts_b[kind]._build_audio_edit_instruction(audio_text, etype, einfo, text)
                    assert instr_b == instr, (name, instr_b, instr)
                    direct_b = list(
                        tts_b[kind]._encode_audio_edit_prompt(
                            prompts.AUDIO_EDIT_SYSTEM_PROMPT, instr, audio["edit"]["token_str"]
                        )
                    )
                    checks["entry_point_equals_direct_call"] &= entry_b == direct_b
                    checks["variant_b_entry_outcome"] = outcome_b
                    ids[f"B_{kind}"] = direct_b
            case["ids_A"] = ids["A_fast"]
            checks["fast_equals_slow"][f"{name}/A"] = ids["A_fast"] == ids["A_slow"]
            if ids["A_fast"] != ids["A_slow"]:
                case["ids_A_slow"] = ids["A_slow"]
            if B:
                case["ids_B"] = ids["B_fast"]
                checks["fast_equals_slow"][f"{name}/B"] = ids["B_fast"] == ids["B_slow"]
                if ids["B_fast"] != ids["B_slow"]:
                    case["ids_B_slow"] = ids["B_slow"]
            checks["slow_with_nmt_nfkc_normalizer_equals_fast_A"][name] = ids[
                "A_fast"
            ] == tts_nfkc._encode_audio_edit_prompt(
                prompts.AUDIO_EDIT_SYSTEM_PROMPT, instr, audio["edit"]["token_str"]
            )
            if B:  # B rebuilt from A's encode() pieces: no inner BOS, human text without its own '▁' prefix
                human = f"{instr}\n{audio['edit']['token_str']}\n"
                e, nl = fast.encode, len(fast.encode("\n"))
                system_part = e(f"system\n{prompts.AUDIO_EDIT_SYSTEM_PROMPT}")[1:]
                rebuilt = [1, 4, *system_part, 3, 4, *e("human\n")[1:], *e("\n" + human)[nl:], 3, 4,
                           *e("assistant\n")[1:]]
                checks["variant_b_from_variant_a_parts"][name] = rebuilt == ids["B_fast"]
            # the four encode() inputs of Variant A, for the diagnostic
            segs = [
                f"system\n{prompts.AUDIO_EDIT_SYSTEM_PROMPT}",
                "human\n",
                f"{instr}\n{audio['edit']['token_str'].strip()}\n",
                "assistant\n",
            ]
            checks["sp_identity_equals_fast"][name] = all(
                [1, *sp_id.encode(s)] == fast.encode(s) for s in segs
            )
            edit_out.append(case)

        # unsupported edit type
        try:
            tts_a["fast"]._build_audio_edit_instruction(EN, "clone", None, None)
            unsupported = "no error"
        except upstream_tts.HTTPException as exc:
            unsupported = f"HTTPException(status_code={int(exc.status_code)}, detail={exc.detail!r})"

        # ------------------------------------------------------------------ clone prompts
        clone_out = []
        for name, wav, prompt_text, target in CLONE_CASES:
            case = {"name": name, "prompt_text": prompt_text, "target_text": target, "audio": "clone"}
            case["speaker"] = speaker_hash_info(tts_a["fast"], wav, prompt_text)
            ids = {}
            for kind in ("fast", "slow"):
                audio_tok.codes = (CLONE_VQ02, CLONE_VQ06)
                spk_calls = record(tts_a[kind], "generate_clone_voice_id")
                entry, _ = run_entry(
                    tts_a[kind],
                    "clone",
                    "_encode_audio_edit_clone_prompt",
                    str(AUDIO_DIR / wav),
                    prompt_text,
                    target,
                )
                delattr(tts_a[kind], "generate_clone_voice_id")
                assert spk_calls == [case["speaker"]["speaker_id"]], spk_calls
                direct = tts_a[kind]._encode_audio_edit_clone_prompt(
                    target, prompt_text, case["speaker"]["speaker_id"], audio["clone"]["token_str"]
                )
                checks["entry_point_equals_direct_call"] &= entry == direct
                ids[f"A_{kind}"] = direct
                if B:
                    audio_tok.codes = (CLONE_VQ02, CLONE_VQ06)
                    entry_b, _ = run_entry(
                        tts_b[kind],
                        "clone",
                        "_encode_audio_edit_clone_prompt",
                        str(AUDIO_DIR / wav),
                        prompt_text,
                        target,
                    )
                    direct_b = list(
                        tts_b[kind]._encode_audio_edit_clone_prompt(
                            target, prompt_text, "debug", audio["clone"]["token_str"]
                        )
                    )
                    checks["entry_point_equals_direct_call"] &= entry_b == direct_b
                    ids[f"B_{kind}"] = direct_b
            nl = fast.encode("\n")
            full = fast.encode("\n" + target)
            case["enc_newline"] = nl
            case["enc_newline_plus_target"] = full
            case["target_tokens"] = full[len(nl) :]
            case["ids_A"] = ids["A_fast"]
            checks["fast_equals_slow"][f"{name}/A"] = ids["A_fast"] == ids["A_slow"]
            if ids["A_fast"] != ids["A_slow"]:
                case["ids_A_slow"] = ids["A_slow"]
            if B:
                case["ids_B"] = ids["B_fast"]
                checks["fast_equals_slow"][f"{name}/B"] = ids["B_fast"] == ids["B_slow"]
                if ids["B_fast"] != ids["B_slow"]:
                    case["ids_B_slow"] = ids["B_slow"]
            if B:  # B == A with speaker 'debug' and without the inner BOS ids
                a_debug = tts_a["fast"]._encode_audio_edit_clone_prompt(
                    target, prompt_text, "debug", audio["clone"]["token_str"]
                )
                checks["variant_b_from_variant_a_parts"][name] = ids["B_fast"] == [1] + [
                    i for i in a_debug[1:] if i != 1
                ]
            checks["slow_with_nmt_nfkc_normalizer_equals_fast_A"][name] = ids[
                "A_fast"
            ] == tts_nfkc._encode_audio_edit_clone_prompt(
                target, prompt_text, case["speaker"]["speaker_id"], audio["clone"]["token_str"]
            )
            sys_text = prompts.AUDIO_EDIT_CLONE_SYSTEM_PROMPT_TPL.format(
                speaker=case["speaker"]["speaker_id"],
                prompt_text=prompt_text,
                prompt_wav_tokens=audio["clone"]["token_str"],
            )
            segs = [f"system\n{sys_text}", "\n", "\n" + target, "human\n", "assistant\n"]
            checks["sp_identity_equals_fast"][name] = all(
                [1, *sp_id.encode(s)] == fast.encode(s) for s in segs
            )
            clone_out.append(case)

        # ------------------------------------------------------------------ a small example, both variants
        small_sys = "You edit audio.\n"
        small_instr = tts_a["fast"]._build_audio_edit_instruction("Hello.", "emotion", "happy", None)
        small = {
            "system_prompt": small_sys,
            "instruction": small_instr,
            "audio": "small",
            "note": "upstream _encode_audio_edit_prompt with a short system prompt instead of the real one",
        }
        small_ids = {
            "A": tts_a["fast"]._encode_audio_edit_prompt(small_sys, small_instr, audio["small"]["token_str"])
        }
        if B:
            small_ids["B"] = list(
                tts_b["fast"]._encode_audio_edit_prompt(small_sys, small_instr, audio["small"]["token_str"])
            )
            small["rendered_B"] = fast_b.apply_chat_template(
                [
                    {"role": "system", "content": small_sys},
                    {"role": "user", "content": f"{small_instr}\n{audio['small']['token_str']}\n"},
                ],
                tokenize=False,
                add_generation_prompt=True,
            )
        for k, v in small_ids.items():
            small[f"ids_{k}"] = v
            small[f"pieces_{k}"] = fast.convert_ids_to_tokens(v)
        checks["fast_equals_slow"]["small_example/A"] = small_ids["A"] == tts_a[
            "slow"
        ]._encode_audio_edit_prompt(small_sys, small_instr, audio["small"]["token_str"])
        if B:
            checks["fast_equals_slow"]["small_example/B"] = small_ids["B"] == list(
                tts_b["slow"]._encode_audio_edit_prompt(small_sys, small_instr, audio["small"]["token_str"])
            )

        # ------------------------------------------------------------------ encode() facts
        probes = [
            "",
            "\n",
            "system\n",
            "human\n",
            "assistant\n",
            " human\n",
            "\n\n",
            "a\nb",
            "a\n\nb",
            "a  b",
            "<audio_0><audio_5119>",
            "x<audio_7>\ny",
            "[Sichuanese]今天",
            "guo4",
        ]
        layout = {}
        for s in probes:
            f_ids, s_ids = fast.encode(s), slow.encode(s)
            entry = {"fast": f_ids, "fast_pieces": fast.convert_ids_to_tokens(f_ids)}
            if s_ids != f_ids:
                entry["slow"] = s_ids
                entry["slow_pieces"] = slow.convert_ids_to_tokens(s_ids)
            n_ids = slow_nfkc.encode(s)
            if n_ids != f_ids:
                entry["slow_nmt_nfkc"] = n_ids
                entry["slow_nmt_nfkc_pieces"] = slow_nfkc.convert_ids_to_tokens(n_ids)
            layout[s] = entry

        sys_p, clone_t = prompts.AUDIO_EDIT_SYSTEM_PROMPT, prompts.AUDIO_EDIT_CLONE_SYSTEM_PROMPT_TPL
        result = {
            "about": "Golden LLM input ids of upstream Step-Audio-EditX prompt builders on a tiny stand-in "
            "tokenizer (tokenizer.model here). See README.md for every field.",
            "upstream": {"repo": UPSTREAM_REPO, "commit": UPSTREAM_COMMIT, "blobs": blobs},
            "versions": {
                "python": sys.version.split()[0],
                "transformers": transformers.__version__,
                "tokenizers": tokenizers.__version__,
                "sentencepiece": sentencepiece.__version__,
                "protobuf": google.protobuf.__version__,
                "torch": torch.__version__,
                "numpy": numpy.__version__,
            },
            "tokenizer": {
                **facts,
                "tokenizer_config": TOKENIZER_CONFIG,
                "auto_tokenizer_class": type(fast).__name__,
                "auto_tokenizer_class_use_fast_false": type(slow).__name__,
                "len_tokenizer": len(fast),
            },
            "system_prompts": {
                "AUDIO_EDIT_SYSTEM_PROMPT": {
                    "text": sys_p,
                    "chars": len(sys_p),
                    "utf8_bytes": len(sys_p.encode()),
                    "sha256": hashlib.sha256(sys_p.encode()).hexdigest(),
                    "newlines": sys_p.count("\n"),
                },
                "AUDIO_EDIT_CLONE_SYSTEM_PROMPT_TPL": {
                    "text": clone_t,
                    "chars": len(clone_t),
                    "utf8_bytes": len(clone_t.encode()),
                    "sha256": hashlib.sha256(clone_t.encode()).hexdigest(),
                    "newlines": clone_t.count("\n"),
                },
            },
            "edit_config": edit_types,
            "unsupported_edit_type": {"edit_type": "clone", "raises": unsupported},
            "variant_b": varb_info,
            "audio": audio,
            "encode_layout": layout,
            "small_example": small,
            "edit_cases": edit_out,
            "clone_cases": clone_out,
            "checks": checks,
        }
        (out / "prompt_goldens.json").write_text(to_json(result) + "\n", encoding="utf-8")
        print(
            f"wrote {out / 'prompt_goldens.json'}; tokenizer.model {facts['file_bytes']} B; "
            f"variant B {'run' if B else 'skipped'}; checks: "
            f"entry==direct {checks['entry_point_equals_direct_call']}, "
            f"fast==slow {sum(checks['fast_equals_slow'].values())}/{len(checks['fast_equals_slow'])}, "
            f"sp_identity==fast {sum(checks['sp_identity_equals_fast'].values())}/"
            f"{len(checks['sp_identity_equals_fast'])}, B from A parts "
            f"{sum(checks['variant_b_from_variant_a_parts'].values())}/"
            f"{len(checks['variant_b_from_variant_a_parts'])}, slow(nmt_nfkc)==fast "
            f"{sum(checks['slow_with_nmt_nfkc_normalizer_equals_fast_A'].values())}/"
            f"{len(checks['slow_with_nmt_nfkc_normalizer_equals_fast_A'])}"
        )
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
