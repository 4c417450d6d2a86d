"""One hash of everything, besides each source file, that shapes cached content.

Pelican's content cache checks each article's own file and nothing else. What it stores
(at the default "reader" layer, the Markdown's HTML and metadata; at the "generator"
layer, whole articles after plugins have run) also depends on:

- the settings (Markdown extensions, slugs, dates, ...);
- the code of every loaded plugin, since plugins swap readers and edit content;
- the versions of the libraries that turn text into HTML;
- data files that plugins write into content (``CONTENT_CACHE_INPUTS``, relative to
  the content folder, e.g. the Bali Process figures).

Templates are not included on purpose: Pelican renders every page from its templates
on every build, cache or no cache, so a template change can never be stale, and
leaving them out keeps theme work on warm builds.
"""

from __future__ import annotations

import hashlib
import os
import pprint
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

from rso_plugins.library_versions import installed_version

# Libraries whose output is stored in the cache (Jinja: compiled templates).
CONVERTERS = ("pelican", "markdown", "docutils", "pygments", "jinja2")
# Object reprs carry memory addresses, which differ on every run.
ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def settings_text(settings: dict) -> str:
    """The settings as stable text: sorted, without memory addresses or CACHE_PATH.

    CACHE_PATH is left out because the guard itself points it at the fingerprint.
    """
    relevant = {key: value for key, value in settings.items() if key != "CACHE_PATH"}
    return ADDRESS.sub("", pprint.pformat(relevant, width=200))


def plugin_files(plugins: Iterable[ModuleType]) -> list[Path]:
    """Every Python file of each plugin: its whole top-level package if it is in one."""
    files: set[Path] = set()
    packages: set[Path] = set()
    for plugin in plugins:
        origin = getattr(plugin, "__file__", None)
        if not origin:
            continue
        origin = Path(origin)
        if origin.name != "__init__.py":
            files.add(origin)
            continue
        # The whole top-level package: a plugin also runs code its package shares
        # (rso_plugins/internals.py, other plugins it imports).
        package = origin.parent
        while (package.parent / "__init__.py").is_file():
            package = package.parent
        if package not in packages:  # rso_plugins holds most plugins: walk it once
            packages.add(package)
            files.update(package.rglob("*.py"))
    return sorted(files)


def input_files(settings: dict) -> list[Path]:
    """The data files named in CONTENT_CACHE_INPUTS, relative to the content folder."""
    return [Path(settings["PATH"], name) for name in settings.get("CONTENT_CACHE_INPUTS", ())]


def _versions() -> str:
    found = []
    for name in CONVERTERS:
        version = installed_version(name)
        found.append(f"{name}=={version}" if version else f"{name} absent")
    return f"python {sys.version_info[:3]}; " + "; ".join(found)


def build_fingerprint(settings: dict, plugins: Iterable[ModuleType]) -> str:
    """A hex digest that changes whenever cached content could have changed."""
    digest = hashlib.sha256()
    digest.update(settings_text(settings).encode())
    digest.update(_versions().encode())
    for path in [*plugin_files(plugins), *input_files(settings)]:
        digest.update(os.fsencode(path))
        try:
            digest.update(path.read_bytes())
        except OSError:
            # A missing input is part of the state too; its plugin reports it.
            digest.update(b"\0missing")
    return digest.hexdigest()
