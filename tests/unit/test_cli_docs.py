"""What a person reads names the commands the CLI has: `./run.sh <command>` in the README, docs and the
texts the CLI prints are all subcommands of the real parser."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from bot.__main__ import PROG, _parser

ROOT = Path(__file__).resolve().parents[2]
MENTION = re.compile(r"\./run\.sh ([a-z][\w-]*)")


def subcommands() -> set[str]:
    parser = _parser()
    [sub] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return set(sub.choices)


def test_the_cli_is_called_as_people_type_it() -> None:
    assert PROG == "./run.sh" and _parser().prog == "./run.sh"


def test_every_run_sh_command_in_the_docs_exists() -> None:
    known = subcommands()
    assert {"run", "demo", "invite", "jobs", "job"} <= known
    texts = [ROOT / "README.md", ROOT / ".env.example", *sorted((ROOT / "docs").glob("*.md"))]
    texts += sorted((ROOT / "bot").rglob("*.py"))
    for path in texts:
        for command in MENTION.findall(path.read_text(encoding="utf-8")):
            assert command in known, f"{path.relative_to(ROOT)} mentions `./run.sh {command}`"


def test_what_the_cli_prints_names_run_sh_not_python_m_bot() -> None:
    """Strings printed to people (not docstrings) say ./run.sh."""
    for path in sorted((ROOT / "bot").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            printed = re.search(r"""(print|lines\.append|lines = \[|raise \w+)\(?.*python -m bot""", line)
            assert printed is None, f"{path.relative_to(ROOT)}:{number} tells people `python -m bot`"
