from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from studio.conversation import tools as tools_mod
from studio.conversation.tools import (
    BUILTIN_TOOLS,
    FileGrants,
    Tool,
    ToolError,
    builtin_tools,
    calculate,
    parse_arguments,
    plugin_tools,
    run_tool,
)


def test_specs_are_openai_tools() -> None:
    for t in BUILTIN_TOOLS:
        spec = t.spec()
        assert spec["type"] == "function" and spec["function"]["name"] == t.name
        json.dumps(spec)
    assert {t.name for t in BUILTIN_TOOLS} == {"current_time", "current_date", "calculator"}


def test_calculator_is_exact_and_safe() -> None:
    assert run_tool(BUILTIN_TOOLS, "calculator", {"expression": "(17 + 25) * 2"}) == "84"
    assert run_tool(BUILTIN_TOOLS, "calculator", {"expression": "sqrt(2) ^ 2"}) == "2"
    assert calculate("7 // 2 + 7 % 2") == 4
    for bad in ("__import__('os').system('true')", "open('/etc/passwd')", "(1).__class__", "x", "9**9**9",
                "1/0", "'a' * 3", "[1, 2]"):
        with pytest.raises(ToolError):
            calculate(bad)
    assert run_tool(BUILTIN_TOOLS, "calculator", {"expression": "1/0"}).startswith("error:")


def test_time_and_date_answer() -> None:
    assert ":" in run_tool(BUILTIN_TOOLS, "current_time", {})
    assert any(str(y) in run_tool(BUILTIN_TOOLS, "current_date", {}) for y in range(2024, 2100))


def test_read_file_only_reads_granted_files(tmp_path: Path) -> None:
    picked = tmp_path / "notes.txt"
    picked.write_text("the meeting is at noon")
    secret = tmp_path / "secret.txt"
    secret.write_text("nope")
    grants = FileGrants()
    tools = builtin_tools(grants)
    assert run_tool(tools, "read_file", {"name": "notes.txt"}).startswith("error:")
    grants.grant(picked)
    assert run_tool(tools, "read_file", {"name": "notes.txt"}) == "the meeting is at noon"
    assert run_tool(tools, "read_file", {"name": str(picked)}) == "the meeting is at noon"
    assert run_tool(tools, "read_file", {"name": "secret.txt"}).startswith("error:")
    assert run_tool(tools, "read_file", {"name": str(secret)}).startswith("error:")
    assert run_tool(tools, "read_file", {"name": str(tmp_path / "x" / "notes.txt")}).startswith("error:")
    grants.revoke(picked)
    assert run_tool(tools, "read_file", {"name": "notes.txt"}).startswith("error:")


def test_unknown_tool_and_crashing_tool_become_text() -> None:
    def boom(_: dict) -> str:
        raise RuntimeError("bug")

    tools = [Tool("boom", "d", {"type": "object"}, boom)]
    assert "no tool named" in run_tool(tools, "nope", {})
    assert "RuntimeError" in run_tool(tools, "boom", {})


def test_entry_point_tools(monkeypatch: pytest.MonkeyPatch) -> None:
    extra = Tool("weather", "d", {"type": "object"}, lambda a: "sunny")

    class EP(SimpleNamespace):
        def load(self) -> object:
            return self.target

    eps = [EP(name="w", value="pkg:weather", target=extra),
           EP(name="many", value="pkg:make", target=lambda: [extra]),
           EP(name="bad", value="pkg:bad", target=lambda: ["not a tool"])]
    monkeypatch.setattr(tools_mod, "entry_points", lambda group: eps if group == "step_studio.tools" else [])
    found, problems = plugin_tools()
    assert [t.name for t in found] == ["weather", "weather"]
    assert len(problems) == 1 and "bad" in problems[0]


def test_parse_arguments() -> None:
    assert parse_arguments('{"a": 1}') == {"a": 1}
    assert parse_arguments("") == {}
    assert parse_arguments("{oops") == {"_unparsed": "{oops"}
