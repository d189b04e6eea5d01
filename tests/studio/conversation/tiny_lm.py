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


# --- a tiny model that calls a tool ---------------------------------------------------------------
#
# Random weights never write a well-formed tool call, so this model is built to be a fixed word chain:
# attention, MLP and positions are zeroed, each word's embedding is one-hot, and the (untied) output
# layer maps every word to the one after it. Greedy decoding then continues the prompt's last word
# along CHAIN. The chat template is Hermes-style (it mentions <tool_call>, like Qwen's), and ends
# the generation prompt with ":" after a user turn and with "then" after a tool's result, so the
# model asks for the calculator first and answers from its result second. Everything after the
# weights is the real thing: transformers' generate, the streamer, our parser, servers and clients.

TOOL_CALL_WORDS = ("<tool_call>", '{"name":', '"calculator",', '"arguments":', '{"expression":', '"6*7"}}',
                   "</tool_call>")
CHAIN = {":": "one", "one": "moment", "moment": ".", ".": "<tool_call>",
         **dict(zip(TOOL_CALL_WORDS, (*TOOL_CALL_WORDS[1:], "<eos>"), strict=True)),
         "then": "it", "it": "is", "is": "forty-two", "forty-two": "<eos>"}
TOOL_TEMPLATE = (
    "{% if tools %}system : you may call tools <tools> {% for t in tools %}{{ t | tojson }} {% endfor %}"
    "</tools> write <tool_call> {\"name\": ..., \"arguments\": ...} </tool_call> {% endif %}"
    "{% for m in messages %}"
    "{% if m['role'] == 'assistant' and m.get('tool_calls') %}assistant : {{ m['content'] }} "
    "{% for c in m['tool_calls'] %}<tool_call> {{ {'name': c['function']['name'], "
    "'arguments': c['function']['arguments']} | tojson }} </tool_call> {% endfor %}"
    "{% else %}{{ m['role'] }} : {{ m['content'] }} {% endif %}{% endfor %}"
    "{% if add_generation_prompt %}{% if messages[-1]['role'] == 'tool' %}assistant then"
    "{% else %}assistant :{% endif %}{% endif %}")


def build_tool_lm(folder: Path) -> Path:
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers
    from transformers import GPT2Config, GPT2LMHeadModel, PreTrainedTokenizerFast

    if (folder / "config.json").is_file():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    words = ["<unk>", "<eos>", "<pad>", "system", "user", "assistant", "tool", *CHAIN, *CHAIN.values()]
    vocab = {w: i for i, w in enumerate(dict.fromkeys(words))}
    tok = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    tok.decoder = decoders.WordPiece(prefix="##", cleanup=False)
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="<unk>", eos_token="<eos>",
                                   pad_token="<pad>")
    fast.chat_template = TOOL_TEMPLATE
    fast.save_pretrained(folder)
    size = len(vocab)
    config = GPT2Config(vocab_size=size, n_positions=1024, n_embd=size, n_layer=1, n_head=1,
                        bos_token_id=1, eos_token_id=1, pad_token_id=2, tie_word_embeddings=False)
    model = GPT2LMHeadModel(config)
    with torch.no_grad():
        block = model.transformer.h[0]
        for layer in (block.attn.c_proj, block.mlp.c_proj):
            layer.weight.zero_()
            layer.bias.zero_()
        model.transformer.wpe.weight.zero_()
        model.transformer.wte.weight.copy_(torch.eye(size))
        model.lm_head.weight.zero_()
        for word, index in vocab.items():
            model.lm_head.weight[vocab[CHAIN.get(word, "<eos>")], index] = 10.0
    model.save_pretrained(folder)
    return folder
