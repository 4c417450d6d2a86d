"""Publish the site to GitHub Pages in one step that either fully happens or does not.

Order matters: check the content, build with publishconf.py into a fresh temporary
folder (never output/, which may hold drafts from a preview), check what was built,
and only then let ghp-import commit and push. Any failure before the push leaves the
gh-pages branch exactly as it was.

A rollback holds until someone publishes on purpose. The daily automatic publish (CI's
schedule, ``daily``) exists so that scheduled news goes live on its day; it must
not undo a rollback someone made on purpose, so while gh-pages's newest commit is a
rollback it publishes nothing and says why. Any other publish (an editor's ``invoke
publish``, CI after a push to main or "Run workflow") ends the rollback, with a commit
even when no file changed, and the daily publish goes on from there.
"""

from __future__ import annotations

import datetime
import ipaddress
import logging
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from sitetools.build import PUBLISH_SETTINGS, ROOT, BuildFailed, build_site
from sitetools.failures import EditorFailure
from sitetools.gh_pages import (
    DEFAULT_BRANCH,
    DEFAULT_REMOTE,
    PagesBranchError,
    fetch_branch,
    git,
    import_site,
    restored_by,
)
from sitetools.settings import read_settings

logger = logging.getLogger(__name__)

# What every publish must contain; without these the site or its feeds are broken.
REQUIRED_FILES = (
    "index.html",
    "404.html",
    "sitemap.xml",
    "feeds/all.atom.xml",
    "feeds/all.rss.xml",
)
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# Folders whose changes make a publish differ from the commit it names.
SOURCE_PATHS = ("content", "theme", "plugins", "pelicanconf.py", "publishconf.py")


class PublishFailed(EditorFailure, RuntimeError):
    """Nothing was published; the message says what stopped it and what to do."""


@dataclass
class Publication:
    """What a publish did: ``commit`` is the new gh-pages commit (None when nothing was
    pushed); ``held`` names the rollback the daily publish left in place;
    ``ended_rollback`` says this publish ended one; ``to_push`` lists the git commands
    that push what an emergency publish published."""

    commit: str | None = None
    held: str | None = None
    ended_rollback: bool = False
    to_push: list[str] = field(default_factory=list)


def site_url(root: Path = ROOT, siteurl: str | None = None) -> str:
    """The public address: ``siteurl`` if given, else publishconf.py's SITEURL (which
    reads the SITEURL environment variable)."""
    url = (siteurl or read_settings(root, PUBLISH_SETTINGS)["SITEURL"] or "").rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PublishFailed(
            f"the site address {url!r} is not a full web address; "
            "set SITEURL (or --siteurl) to e.g. https://rso-baliprocess.github.io"
        )
    return url


def cname_for(siteurl: str) -> str | None:
    """The custom domain GitHub Pages should serve, if the address is one.

    A site at the root of its own domain needs a CNAME file in every publish; a
    github.io address, a project path or a local address does not.
    """
    parts = urlsplit(siteurl)
    host = parts.hostname or ""
    if parts.path.strip("/") or host.endswith(".github.io") or host == "localhost":
        return None
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return host
    return None


def verify_output(output: Path, siteurl: str) -> list[str]:
    """Problems with a publish build: missing files, drafts, or addresses that are not
    absolute addresses on ``siteurl`` (so feeds and the sitemap would point elsewhere)."""
    problems = [
        f"{name} was not built; check the build messages above"
        for name in REQUIRED_FILES
        if not (output / name).is_file()
    ]
    if (output / "drafts").exists():
        problems.append("drafts/ was built; publishconf.py must set DRAFT_SAVE_AS = ''")
    sitemap = output / "sitemap.xml"
    if sitemap.is_file():
        locations = [loc.text or "" for loc in ET.parse(sitemap).iter(f"{SITEMAP_NS}loc")]
        if not locations:
            problems.append("sitemap.xml lists no pages")
        problems += [
            f"sitemap.xml lists {loc!r}, which is not on {siteurl}; check SITEURL"
            for loc in locations
            if not loc.startswith(siteurl + "/")
        ]
    return problems


def describe_source(root: Path) -> str:
    """Which commit of the project is being published, and whether it has local edits."""
    commit = git(root, "rev-parse", "--short", "HEAD", check=False) or "an uncommitted project"
    return f"{commit} with uncommitted changes" if uncommitted(root) else commit


def publish_message(siteurl: str, source: str, now: datetime.datetime | None = None) -> str:
    """The gh-pages commit message: which address, from which commit, when. The publish
    lane (sitetools/publish_lane.py) reads the commit back from it."""
    now = now or datetime.datetime.now(datetime.UTC)
    return f"Publish {siteurl} from {source} on {now:%Y-%m-%d %H:%M} UTC"


def uncommitted(root: Path) -> list[str]:
    """Source files (content, theme, plugins, settings) with changes not committed."""
    changed = git(
        root,
        "ls-files",
        "--modified",
        "--deleted",
        "--others",
        "--exclude-standard",
        "--",
        *SOURCE_PATHS,
        check=False,
    ).splitlines()
    staged = git(root, "diff", "--cached", "--name-only", "--", *SOURCE_PATHS, check=False)
    return sorted(set(changed) | set(staged.splitlines()))


def unpushed(root: Path, remote: str = DEFAULT_REMOTE) -> tuple[int, str]:
    """How many commits of the current branch its remote branch lacks, and the branch
    name. The remote branch is the upstream, else ``remote``'s branch of the same name
    (a CI checkout may have no upstream); with neither, no commit is pushed yet."""
    branch = git(root, "rev-parse", "--abbrev-ref", "HEAD", check=False) or "main"
    upstream = git(root, "rev-parse", "--abbrev-ref", "@{upstream}", check=False)
    same_name = f"refs/remotes/{remote}/{branch}"
    if not upstream and git(root, "rev-parse", "--verify", "--quiet", same_name, check=False):
        upstream = same_name
    span = f"{upstream}..HEAD" if upstream else "HEAD"
    count = git(root, "rev-list", "--count", span, check=False)
    return int(count or 0), branch


@dataclass(frozen=True)
class Difference:
    """One way this copy differs from what is pushed: what, and the git commands that
    push it (``fix`` says what they do)."""

    what: str
    fix: str
    commands: tuple[str, ...]

    def __str__(self) -> str:
        return "\n".join([f"{self.what}. {self.fix}:", *self.commands])


def source_differences(root: Path, remote: str) -> list[Difference]:
    """Why this copy differs from what the automatic publish builds (its pushed branch);
    each reason with the git commands that fix it. Empty when they match."""
    reasons = []
    changed = uncommitted(root)
    if changed:
        shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if changed[3:] else "")
        reasons.append(
            Difference(
                f"these files have changes that are not committed: {shown}",
                "Commit and push them",
                (
                    f"  git add {' '.join(SOURCE_PATHS)}",
                    '  git commit -m "Say what you changed"',
                    "  git push",
                ),
            )
        )
    count, branch = unpushed(root, remote)
    if count and not changed:
        reasons.append(
            Difference(
                f"{count} commit(s) on {branch} are not pushed",
                "Push them",
                (f"  git push {remote} {branch}",),
            )
        )
    return reasons


def publish(
    root: Path = ROOT,
    remote: str = DEFAULT_REMOTE,
    branch: str = DEFAULT_BRANCH,
    siteurl: str | None = None,
    cname: str | None = None,
    emergency: bool = False,
    debug: bool = False,
    daily: bool = False,
) -> Publication:
    """Check, build and push the site to ``remote``/``branch``; say what was done
    (``commit`` None when the site built is exactly what is already published).

    The daily automatic publish rebuilds from the pushed main branch, so by default the
    source must match it: no uncommitted changes, no unpushed commits. ``emergency``
    publishes anyway, with a warning that the next automatic publish replaces it.
    ``daily`` is that daily publish: it leaves a rolled-back site as it is.
    ``cname`` None means "work it out from the site address"; "" means no CNAME file.
    Raises PublishFailed, with nothing pushed, if any step fails.
    """
    siteurl = site_url(root, siteurl)
    differences = source_differences(root, remote)
    if differences and not emergency:
        raise PublishFailed(
            "\n".join(
                [
                    *(f"Not published: {reason}" for reason in differences),
                    "The daily automatic publish builds from what is pushed, so it would "
                    "undo a publish of anything else. For an emergency, publish anyway "
                    "with: invoke publish --emergency",
                ]
            )
        )
    for reason in differences:
        logger.warning("Publishing anyway (--emergency): %s.", reason.what)
    try:
        live = fetch_branch(root, remote, branch)
    except PagesBranchError as error:
        raise PublishFailed(f"Nothing was published: {error}") from None
    rollback = live and restored_by(root, live)
    if rollback and daily:
        return Publication(held=live)
    with tempfile.TemporaryDirectory(prefix="rso-publish-") as folder:
        output = Path(folder) / "output"
        logger.info("Checking and building %s into %s", siteurl, output)
        # The build is the check: it reads everything, reports every mistake in the
        # content before it writes a page (as `invoke check` does, with the same rules),
        # and checks as it will be published (a link to an article scheduled for later
        # works in a preview, not in a publish before that day).
        try:
            build_site(
                PUBLISH_SETTINGS, output, root, env={"SITEURL": siteurl}, quiet=True, debug=debug
            )
        except BuildFailed as error:
            if error.problems:
                message = _nothing_published("the content has problems", error.problems)
            else:
                message = _nothing_published("the site did not build", [str(error)])
            raise PublishFailed(message) from None
        problems = verify_output(output, siteurl)
        if problems:
            raise PublishFailed(_nothing_published("the built site is incomplete", problems))
        message = publish_message(siteurl, describe_source(root))
        domain = cname_for(siteurl) if cname is None else cname or None
        try:
            commit = import_site(
                root, output, message, remote, branch, domain, keep_unchanged=bool(rollback)
            )
        except PagesBranchError as error:
            raise PublishFailed(_nothing_published("the push failed", [str(error)])) from None
    to_push = [command for reason in differences for command in reason.commands]
    return Publication(commit, ended_rollback=bool(rollback), to_push=to_push)


def command_options(remote: str, branch: str) -> str:
    """The options that name ``remote`` and ``branch`` on a command line, when they are
    not the defaults (so advice to run a command names the same branch)."""
    options = [f"--remote {remote}"] if remote != DEFAULT_REMOTE else []
    options += [f"--branch {branch}"] if branch != DEFAULT_BRANCH else []
    return "".join(f" {option}" for option in options)


def publish_on_purpose_advice(remote: str, branch: str) -> str:
    """How to end a rollback: any publish but the daily automatic one."""
    return (
        f"To publish again on purpose: invoke publish{command_options(remote, branch)} "
        '(or push to main, or "Run workflow" under Actions on GitHub).'
    )


def publication_message(done: Publication, remote: str, branch: str) -> str:
    """What `invoke publish` says at the end: one outcome, then what to do next."""
    where = f"{remote}/{branch}"
    if done.held:
        return (
            f"Not published: {where} is rolled back ({done.held[:10]}), and the daily "
            "automatic publish leaves a rollback as it is. "
            + publish_on_purpose_advice(remote, branch)
        )
    if done.commit is None:
        lines = [f"Already published: {where} has exactly this site; nothing to do."]
    else:
        ended = " This ends the rollback." if done.ended_rollback else ""
        lines = [
            f"Published {done.commit[:10]} to {where}.{ended} "
            f"Undo with: invoke rollback{command_options(remote, branch)}"
        ]
    if done.to_push:
        lines += [
            "The next automatic publish builds from what is pushed and would replace this "
            "one; commit and push the same change now:",
            *done.to_push,
        ]
    return "\n".join(lines)


def rollback_message(commit: str, remote: str, branch: str) -> str:
    """What `invoke rollback` says: the site stays rolled back, and how to end that."""
    return (
        f"Rolled back: {remote}/{branch} is now {commit[:10]}. It stays rolled back: the "
        "daily automatic publish leaves it as it is, so news scheduled for later waits too. "
        + publish_on_purpose_advice(remote, branch)
    )


def _nothing_published(reason: str, details: list[str]) -> str:
    return "\n".join([*details, f"Nothing was published: {reason}. Fix the above and try again."])
