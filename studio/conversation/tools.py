"""Tools the model may call, in the OpenAI tools format, and the safe built-ins.

Built-ins never touch anything the user did not hand over: the calculator walks a parsed
expression tree (no eval), and `read_file` reads only paths the user explicitly granted. Engine
packages add tools through the `step_studio.tools` entry-point group: each entry point names either
a Tool or a callable returning a list of Tools.
"""

from __future__ import annotations

import ast
import datetime as _dt
import json
import math
import operator
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

ENTRY_POINT_GROUP = "step_studio.tools"


class ToolError(ValueError):
    """A tool could not run with these arguments; the message goes back to the model."""


@dataclass(frozen=True)
class Tool:
    name: str
    description: str
    parameters: Mapping[str, Any]  # JSON schema of the arguments object
    function: Callable[[dict[str, Any]], str] = field(compare=False)

    def run(self, arguments: dict[str, Any]) -> str:
        return self.function(arguments)

    def spec(self) -> dict[str, Any]:
        """The OpenAI `tools` entry."""
        return {"type": "function", "function": {"name": self.name, "description": self.description,
                                                  "parameters": dict(self.parameters)}}


def run_tool(tools: Mapping[str, Tool] | list[Tool], name: str, arguments: dict[str, Any]) -> str:
    """Run a tool and always return text for the model: errors become a sentence, not an exception,
    so one failing tool never ends the conversation."""
    table = tools if isinstance(tools, Mapping) else {t.name: t for t in tools}
    tool = table.get(name)
    if tool is None:
        return f"error: there is no tool named '{name}'"
    try:
        return tool.run(arguments)
    except ToolError as exc:
        return f"error: {exc}"
    except Exception as exc:  # a third-party tool's bug must not kill the turn
        return f"error: {name} failed ({type(exc).__name__}: {exc})"


# --- clock -----------------------------------------------------------------------------------------

_EMPTY: Mapping[str, Any] = {"type": "object", "properties": {}, "additionalProperties": False}


def _now() -> _dt.datetime:
    return _dt.datetime.now().astimezone()


def _time(_: dict[str, Any]) -> str:
    now = _now()
    return now.strftime("%H:%M") + f" ({now.tzname() or 'local time'})"


def _date(_: dict[str, Any]) -> str:
    return _now().strftime("%A, %d %B %Y")


# --- calculator ------------------------------------------------------------------------------------

_BINARY: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod, ast.Pow: operator.pow}
_UNARY: dict[type, Callable[[Any], Any]] = {ast.UAdd: operator.pos, ast.USub: operator.neg}
_FUNCTIONS: dict[str, Callable[..., float]] = {
    "sqrt": math.sqrt, "sin": math.sin, "cos": math.cos, "tan": math.tan, "log": math.log,
    "log10": math.log10, "exp": math.exp, "abs": abs, "round": round, "floor": math.floor, "ceil": math.ceil}
_CONSTANTS = {"pi": math.pi, "e": math.e}
_MAX_POWER = 10_000
_MAX_MAGNITUDE = 1e100


def calculate(expression: str) -> float | int:
    """Evaluate arithmetic by walking its syntax tree; anything but numbers, operators and a few
    math functions is refused, and huge powers are refused before they are computed."""
    if len(expression) > 500:
        raise ToolError("the expression is too long")
    try:
        tree = ast.parse(expression.replace("^", "**").replace("×", "*").replace("÷", "/"), mode="eval")
    except SyntaxError as exc:
        raise ToolError(f"cannot parse '{expression}'") from exc

    def walk(node: ast.AST) -> Any:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) \
                and not isinstance(node.value, bool):
            return node.value
        if isinstance(node, ast.Name) and node.id in _CONSTANTS:
            return _CONSTANTS[node.id]
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            left, right = walk(node.left), walk(node.right)
            if isinstance(node.op, ast.Pow) and (abs(right) > _MAX_POWER or abs(left) > _MAX_MAGNITUDE):
                raise ToolError("that power is too large")
            try:
                value = _BINARY[type(node.op)](left, right)
            except ZeroDivisionError as exc:
                raise ToolError("division by zero") from exc
            if isinstance(value, complex):
                raise ToolError("the result is not a real number")
            if abs(value) > _MAX_MAGNITUDE:
                raise ToolError("the result is too large")
            return value
        if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
            return _UNARY[type(node.op)](walk(node.operand))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _FUNCTIONS \
                and not node.keywords and len(node.args) <= 2:
            try:
                return _FUNCTIONS[node.func.id](*(walk(a) for a in node.args))
            except (ValueError, TypeError) as exc:
                raise ToolError(f"{node.func.id}: {exc}") from exc
        raise ToolError(f"'{ast.unparse(node)}' is not allowed in a calculation")

    return walk(tree)


def _calculator(arguments: dict[str, Any]) -> str:
    value = calculate(str(arguments.get("expression", "")))
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    return f"{value:.10g}" if isinstance(value, float) else str(value)


# --- files the user picked -------------------------------------------------------------------------


class FileGrants:
    """The files the user handed to the assistant (thread-safe). Nothing else is readable."""

    def __init__(self, max_chars: int = 8000) -> None:
        self.max_chars = max_chars
        self._paths: dict[str, Path] = {}
        self._lock = threading.Lock()

    def grant(self, path: Path | str) -> str:
        resolved = Path(path).resolve()
        with self._lock:
            self._paths[resolved.name] = resolved
        return resolved.name

    def revoke(self, path: Path | str) -> None:
        resolved = Path(path).resolve()
        with self._lock:
            self._paths = {k: v for k, v in self._paths.items() if v != resolved}

    def names(self) -> list[str]:
        with self._lock:
            return sorted(self._paths)

    def read(self, arguments: dict[str, Any]) -> str:
        wanted = str(arguments.get("name") or arguments.get("path") or "")
        with self._lock:
            path = self._paths.get(wanted) or self._paths.get(Path(wanted).name)
            if path is not None and wanted not in (path.name, str(path)):
                path = None  # a different path with the same file name was not granted
            granted = sorted(self._paths)
        if path is None:
            listed = ", ".join(granted) or "none"
            raise ToolError(f"'{wanted}' was not shared by the user (shared files: {listed})")
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise ToolError(f"cannot read {path.name}: {exc.strerror or exc}") from exc
        if len(text) > self.max_chars:
            text = text[:self.max_chars] + f"\n[... cut at {self.max_chars} characters]"
        return text


def builtin_tools(grants: FileGrants | None = None) -> list[Tool]:
    tools = [
        Tool("current_time", "The current local time of day.", _EMPTY, _time),
        Tool("current_date", "Today's date and weekday.", _EMPTY, _date),
        Tool("calculator", "Evaluate an arithmetic expression exactly (+ - * / // % ** and sqrt, sin, "
             "cos, tan, log, log10, exp, abs, round, floor, ceil, pi, e).",
             {"type": "object", "properties": {"expression": {"type": "string"}},
              "required": ["expression"]}, _calculator)]
    if grants is not None:
        tools.append(Tool("read_file", "Read a text file the user shared in this conversation, by its "
                          "file name.", {"type": "object", "properties": {"name": {"type": "string"}},
                                         "required": ["name"]}, grants.read))
    return tools


BUILTIN_TOOLS: list[Tool] = builtin_tools()  # without read_file: that needs the page's FileGrants


def plugin_tools() -> tuple[list[Tool], list[str]]:
    """Tools from installed engine packages, and a sentence per entry point that failed to load."""
    tools: list[Tool] = []
    problems: list[str] = []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            loaded = ep.load()
            made = loaded() if callable(loaded) and not isinstance(loaded, Tool) else loaded
            items = [made] if isinstance(made, Tool) else list(made)
            if not all(isinstance(t, Tool) for t in items):
                raise TypeError("it did not give Tool objects")
            tools.extend(items)
        except Exception as exc:  # a broken plugin is reported, never fatal
            problems.append(f"tool plug-in '{ep.name}' ({ep.value}) did not load: {exc}")
    return tools, problems


def parse_arguments(raw: str | Mapping[str, Any] | None) -> dict[str, Any]:
    """Tool-call arguments as a dict; models sometimes send '' or broken JSON, which becomes {}
    plus a marker the tool sees as a missing argument rather than a crash."""
    if raw is None or raw == "":
        return {}
    if isinstance(raw, Mapping):
        return dict(raw)
    try:
        value = json.loads(raw)
    except ValueError:
        return {"_unparsed": raw}
    return value if isinstance(value, dict) else {"_value": value}
