"""The command line speaks the user's language (LANGUAGE / LC_ALL / LC_MESSAGES / LANG) from the
window's catalogue, without Qt; data and the `step-studio: error:` prefix stay as they are."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from studio import paths
from studio.cli.i18n import language

REPO = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(("env", "expected"), [
    ({}, "en"), ({"LANG": "C"}, "en"), ({"LANG": "zh_CN.UTF-8"}, "zh_CN"),
    ({"LANG": "en_US.UTF-8", "LC_ALL": "zh_CN.UTF-8"}, "zh_CN"),
    ({"LANGUAGE": "zh_CN:en", "LANG": "en_US.UTF-8"}, "zh_CN"), ({"LC_MESSAGES": "POSIX"}, "en"),
])
def test_the_language_comes_from_the_locale_as_gettext_reads_it(env: dict[str, str], expected: str) -> None:
    assert language(env) == expected


def _cli(lang: str, *args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    env.update({"PYTHONPATH": str(REPO), paths.HOME_ENV: str(home), "LANG": lang})
    return subprocess.run([sys.executable, "-m", "studio", *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize(("args", "chinese"), [
    (["speak", "Hello.", "--pitch", "40"],
     "--pitch 40 超出了引擎 'embedded' 的范围；请使用 -12 到 12 半音 之间的值"),
    (["speak", "(高兴1)"], "文字里只有标签，没有可朗读的内容"),
    (["speak", "Hello.", "--voice", "nobody"], "引擎 'embedded' 没有音色 'nobody'"),
    (["clone", "tests/data/zero_shot_en_prompt.wav", "--text", "x", "--name", "n"],
     "只有附带同意记录才能保存音色"),
])
def test_mistakes_are_said_in_chinese_under_a_chinese_locale(tmp_path: Path, args: list[str],
                                                            chinese: str) -> None:
    target = ["-o", str(tmp_path / "a.wav")] if args[0] == "speak" else []
    done = _cli("zh_CN.UTF-8", *args, *target, home=tmp_path / "home")
    assert done.returncode != 0 and done.stderr.startswith("step-studio: error: ")
    assert chinese in done.stderr, done.stderr
    english = _cli("C.UTF-8", *args, *target, home=tmp_path / "home")
    assert english.returncode == done.returncode and chinese not in english.stderr
    assert english.stderr.isascii() or args[1] == "(高兴1)"
