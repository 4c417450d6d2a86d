"""Which lane a push to main takes to the live site: content only, or the full suite first.

Editors change only ``content/``; for such a change the checks that can fail are the
content's own (`invoke check` and the publish build, which `invoke publish` runs before
it pushes anything), so it may go live without waiting for the browser tests. Anything
else (code, theme, settings, dependencies, the workflow) waits for the whole suite.

The changes are counted from the commit the live site was built from (named in the
last publish's commit message on gh-pages), not from the previous push: a code change
pushed a minute earlier, whose tests are still running or failed, is part of what a
content-only push would publish, so that push waits for the suite too. When the live
site's source is unknown (first publish, a rollback, an emergency publish of
uncommitted files, a shallow history), the lane is the full one.

Standard library only: the workflow runs it with the container's own Python before
anything is installed (``python3 -m sitetools.publish_lane``).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

CONTENT_LANE = "content"
FULL_LANE = "full"
# What editors change, and nothing else: the folder the content checks cover.
CONTENT_FOLDER = "content"
# The first line of a publish's commit message on gh-pages (sitetools.publish.publish_message).
PUBLISHED_FROM = re.compile(r"^Publish \S+ from (?P<commit>[0-9a-f]{7,40}) on ")


def is_content(path: str) -> bool:
    """Whether ``path`` (relative to the repository, as git names it) is content."""
    parts = PurePosixPath(path.replace("\\", "/")).parts
    return len(parts) > 1 and parts[0] == CONTENT_FOLDER and ".." not in parts


def lane_for(changed_paths: Iterable[str]) -> str:
    """CONTENT_LANE when every changed path is under content/, else FULL_LANE.

    A rename counts with both of its names (list them both: ``git diff --no-renames``),
    so a file moved out of content/ takes the full lane. No change at all takes the full
    lane too: there is nothing to hurry, and the suite is the safe default.
    """
    paths = [path for path in changed_paths if path]
    if paths and all(is_content(path) for path in paths):
        return CONTENT_LANE
    return FULL_LANE


def published_source(message: str) -> str | None:
    """The source commit a gh-pages commit message names, or None (a rollback, or a
    publish of uncommitted changes, names none that can be trusted)."""
    match = PUBLISHED_FROM.match(message)
    return match["commit"] if match else None


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)


def live_source(root: Path, pages_ref: str) -> str | None:
    """The full commit the site at ``pages_ref`` was built from, if this history has it."""
    message = _git(root, "log", "-1", "--format=%B", pages_ref)
    if message.returncode != 0:
        return None
    short = published_source(message.stdout)
    if short is None:
        return None
    found = _git(root, "rev-parse", "--verify", "--quiet", f"{short}^{{commit}}")
    return found.stdout.strip() if found.returncode == 0 else None


def changed_paths(root: Path, base: str, head: str = "HEAD") -> list[str] | None:
    """Every path that differs between ``base`` and ``head`` (both names of a rename)."""
    found = _git(root, "diff", "--name-only", "--no-renames", "-z", base, head)
    if found.returncode != 0:
        return None
    return [path for path in found.stdout.split("\0") if path]


def decide(root: Path, pages_ref: str, head: str = "HEAD") -> tuple[str, str]:
    """(lane, reason) for publishing ``head`` over the site at ``pages_ref``."""
    base = live_source(root, pages_ref)
    if base is None:
        return FULL_LANE, f"the commit the live site was built from is not known ({pages_ref})"
    paths = changed_paths(root, base, head)
    if paths is None:
        return FULL_LANE, f"cannot compare {base[:7]} with {head}"
    lane = lane_for(paths)
    outside = [path for path in paths if not is_content(path)]
    if lane == CONTENT_LANE:
        return lane, f"{len(paths)} file(s) changed since {base[:7]}, all in content/"
    if not paths:
        return lane, f"nothing changed since {base[:7]}"
    shown = ", ".join(outside[:3]) + (f" and {len(outside) - 3} more" if outside[3:] else "")
    return lane, f"changed since {base[:7]} outside content/: {shown}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument(
        "--pages-ref", default="origin/gh-pages", help="the published site's commit"
    )
    parser.add_argument("--head", default="HEAD", help="the commit to publish")
    parser.add_argument("--github-output", help="file to append 'lane=...' to (GitHub Actions)")
    options = parser.parse_args(argv)
    lane, reason = decide(Path.cwd(), options.pages_ref, options.head)
    print(f"{lane} lane: {reason}")
    if options.github_output:
        with open(options.github_output, "a", encoding="utf-8") as output:
            output.write(f"lane={lane}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
