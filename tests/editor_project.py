"""Helpers for tests of the editor commands: a project copy with its tooling, in git.

The editor commands run against a whole project (tasks.py, sitetools/, content ...), so
these tests copy one, commit it to a real git repository with a bare repository as its
remote, and work in a clone, exactly as an editor's machine or CI would.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.project_copy import copy_parts
from tests.tiny_site import DEFAULT_FILES, TINY_ARTICLE, write_files

INVOKE = [sys.executable, "-m", "invoke"]
TOOLING = ("tasks.py", "sitetools")
# Everything a project has but its content.
PROJECT_PARTS = ("pelicanconf.py", "publishconf.py", "theme", "plugins", "node_modules", *TOOLING)


def tiny_project(folder: Path, files: dict | None = None) -> Path:
    """A whole project (tooling, settings, theme, plugins) in ``folder`` with a tiny
    content folder of our own, so a test can say exactly what the content holds."""
    folder.mkdir(parents=True, exist_ok=True)
    copy_parts(folder, PROJECT_PARTS)
    tiny = {"news/2020/2020-02-01-a-first-tiny-story.md": TINY_ARTICLE}
    write_files(folder / "content", {**DEFAULT_FILES, **tiny, **(files or {})})
    return folder


def isolate_git(monkeypatch, home: Path) -> None:
    """No global or system git config, an identity from the environment: a clean CI box."""
    home.mkdir(parents=True, exist_ok=True)
    empty = home / "gitconfig"
    empty.touch()
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Test Editor")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "editor@example.org")
    monkeypatch.delenv("SITEURL", raising=False)


def add_tooling(copy: Path) -> Path:
    """Give a ``site_copy`` its own tasks.py and sitetools/, so invoke runs on the copy."""
    copy_parts(copy, TOOLING)
    return copy


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout.strip()


def clone_with_remote(copy: Path, where: Path) -> tuple[Path, Path]:
    """Commit ``copy`` to a new bare remote and clone it; return (clone, bare remote)."""
    remote = where / "remote.git"
    git(where, "init", "--quiet", "--bare", "--initial-branch=main", str(remote))
    git(copy, "init", "--quiet", "--initial-branch=main")
    git(copy, "add", "--all")
    git(copy, "commit", "--quiet", "-m", "The project")
    git(copy, "push", "--quiet", str(remote), "main")
    clone = where / "clone"
    git(where, "clone", "--quiet", str(remote), str(clone))
    return clone, remote


def run_invoke(cwd: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run ``invoke ARGS`` in ``cwd`` as an editor would type it."""
    return subprocess.run(
        [*INVOKE, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "COLUMNS": "200"},
    )
