"""Publish the site to GitHub Pages in one step that either fully happens or does not.

Order matters: check the content, build with publishconf.py into a fresh temporary
folder (never output/, which may hold drafts from a preview), check what was built,
and only then let ghp-import commit and push. Any failure before the push leaves the
gh-pages branch exactly as it was.
"""

from __future__ import annotations

import datetime
import ipaddress
import logging
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

from sitetools.build import PUBLISH_SETTINGS, ROOT, BuildFailed, build_site
from sitetools.content_check import check_site
from sitetools.gh_pages import DEFAULT_BRANCH, DEFAULT_REMOTE, PagesBranchError, git, import_site
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


class PublishFailed(RuntimeError):
    """Nothing was published; the message says what stopped it and what to do."""


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


def source_differences(root: Path, remote: str) -> list[str]:
    """Why this copy differs from what the automatic publish builds (its pushed branch);
    each reason with the git commands that fix it. Empty when they match."""
    reasons = []
    changed = uncommitted(root)
    if changed:
        shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if changed[3:] else "")
        reasons.append(
            f"these files have changes that are not committed: {shown}. Commit and push them:\n"
            f"  git add {' '.join(SOURCE_PATHS)}\n"
            '  git commit -m "Say what you changed"\n'
            "  git push"
        )
    count, branch = unpushed(root, remote)
    if count and not changed:
        reasons.append(
            f"{count} commit(s) on {branch} are not pushed. Push them:\n"
            f"  git push {remote} {branch}"
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
) -> str | None:
    """Check, build and push the site to ``remote``/``branch``; return the new commit,
    or None when the site built is exactly what is already published.

    The daily automatic publish rebuilds from the pushed main branch, so by default the
    source must match it: no uncommitted changes, no unpushed commits. ``emergency``
    publishes anyway, with a warning that the next automatic publish replaces it.
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
        logger.warning(
            "Publishing anyway (--emergency): %s\nThe next automatic publish, built from "
            "what is pushed, will replace this one.",
            reason.split("\n", 1)[0],
        )
    problems = check_site(root, debug=debug).problems
    if problems:
        raise PublishFailed(_nothing_published("the content has problems", problems))
    with tempfile.TemporaryDirectory(prefix="rso-publish-") as folder:
        output = Path(folder) / "output"
        logger.info("Building %s into %s", siteurl, output)
        try:
            build_site(
                PUBLISH_SETTINGS, output, root, env={"SITEURL": siteurl}, quiet=True, debug=debug
            )
        except BuildFailed as error:
            raise PublishFailed(
                _nothing_published("the site did not build", [str(error)])
            ) from None
        problems = verify_output(output, siteurl)
        if problems:
            raise PublishFailed(_nothing_published("the built site is incomplete", problems))
        message = publish_message(siteurl, describe_source(root))
        domain = cname_for(siteurl) if cname is None else cname or None
        try:
            return import_site(root, output, message, remote, branch, domain)
        except PagesBranchError as error:
            raise PublishFailed(_nothing_published("the push failed", [str(error)])) from None


def _nothing_published(reason: str, details: list[str]) -> str:
    return "\n".join([*details, f"Nothing was published: {reason}. Fix the above and try again."])
