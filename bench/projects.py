"""Lay out the two throwaway projects the benchmark builds: ours and stock Pelican's.

Ours copies what a build of this site reads (settings, theme, the data file,
robots.txt; the plugins are the installed rso_plugins package) and adds the synthetic
news; the project's own pages are left out because they link to real articles the
corpus does not have. Stock gets the same news and a
settings file that only names the paths, the ``simple`` theme and no plugins (an empty
``PLUGINS`` stops Pelican from auto-loading installed ones such as pelican-sitemap).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from sitetools.build import DEVELOP_SETTINGS, pelican_command
from tests.project_copy import OUR_PARTS, copy_parts

STOCK_SETTINGS = "stockconf.py"
STOCK_CONF = '''"""Stock Pelican: default settings but paths, the simple theme, no plugins."""

PATH = "content"
OUTPUT_PATH = "output"
THEME = "simple"
PLUGINS = []
TIMEZONE = "Asia/Bangkok"
'''


def make_ours(target: Path, news: Path) -> Path:
    """Our site with the synthetic news in content/news; return the project folder."""
    copy_parts(target, OUR_PARTS)
    shutil.copytree(news, target / "content" / "news")
    return target


def make_stock(target: Path, news: Path) -> Path:
    """Stock Pelican with the same news; return the project folder."""
    (target / "content").mkdir(parents=True)
    shutil.copytree(news, target / "content" / "news")
    (target / STOCK_SETTINGS).write_text(STOCK_CONF, encoding="utf-8")
    return target


def our_command(project: Path, settings: str = DEVELOP_SETTINGS) -> list[str]:
    """Build ours exactly as `invoke build` (or, with publishconf.py, a publish) does."""
    return pelican_command(settings, project / "output", project)


def stock_command(project: Path) -> list[str]:
    """Build stock Pelican as its quickstart would: `python -m pelican`, without our
    runner or strictness flags."""
    command = pelican_command(STOCK_SETTINGS, project / "output", project, strict=False)
    return [sys.executable, "-m", "pelican", *command[3:]]
