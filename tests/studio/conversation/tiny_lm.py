"""A tiny random-weight GPT-2 with a word-level tokenizer, built from scratch for tests and the bench.

It writes random English words, which is all a test of the pipeline needs: a real transformers model
behind a real server, fast enough on 2 cores, with no download.
"""

from __future__ import annotations

from pathlib import Path

WORDS = ("hello", "there", "the", "weather", "is", "fine", "today", "and", "we", "can", "talk", "about",
         "music", "books", "or", "trains", "i", "think", "that", "sounds", "good", "let", "me", "know",
         "what", "you", "like", "best", "thanks")


def build_tiny_lm(folder: Path, seed: int = 0) -> Path:
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers
    from transformers import GPT2Config, GPT2LMHeadModel, PreTrainedTokenizerFast

    if (folder / "config.json").is_file():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    specials = ["<unk>", "<eos>", "<pad>", "system", "user", "assistant", ":"]
    vocab = {w: i for i, w in enumerate(dict.fromkeys([*specials, *WORDS, ".", ",", "?"]))}
    tok = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    tok.decoder = decoders.WordPiece(prefix="##")  # joins words with spaces
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="<unk>", eos_token="<eos>",
                                   pad_token="<pad>")
    fast.chat_template = ("{% for m in messages %}{{ m['role'] }} : {{ m['content'] }} {% endfor %}"
                          "{% if add_generation_prompt %}assistant : {% endif %}")
    fast.save_pretrained(folder)
    torch.manual_seed(seed)
    config = GPT2Config(vocab_size=len(vocab), n_positions=512, n_embd=32, n_layer=1, n_head=2,
                        bos_token_id=1, eos_token_id=1, pad_token_id=2)
    model = GPT2LMHeadModel(config)
    with torch.no_grad():  # never end early, and end sentences now and then, so replies get spoken
        model.lm_head.weight[1].zero_()
        model.transformer.wte.weight[1].zero_()
    model.generation_config.min_new_tokens = 6  # random weights may pick <eos> at once: never an empty reply
    model.save_pretrained(folder)
    return folder
