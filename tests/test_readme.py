"""The README a new user reads: a contents list, a quick start that reaches parse, batch and
inspect in its first screen, recipes — and their commands run as written (in a copy of the
repository's examples, with the installed `wireparse` on PATH); the man page it points to is
the one the commands' help makes; the contract it links is in the repository."""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from wireparse.cli import cli
from wireparse.manpage import render_manpage

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
# Lines that set up a clone (the tests run inside one that is set up already).
SETUP = ("python3 -m venv", ". .venv/bin/activate", "source .venv/bin/activate", ".venv/bin/")


def runnable_blocks() -> list[tuple[str, str]]:
    """(id, script) of each ```sh block of the quick start and the recipes."""
    start, end = README.index("## Quick start"), README.index("# Reference")
    blocks = re.findall(r"```sh\n(.*?)```", README[start:end], flags=re.S)
    found = []
    for number, block in enumerate(blocks, start=1):
        lines = [line for line in block.splitlines()
                 if line.strip() and not line.startswith(SETUP)]
        if lines:
            found.append((f"block{number}-{lines[0].split()[0]}", "\n".join(lines)))
    return found


BIN = Path(sys.executable).parent  # the environment the tests run in: wireparse is there
PATH = f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"
BUILTINS = {"eval", "cd", "echo", "export", "test", "["}


def commands_of(script: str) -> list[str]:
    """The program each command of the script runs (the first word of each pipeline part)."""
    found = []
    for line in script.splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        starts = True
        for token in lexer:
            if token in ("|", "&&", "||", ";"):
                starts = True
            elif starts and "=" not in token:
                found.append(token)
                starts = False
    return found


def missing_tool(script: str) -> str | None:
    """A program (or Python module) the script needs that this machine does not have."""
    for command in commands_of(script):
        if command not in BUILTINS and shutil.which(command, path=PATH) is None:
            return command
    if "import pandas" in script and importlib.util.find_spec("pandas") is None:
        return "pandas"
    return None


BLOCKS = runnable_blocks()


def test_the_quick_start_is_first_and_reaches_every_main_command() -> None:
    assert "## Contents" in README[:README.index("## Quick start")]
    first_screen = README[README.index("## Quick start"):][:2500]
    for command in ("wireparse parse", "wireparse batch", "wireparse inspect"):
        assert command in first_screen, command
    assert ". .venv/bin/activate" in first_screen and ".venv/bin/wireparse" in first_screen
    assert README.rindex("## ") <= README.index("## Accuracy and speed") + 1000 or \
        README.index("## Accuracy and speed") > README.index("## More documents")
    assert len(BLOCKS) >= 6


def test_the_readme_links_the_contract_and_the_docs() -> None:
    assert "(docs/SPEC.md)" in README
    for doc in sorted((ROOT / "docs").glob("*.md")):
        assert f"(docs/{doc.name})" in README, doc.name
    spec = (ROOT / "docs" / "SPEC.md").read_text(encoding="utf-8")
    assert "`source` (added in contract v2)" in spec
    assert "../shared" not in README  # a path only the project's workspace has


@pytest.mark.parametrize(("name", "script"), BLOCKS, ids=[name for name, _ in BLOCKS])
def test_readme_commands_run_as_written(name: str, script: str, tmp_path: Path) -> None:
    tool = missing_tool(script)
    if tool is not None:
        pytest.skip(f"{tool} is not installed here")
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    env = {**os.environ, "PATH": PATH, "PAGER": "cat", "MANPAGER": "cat", "MANWIDTH": "80"}
    env.pop("WIREPARSE_DEBUG", None)
    result = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, f"{script}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr


def test_the_shipped_man_page_is_the_commands_help() -> None:
    assert (ROOT / "docs" / "wireparse.1").read_text(encoding="utf-8") == render_manpage(cli), \
        "regenerate it: python -m wireparse.manpage > docs/wireparse.1"
    for name in cli.commands:
        assert f".SS wireparse {name}" in render_manpage(cli)


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_shell_completion_scripts(shell: str) -> None:
    env = {**os.environ, "_WIREPARSE_COMPLETE": f"{shell}_source"}
    result = subprocess.run([sys.executable, "-c", "from wireparse.cli import main; main()"],
                            env=env, capture_output=True, text=True, timeout=120, check=False,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 0 and "_WIREPARSE_COMPLETE" in result.stdout


def test_completion_offers_the_commands() -> None:
    env = {**os.environ, "_WIREPARSE_COMPLETE": "bash_complete", "COMP_WORDS": "wireparse ba",
           "COMP_CWORD": "1"}
    result = subprocess.run([sys.executable, "-c", "from wireparse.cli import main; main()"],
                            env=env, capture_output=True, text=True, timeout=120, check=False,
                            stdin=subprocess.DEVNULL)
    assert "plain,batch" in result.stdout
