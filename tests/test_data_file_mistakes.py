"""A mistake in the data file, on a copy of the whole project, is named by the data plugin.

Every plugin is on here (information sheets, photos, events, the publications library),
unlike the tiny sites of test_bali_process.py: a plugin that drew something before the
content was checked would trip over the figures that failed to load and hide the data
plugin's message behind its own (the regression of issue 20). Each mistake is fed to
the four commands an editor types, `invoke check`, `build`, `publish` and `livereload`,
on one committed copy of the project shared by the whole module; each must say exactly
``content/data/bali-process.yaml:LINE: what is wrong; what to do``, exit non-zero, and
write and publish nothing.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.editor_project import INVOKE, PROJECT_PARTS, clone_with_remote, git, run_invoke
from tests.local_server import free_port
from tests.project_copy import copy_parts

DATA = "content/data/bali-process.yaml"
# A problem line as the commands print it: file:line: message.
PROBLEM_LINE = re.compile(r"^\S+:\d+: ")
# What would mean another part of the build spoke instead of the data plugin.
OTHER_VOICES = ("Traceback", "Error:", "UndefinedError", "has no attribute", "not built:")


def _replace(text: str, old: str, new: str) -> str:
    assert old in text, f"the data file no longer has {old!r}"
    return text.replace(old, new, 1)


def _line_of(text: str, needle: str) -> int:
    """The last line holding ``needle`` (a name listed twice is reported where it is
    listed again)."""
    return max(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


# Each mistake: how to make it from the real data file, the line it is on, what the
# message says. Lines are found in the edited text, so the real file may change freely.
MISTAKES = {
    "yaml-syntax": (
        lambda text: re.sub(r"^(as_of: .*)$", r"\1: x", text, count=1, flags=re.M),
        "as_of:",
        "cannot be read here",
    ),
    "missing-colon": (
        lambda text: _replace(text, "as_of:", "as_of"),
        "as_of",
        "has no colon",
    ),
    "tab": (
        lambda text: _replace(text, "\n  states:", "\n\tstates:"),
        "\tstates:",
        "tab",
    ),
    "impossible-month": (
        lambda text: re.sub(r"^as_of: .*$", "as_of: 2015-13-45", text, count=1, flags=re.M),
        "as_of: 2015-13-45",
        "not a real date",
    ),
    "february-30": (
        lambda text: re.sub(r"^as_of: .*$", "as_of: 2015-02-30", text, count=1, flags=re.M),
        "as_of: 2015-02-30",
        "not a real date",
    ),
    "duplicate-member": (
        lambda text: _replace(text, "  states:\n", "  states:\n    - Australia\n"),
        "    - Australia",
        "twice",
    ),
    "total-not-a-number": (
        lambda text: re.sub(r"^  total: .*$", "  total: many", text, count=1, flags=re.M),
        "  total: many",
        "whole number",
    ),
}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """One committed clone of the whole project (bundled content, every plugin), pushed to
    a bare remote as the publish command wants, with the data file as committed."""
    where = tmp_path_factory.mktemp("data-mistakes")
    copy = where / "project"
    copy_parts(copy, (*PROJECT_PARTS, "content"))
    clone, _remote = clone_with_remote(copy, where)
    return clone


def _commit_mistake(project: Path, make) -> tuple[str, str]:
    """Write the mistake into the data file, commit and push it (publish refuses
    uncommitted work); return the data file's new text and the original."""
    data = project / DATA
    original = git(project, "show", f"HEAD:{DATA}") + "\n"
    text = make(original)
    data.write_text(text, encoding="utf-8")
    git(project, "commit", "--quiet", "-am", "A mistake in the data file")
    git(project, "push", "--quiet", "origin", "main")
    return text, original


def _livereload_says(project: Path) -> tuple[str, bool]:
    """Start `invoke livereload`, wait for its first build to report, stop it; return what
    it printed, and whether it wrote a page."""
    process = subprocess.Popen(
        [*INVOKE, "livereload", "--port", str(free_port())],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    said = []
    deadline = time.monotonic() + 60
    try:
        for line in process.stdout:
            said.append(line)
            if "Fix it and save again" in line or time.monotonic() > deadline:
                break
    finally:
        process.terminate()
        process.wait(timeout=10)
    return "".join(said), (project / "output" / "index.html").exists()


def _problem_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if PROBLEM_LINE.match(line)]


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_a_data_file_mistake_is_the_data_plugins_one_message_in_every_command(project, mistake):
    make, needle, says = MISTAKES[mistake]
    text, original = _commit_mistake(project, make)
    expected_start = f"{DATA}:{_line_of(text, needle)}: "
    published_before = git(project, "ls-remote", "origin", "gh-pages")
    try:
        # Two at a time: the check and the publish read the content with no cache; the
        # build and the preview share the content cache, so they take turns.
        with ThreadPoolExecutor(2) as pool:
            checked = pool.submit(lambda: [run_invoke(project, c) for c in ("check", "publish")])
            built = pool.submit(lambda: (run_invoke(project, "build"), _livereload_says(project)))
            check, publish = checked.result()
            build, (livereload_output, wrote_page) = built.result()
        results = {"check": check, "build": build, "publish": publish}
    finally:
        (project / DATA).write_text(original, encoding="utf-8")
        git(project, "commit", "--quiet", "-am", "The data file as it was")
        git(project, "push", "--quiet", "origin", "main")

    outputs = {name: result.stdout + result.stderr for name, result in results.items()}
    outputs["livereload"] = livereload_output
    for command, output in outputs.items():
        problem = _problem_lines(output)
        assert len(problem) == 1, f"{command} said:\n{output}"
        assert problem[0].startswith(expected_start), f"{command} said:\n{output}"
        assert says in problem[0], f"{command} said:\n{output}"
        for voice in OTHER_VOICES:
            assert voice not in output, f"{command} said:\n{output}"
    for command, result in results.items():
        assert result.returncode != 0, command
    assert not wrote_page
    assert not (project / "output" / "index.html").exists()
    assert git(project, "ls-remote", "origin", "gh-pages") == published_before == ""
