"""Lay out the two throwaway projects the benchmark builds: ours and stock Pelican's.

Ours copies what a build of this site reads (settings, theme, plugins, the data file,
robots.txt) and adds the synthetic news; the project's own pages are left out because
they link to real articles the corpus does not have. Stock gets the same news and a
settings file that only names the paths, the ``simple`` theme and no plugins (an empty
``PLUGINS`` stops Pelican from auto-loading installed ones such as pelican-sitemap).
"""

from __future__ import annotations

import importlib
import shutil
import sys
from pathlib import Path

from sitetools.build import DEVELOP_SETTINGS, ROOT, pelican_command

# The whole project, as tests copy it to change and build it.
SITE_PARTS = ("pelicanconf.py", "publishconf.py", "theme", "plugins", "content")
# What a build of this site reads besides its pages and news.
OUR_PARTS = (
    "pelicanconf.py",
    "publishconf.py",
    "theme",
    "plugins",
    "content/data",
    "content/extra",
)
STOCK_SETTINGS = "stockconf.py"
STOCK_CONF = '''"""Stock Pelican: default settings but paths, the simple theme, no plugins."""

PATH = "content"
OUTPUT_PATH = "output"
THEME = "simple"
PLUGINS = []
TIMEZONE = "Asia/Bangkok"
'''


def copy_parts(target: Path, parts: tuple[str, ...] = OUR_PARTS, source: Path = ROOT) -> None:
    """Copy ``parts`` of the project at ``source`` into ``target``, leaving caches behind."""
    for part in parts:
        origin = source / part
        destination = target / part
        destination.parent.mkdir(parents=True, exist_ok=True)
        if origin.is_dir():
            shutil.copytree(
                origin, destination, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
            )
        elif origin.exists():
            shutil.copy2(origin, destination)


def make_ours(target: Path, news: Path) -> Path:
    """Our site with the synthetic news in content/news; return the project folder."""
    copy_parts(target)
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
    """Build stock Pelican as its quickstart would, without our strictness flags."""
    return pelican_command(STOCK_SETTINGS, project / "output", project, strict=False)


def import_plugin(module: str, project: Path = ROOT):
    """Import one of ``project``'s plugin modules, as Pelican would find it.

    Plugins sit on Pelican's PLUGIN_PATHS and are not installed, so a report that
    calls or times a plugin directly puts that folder on the import path first.
    """
    plugins = str(project / "plugins")
    if plugins not in sys.path:
        sys.path.insert(0, plugins)
    return importlib.import_module(module)
