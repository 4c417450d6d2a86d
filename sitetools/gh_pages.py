"""The gh-pages branch: put a built site on it with ghp-import, and roll it back.

Only git and ghp-import touch the repository. Every publish and every rollback is a new
commit on top of what the remote already has, pushed without force, so the branch's
history is the list of everything ever published and any of it can be restored. If a
step fails, the local branch is put back where it was and the remote never moved.

A rollback commit names the publish it restores (``Restores:``). While the branch's
newest commit is a rollback, the site is "rolled back": that is read from the branch
itself, so any machine that publishes (an editor's, or CI's fresh checkout) sees it.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

from sitetools.failures import EditorFailure

logger = logging.getLogger(__name__)

DEFAULT_REMOTE = "origin"
DEFAULT_BRANCH = "gh-pages"
# A rollback commit names the publish it restores, so the next rollback goes further back.
RESTORES_TRAILER = "Restores:"
# Used only when neither the environment nor git config names whoever is publishing.
FALLBACK_IDENTITY = {"name": "RSO website publisher", "email": "website@localhost"}


class PagesBranchError(EditorFailure, RuntimeError):
    """The branch could not be updated; the remote is as it was. The message says why."""


def git(root: Path, *args: str, check: bool = True) -> str:
    """Run git in ``root`` and return its output, stripped; raise on failure if ``check``."""
    result = subprocess.run(
        ["git", *args], cwd=root, env=git_env(root), capture_output=True, text=True
    )
    if check and result.returncode != 0:
        raise PagesBranchError(f"git {' '.join(args)} failed:\n{result.stderr.strip()}")
    return result.stdout.strip()


def git_env(root: Path) -> dict[str, str]:
    """The environment for git and ghp-import, with an identity to commit as.

    A fresh CI machine has no git identity, and a publish must not fail for that.
    """
    env = dict(os.environ)
    for part in ("name", "email"):
        configured = subprocess.run(
            ["git", "config", f"user.{part}"], cwd=root, capture_output=True, text=True
        ).stdout.strip()
        for role in ("AUTHOR", "COMMITTER"):
            key = f"GIT_{role}_{part.upper()}"
            if not env.get(key) and not configured:
                env[key] = FALLBACK_IDENTITY[part]
    return env


def _ref(root: Path, ref: str) -> str | None:
    """The commit ``ref`` names, or None if there is no such ref."""
    return git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False) or None


def _set_ref(root: Path, ref: str, commit: str | None) -> None:
    if commit:
        git(root, "update-ref", ref, commit)
    elif _ref(root, ref):
        git(root, "update-ref", "-d", ref)


def fetch_branch(root: Path, remote: str, branch: str) -> str | None:
    """Bring the remote's ``branch`` into ``remote/branch`` and return its commit.

    ghp-import builds on ``remote/branch`` when it exists, so fetching first means a new
    publish always goes on top of what is really published, even if someone else
    published since this copy last looked. None if the remote has no such branch yet.
    """
    address = git(root, "remote", "get-url", remote, check=False)
    if not address:
        raise PagesBranchError(
            f"there is no git remote called {remote!r}; add it with "
            f"`git remote add {remote} URL` or choose another with --remote"
        )
    asked = subprocess.run(
        ["git", "ls-remote", "--heads", remote, f"refs/heads/{branch}"],
        cwd=root,
        env=git_env(root),
        capture_output=True,
        text=True,
    )
    if asked.returncode != 0:
        raise PagesBranchError(
            f"the git remote {remote!r} ({address}) cannot be reached: "
            f"{_first_line(asked.stderr)}; check your connection, and the address with "
            "`git remote -v`"
        )
    listed = asked.stdout.strip()
    tracking = f"refs/remotes/{remote}/{branch}"
    if not listed:
        _set_ref(root, tracking, None)
        return None
    git(root, "fetch", "--quiet", remote, f"+refs/heads/{branch}:{tracking}")
    return _ref(root, tracking)


def _first_line(text: str) -> str:
    """The first line git wrote, without its "fatal:" (the rest repeats it at length)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    first = lines[0] if lines else "git gave no reason"
    return first.removeprefix("fatal:").strip()


def remote_commit(root: Path, remote: str, branch: str) -> str | None:
    """What the remote's ``branch`` points at right now (asks the remote)."""
    listed = git(root, "ls-remote", "--heads", remote, f"refs/heads/{branch}")
    return listed.split()[0] if listed else None


def import_site(
    root: Path,
    output: Path,
    message: str,
    remote: str = DEFAULT_REMOTE,
    branch: str = DEFAULT_BRANCH,
    cname: str | None = None,
    keep_unchanged: bool = False,
) -> str | None:
    """Commit ``output`` on top of the published ``branch`` and push it; return the
    commit, or None when the files are exactly those already published (then nothing is
    committed or pushed, so the branch's history lists only real changes), unless
    ``keep_unchanged``: a publish that ends a rollback is committed even then, since
    the commit itself says the site is no longer rolled back.

    ghp-import writes ``.nojekyll`` (-n) so GitHub Pages serves paths starting with "_",
    and a CNAME file when ``cname`` is given, since GitHub forgets a custom domain when
    a push removes that file. The push is without --force: if the remote moved, it is
    refused and nothing changes there.
    """
    published = fetch_branch(root, remote, branch)
    local = f"refs/heads/{branch}"
    before = _ref(root, local)
    command = [sys.executable, "-m", "ghp_import", "-n", "-r", remote, "-b", branch]
    command += ["-m", message]
    if cname:
        command += ["-c", cname]
    command.append(str(output))
    result = subprocess.run(command, cwd=root, env=git_env(root), capture_output=True, text=True)
    after = _ref(root, local)
    if result.returncode != 0 or after in (None, before):
        _set_ref(root, local, before)
        raise PagesBranchError(
            f"ghp-import could not commit the site for {remote}/{branch}; "
            f"{remote}/{branch} is still {_short(published)}.\n"
            f"{(result.stdout + result.stderr).strip()}".rstrip()
        )
    if published and not keep_unchanged and _tree(root, after) == _tree(root, published):
        _set_ref(root, local, before)
        logger.debug("%s/%s already has exactly these files", remote, branch)
        return None
    pushed = subprocess.run(
        ["git", "push", "--quiet", remote, f"{after}:refs/heads/{branch}"],
        cwd=root,
        env=git_env(root),
        capture_output=True,
        text=True,
    )
    now_published = remote_commit(root, remote, branch)
    if pushed.returncode != 0 or now_published != after:
        _set_ref(root, local, before)
        raise PagesBranchError(
            f"the push to {remote}/{branch} was refused; {remote}/{branch} is still "
            f"{_short(now_published)}.\n{pushed.stderr.strip()}".rstrip()
        )
    if published and git(root, "rev-parse", f"{after}^") != published:
        logger.warning("The new publish %s does not follow %s", after, published)
    _set_ref(root, f"refs/remotes/{remote}/{branch}", after)
    logger.debug("Published %s to %s/%s", _short(after), remote, branch)
    return after


def _tree(root: Path, commit: str) -> str:
    return git(root, "rev-parse", f"{commit}^{{tree}}")


def _short(commit: str | None) -> str:
    return commit[:10] if commit else "absent"


def restored_by(root: Path, commit: str) -> str | None:
    """The publish a rollback commit restored, or None if ``commit`` is a publish."""
    for line in git(root, "log", "-1", "--format=%B", commit).splitlines():
        if line.startswith(RESTORES_TRAILER):
            return line.removeprefix(RESTORES_TRAILER).strip()
    return None


def _live_publish(root: Path, commit: str) -> str:
    """The publish whose files ``commit`` shows: the one a rollback restored, or the
    earliest of the commits before it with the very same files (a publish that ended a
    rollback without changing a file shows the rollback's publish)."""
    while True:
        restored = restored_by(root, commit)
        if restored:
            return restored
        parent = git(root, "rev-parse", "--verify", "--quiet", f"{commit}^", check=False)
        if not parent or _tree(root, parent) != _tree(root, commit):
            return commit
        commit = parent


def previous_publish(root: Path, current: str) -> str:
    """The publish before the one now live: the nearest earlier commit with other files.

    After a rollback the live files are an older publish's, so the search starts from
    that publish; each rollback goes one step further back. Publishes that changed no
    file are skipped, as there would be nothing to undo.
    """
    start = _live_publish(root, current)
    live_tree = _tree(root, current)
    history = git(root, "rev-list", "--first-parent", f"{start}^", check=False).split()
    for commit in history:
        if _tree(root, commit) != live_tree:
            return commit
    raise PagesBranchError("there is no earlier publish with different files to go back to")


def rollback(
    root: Path,
    remote: str = DEFAULT_REMOTE,
    branch: str = DEFAULT_BRANCH,
    to: str | None = None,
) -> str:
    """Publish again the files of the previous publish (or of ``to``); return the commit.

    The rollback is a new commit whose files are the earlier publish's, on top of the
    live one, pushed without force: history keeps both, and a rollback can itself be
    undone by publishing again. Until then the site stays rolled back: a scheduled
    publish (``publish(daily=True)``) leaves it as it is.
    """
    current = fetch_branch(root, remote, branch)
    if current is None:
        raise PagesBranchError(f"nothing has been published to {remote}/{branch} yet")
    if to:
        target = _ref(root, to)
        if target is None or not _is_ancestor(root, target, current):
            raise PagesBranchError(
                f"{to!r} is not an earlier publish on {remote}/{branch}; "
                f"list them with `git log {remote}/{branch}`"
            )
    else:
        target = previous_publish(root, current)
    subject = git(root, "log", "-1", "--format=%s", target)
    message = (
        f"Roll back to the publish of {_short(target)}\n\n{subject}\n\n{RESTORES_TRAILER} {target}"
    )
    commit = git(root, "commit-tree", f"{target}^{{tree}}", "-p", current, "-m", message)
    git(root, "push", "--quiet", remote, f"{commit}:refs/heads/{branch}")
    _set_ref(root, f"refs/heads/{branch}", commit)
    _set_ref(root, f"refs/remotes/{remote}/{branch}", commit)
    logger.debug("Rolled %s/%s back to %s", remote, branch, _short(target))
    return commit


def _is_ancestor(root: Path, ancestor: str, descendant: str) -> bool:
    result = subprocess.run(
        ["git", "merge-base", "--is-ancestor", ancestor, descendant], cwd=root, capture_output=True
    )
    return result.returncode == 0
